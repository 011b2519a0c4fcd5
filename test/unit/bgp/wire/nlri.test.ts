/** VPN NLRI details: label stacks and their bottom-of-stack bit, withdrawal label fields, RD types. */
import { strict as assert } from 'node:assert';
import { formatIpv4Prefix, formatRd } from '../../../../bgp/types/index.js';
import { decodeMessage, type UpdateMessage } from '../../../../bgp/wire/index.js';

const ctx = { fourOctetAs: true };

function update(attrs: string): UpdateMessage {
  const body = Buffer.from('0000' + (attrs.length / 2).toString(16).padStart(4, '0') + attrs, 'hex');
  const h = Buffer.alloc(19, 0xff);
  h.writeUInt16BE(19 + body.length, 16);
  h[18] = 2;
  const m = decodeMessage(Buffer.concat([h, body]), ctx);
  assert.equal(m.type, 'update');
  return m as UpdateMessage;
}

const ORIGIN_ASPATH = '40010100' + '400200';
const reach = (nlri: string) => {
  const v = '000180' + '0c' + '0000000000000000' + '0a000001' + '00' + nlri;
  return '800e' + (v.length / 2).toString(16).padStart(2, '0') + v;
};
const unreach = (nlri: string, afiSafi = '000180') => {
  const v = afiSafi + nlri;
  return '800f' + (v.length / 2).toString(16).padStart(2, '0') + v;
};
const RD = '0000fde900000065'; // 65001:101

describe('bgp/wire VPN NLRI', () => {
  it('reads a label stack up to the bottom-of-stack bit', () => {
    // labels 16 (S=0), 17 (S=1): 24*2 + 64 + 24 = 136 bits
    const u = update(ORIGIN_ASPATH + reach('88' + '000100' + '000111' + RD + '0a0100'));
    const mp = u.attributes.mpReach;
    assert.ok(mp?.kind === 'vpnv4');
    assert.deepEqual(mp.nlri[0].labels, [16, 17]);
    assert.equal(formatIpv4Prefix(mp.nlri[0].prefix), '10.1.0.0/24');
  });

  it('accepts any label field in a withdrawal: 0x800000, 0x000000 or the route label (RFC 8277 §2.4)', () => {
    for (const field of ['800000', '000000', '003e81']) {
      const u = update(unreach('70' + field + RD + '0a0100'));
      const mp = u.attributes.mpUnreach;
      assert.ok(mp?.kind === 'vpnv4', field);
      assert.deepEqual(mp.withdrawn.map((w) => [formatRd(w.rd), formatIpv4Prefix(w.prefix)]), [['65001:101', '10.1.0.0/24']]);
      assert.equal(mp.labelField, field === '800000' ? undefined : parseInt(field, 16));
    }
  });

  it('reads a withdrawal that repeats a two-label stack', () => {
    const u = update(unreach('88' + '000100' + '000111' + RD + '0a0100'));
    const mp = u.attributes.mpUnreach;
    assert.ok(mp?.kind === 'vpnv4');
    assert.deepEqual(mp.withdrawn.map((w) => formatIpv4Prefix(w.prefix)), ['10.1.0.0/24']);
  });

  it('decodes RDs of types 0, 1 and 2 and shares one object between NLRI with the same RD', () => {
    const rd1 = '0001' + '0a000001' + '0005'; // 10.0.0.1:5
    const rd2 = '0002' + 'fa56ea00' + '0007'; // 4200000000:7
    const u = update(ORIGIN_ASPATH + reach('70' + '003e81' + RD + '0a0100' + '70' + '003e81' + RD + '0a0200' + '70' + '003e91' + rd1 + '0a0300' + '70' + '003ea1' + rd2 + '0a0400'));
    const mp = u.attributes.mpReach;
    assert.ok(mp?.kind === 'vpnv4');
    assert.deepEqual(mp.nlri.map((n) => [n.rd.type, formatRd(n.rd)]), [[0, '65001:101'], [0, '65001:101'], [1, '10.0.0.1:5'], [2, '4200000000:7']]);
    assert.equal(mp.nlri[0].rd, mp.nlri[1].rd);
    assert.equal(mp.nlri[0].labels, mp.nlri[1].labels);
    assert.ok(Object.isFrozen(mp.nlri[0].labels) && Object.isFrozen(mp.nlri[0].rd));
  });

  it('an RD of unknown type 3 is a malformed MP_REACH_NLRI (session reset 3/9)', () => {
    assert.throws(() => update(ORIGIN_ASPATH + reach('70' + '003e81' + '0003000000000001' + '0a0100')), (e: Error & { code?: number; subcode?: number }) => e.code === 3 && e.subcode === 9);
  });

  it('clears host bits a sender left in a prefix', () => {
    // /20 (24 + 64 + 20 = 108 bits) whose last octet carries 4 host bits
    const u = update(ORIGIN_ASPATH + reach('6c' + '003e81' + RD + '0a01ff'));
    const mp = u.attributes.mpReach;
    assert.ok(mp?.kind === 'vpnv4');
    assert.equal(formatIpv4Prefix(mp.nlri[0].prefix), '10.1.240.0/20');
  });

  it('decodes VPNv6 withdrawals', () => {
    const u = update(unreach('88' + '800000' + RD + '20010db80001', '000280'));
    const mp = u.attributes.mpUnreach;
    assert.ok(mp?.kind === 'vpnv6');
    assert.equal(mp.withdrawn[0].prefix.length, 48);
    assert.equal(mp.withdrawn[0].prefix.address.toString('hex'), '20010db8000100000000000000000000');
  });

  it('keeps a family it does not know as raw bytes', () => {
    const u = update(unreach('0a0b0c', '001946'));
    const mp = u.attributes.mpUnreach;
    assert.ok(mp?.kind === 'raw' && mp.afi === 25 && mp.safi === 70 && mp.withdrawn.toString('hex') === '0a0b0c');
  });
});
