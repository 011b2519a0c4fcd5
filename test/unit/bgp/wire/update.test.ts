/** UPDATE helpers: End-of-RIB markers (RFC 4724 §2) and the message size limit. */
import { strict as assert } from 'node:assert';
import { label, parseIpv4, parseRd, type Ipv4Address } from '../../../../bgp/types/index.js';
import { decodeMessage, encodeMessage, endOfRib, endOfRibFamily, type UpdateMessage } from '../../../../bgp/wire/index.js';

const ctx = { fourOctetAs: true };

describe('bgp/wire UPDATE', () => {
  it('End-of-RIB for IPv4 unicast is the empty 23-byte UPDATE', () => {
    const bytes = encodeMessage(endOfRib({ afi: 1, safi: 1 }), ctx);
    assert.equal(bytes.toString('hex'), 'ff'.repeat(16) + '0017' + '02' + '00000000');
    assert.deepEqual(endOfRibFamily(decodeMessage(bytes, ctx) as UpdateMessage), { afi: 1, safi: 1 });
  });

  it('End-of-RIB for VPNv4 is an empty MP_UNREACH_NLRI, as gobgpd sends it', () => {
    const bytes = encodeMessage(endOfRib({ afi: 1, safi: 128 }), ctx);
    assert.equal(bytes.toString('hex').slice(38), '00000006800f03000180');
    assert.deepEqual(endOfRibFamily(decodeMessage(bytes, ctx) as UpdateMessage), { afi: 1, safi: 128 });
  });

  it('an UPDATE with routes is not an End-of-RIB', () => {
    const u: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: { mpUnreach: { kind: 'vpnv4', afi: 1, safi: 128, withdrawn: [{ rd: parseRd('1:1'), prefix: { address: parseIpv4('10.0.0.0'), length: 8 } }] } },
    };
    assert.equal(endOfRibFamily(u), undefined);
  });

  it('refuses to encode an UPDATE over 4096 bytes unless extended messages are on', () => {
    const nlri = Array.from({ length: 400 }, (_, i) => ({
      labels: [label(16)],
      rd: parseRd('65001:1'),
      prefix: { address: ((0x0a000000 + i * 256) >>> 0) as Ipv4Address, length: 24 },
    }));
    const u: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: { origin: 'igp', asPath: [], mpReach: { kind: 'vpnv4', afi: 1, safi: 128, nextHop: parseIpv4('10.0.0.1'), nlri } },
    };
    assert.throws(() => encodeMessage(u, ctx), RangeError);
    const big = encodeMessage(u, { fourOctetAs: true, extendedMessage: true });
    assert.ok(big.length > 4096);
    const back = decodeMessage(big, { fourOctetAs: true, extendedMessage: true });
    assert.ok(back.type === 'update' && back.attributes.mpReach?.kind === 'vpnv4' && back.attributes.mpReach.nlri.length === 400);
  });
});
