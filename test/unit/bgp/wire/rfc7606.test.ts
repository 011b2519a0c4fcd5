/**
 * RFC 7606 revised error handling, one case per treatment: treat-as-withdraw, attribute-discard
 * and session reset (with the NOTIFICATION code/subcode), plus the header and OPEN errors of
 * RFC 4271 §6. UPDATEs are built byte by byte here, independent of the encoder.
 */
import { strict as assert } from 'node:assert';
import { formatIpv4Prefix, formatRd } from '../../../../bgp/types/index.js';
import {
  BgpDecodeError,
  decodeMessage,
  encodeMessage,
  unknownAttributesToPassOn,
  type CodecContext,
  type UpdateMessage,
} from '../../../../bgp/wire/index.js';

const ctx: CodecContext = { fourOctetAs: true };

/** [flags, code, value hex] → attribute bytes, extended length when the flags ask for it. */
function attr(flags: number, code: number, value: string): Buffer {
  const v = Buffer.from(value, 'hex');
  const len = flags & 0x10 ? Buffer.from([v.length >> 8, v.length & 255]) : Buffer.from([v.length]);
  return Buffer.concat([Buffer.from([flags, code]), len, v]);
}

function frame(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(19, 0xff);
  h.writeUInt16BE(19 + body.length, 16);
  h[18] = type;
  return Buffer.concat([h, body]);
}

function updateBytes(attrs: Buffer[], nlri = '', withdrawn = ''): Buffer {
  const w = Buffer.from(withdrawn, 'hex');
  const a = Buffer.concat(attrs);
  const lens = Buffer.alloc(4);
  lens.writeUInt16BE(w.length, 0);
  const wl = lens.subarray(0, 2);
  const al = Buffer.alloc(2);
  al.writeUInt16BE(a.length);
  return frame(2, Buffer.concat([wl, w, al, a, Buffer.from(nlri, 'hex')]));
}

const ORIGIN_IGP = attr(0x40, 1, '00');
const AS_PATH = attr(0x40, 2, '020100' + 'fde9'.padStart(6, '0'));
const NEXT_HOP = attr(0x40, 3, '0a000001');
const NLRI = '18c00002'; // 192.0.2.0/24
// VPNv4 10.1.0.0/24 label 1000 rd 65001:101, next hop RD 0 + 10.0.0.1
const VPN_NLRI = '70' + '003e81' + '0000fde900000065' + '0a0100';
const MP_REACH_VPN = attr(0x80, 14, '000180' + '0c' + '0000000000000000' + '0a000001' + '00' + VPN_NLRI);

function decodeUpdate(bytes: Buffer): UpdateMessage {
  const m = decodeMessage(bytes, ctx);
  assert.equal(m.type, 'update');
  return m as UpdateMessage;
}

function expectReset(bytes: Buffer, code: number, subcode: number): BgpDecodeError {
  let caught: unknown;
  try {
    decodeMessage(bytes, ctx);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BgpDecodeError, `expected BgpDecodeError, got ${String(caught)}`);
  assert.deepEqual([caught.code, caught.subcode], [code, subcode], caught.message);
  const n = caught.toNotification();
  assert.deepEqual([n.type, n.code, n.subcode], ['notification', code, subcode]);
  // The NOTIFICATION it maps to is itself a valid message.
  assert.ok(decodeMessage(encodeMessage(n, ctx), ctx).type === 'notification');
  return caught;
}

function expectProblem(u: UpdateMessage, action: string, attribute: number, subcode: number): void {
  assert.ok(
    u.problems?.some((p) => p.action === action && p.attribute === attribute && p.subcode === subcode),
    `problems: ${JSON.stringify(u.problems)}`,
  );
}

describe('bgp/wire RFC 7606: treat-as-withdraw', () => {
  it('a bad ORIGIN value keeps the session and marks the routes withdrawn (3/6 logged)', () => {
    const u = decodeUpdate(updateBytes([attr(0x40, 1, '03'), AS_PATH, NEXT_HOP], NLRI));
    assert.equal(u.treatAsWithdraw, true);
    expectProblem(u, 'treat-as-withdraw', 1, 6);
    // The NLRI are still there so the receiver knows what to withdraw.
    assert.deepEqual(u.nlri.map(formatIpv4Prefix), ['192.0.2.0/24']);
  });

  const cases: [string, Buffer[], number, number][] = [
    ['ORIGIN of length 2', [attr(0x40, 1, '0000'), AS_PATH, NEXT_HOP], 1, 5],
    ['an AS_PATH segment running past the attribute', [ORIGIN_IGP, attr(0x40, 2, '0205' + '0000fde9'), NEXT_HOP], 2, 11],
    ['an AS_PATH segment of type 7', [ORIGIN_IGP, attr(0x40, 2, '0701' + '0000fde9'), NEXT_HOP], 2, 11],
    ['an empty AS_PATH segment', [ORIGIN_IGP, attr(0x40, 2, '0200'), NEXT_HOP], 2, 11],
    ['NEXT_HOP of length 5', [ORIGIN_IGP, AS_PATH, attr(0x40, 3, '0a00000100')], 3, 5],
    ['MED of length 3', [ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0x80, 4, '000064')], 4, 5],
    ['LOCAL_PREF of length 2', [ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0x40, 5, '0064')], 5, 5],
    ['COMMUNITIES of length 6', [ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 8, '000100020003')], 8, 9],
    ['EXTENDED_COMMUNITIES of length 7', [ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 16, '00020001000000')], 16, 9],
    ['LARGE_COMMUNITIES of length 11', [ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 32, '0000000100000002000000')], 32, 9],
    ['ORIGIN flagged optional (flags error)', [attr(0xc0, 1, '00'), AS_PATH, NEXT_HOP], 1, 4],
    ['a missing ORIGIN', [AS_PATH, NEXT_HOP], 1, 3],
    ['a missing AS_PATH', [ORIGIN_IGP, NEXT_HOP], 2, 3],
    ['a missing NEXT_HOP with IPv4 NLRI', [ORIGIN_IGP, AS_PATH], 3, 3],
  ];
  for (const [what, attrs, code, subcode] of cases) {
    it(`${what} → treat-as-withdraw (3/${subcode} logged)`, () => {
      const u = decodeUpdate(updateBytes(attrs, NLRI));
      assert.equal(u.treatAsWithdraw, true);
      expectProblem(u, 'treat-as-withdraw', code, subcode);
    });
  }

  it('an attribute overrunning the attribute list → treat-as-withdraw, NLRI still located (RFC 7606 §4)', () => {
    const last = attr(0xc0, 8, '00010002');
    last[2] = 40; // claims 40 bytes, 4 present
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, last], NLRI));
    assert.equal(u.treatAsWithdraw, true);
    assert.deepEqual(u.nlri.map(formatIpv4Prefix), ['192.0.2.0/24']);
  });

  it('a VPNv4 UPDATE with a bad ORIGIN: the family NLRI can be located, so its routes are withdrawn', () => {
    const u = decodeUpdate(updateBytes([attr(0x40, 1, '09'), AS_PATH, MP_REACH_VPN]));
    assert.equal(u.treatAsWithdraw, true);
    const mp = u.attributes.mpReach;
    assert.ok(mp?.kind === 'vpnv4');
    assert.deepEqual(mp.nlri.map((n) => [formatRd(n.rd), formatIpv4Prefix(n.prefix)]), [['65001:101', '10.1.0.0/24']]);
  });

  it('does not flag an UPDATE that only withdraws (no mandatory attributes needed)', () => {
    const u = decodeUpdate(updateBytes([attr(0x80, 15, '000180' + '70800000' + '0000fde900000065' + '0a0100')]));
    assert.equal(u.treatAsWithdraw, undefined);
    assert.ok(u.attributes.mpUnreach?.kind === 'vpnv4' && u.attributes.mpUnreach.withdrawn.length === 1);
  });
});

describe('bgp/wire RFC 7606: attribute-discard', () => {
  it('ATOMIC_AGGREGATE of length 1 is dropped; the route stays', () => {
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0x40, 6, '00')], NLRI));
    assert.equal(u.treatAsWithdraw, undefined);
    assert.equal(u.attributes.atomicAggregate, undefined);
    expectProblem(u, 'attribute-discard', 6, 5);
    assert.equal(u.nlri.length, 1);
  });

  it('AGGREGATOR of the wrong length for a 4-octet session is dropped', () => {
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 7, 'fde90a000001')], NLRI));
    assert.equal(u.treatAsWithdraw, undefined);
    assert.equal(u.attributes.aggregator, undefined);
    expectProblem(u, 'attribute-discard', 7, 5);
  });

  it('a malformed AS4_PATH is dropped (RFC 6793 §6)', () => {
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 17, '0203' + '00000001')], NLRI));
    assert.equal(u.treatAsWithdraw, undefined);
    assert.equal(u.attributes.as4Path, undefined);
    expectProblem(u, 'attribute-discard', 17, 9);
  });

  it('a repeated attribute: the first is kept, the repeat dropped (RFC 7606 §3 g)', () => {
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0x80, 4, '00000064'), attr(0x80, 4, '00000007')], NLRI));
    assert.equal(u.attributes.med, 100);
    expectProblem(u, 'attribute-discard', 4, 1);
    assert.equal(u.treatAsWithdraw, undefined);
  });
});

describe('bgp/wire RFC 7606: session reset', () => {
  it('an MP_REACH_NLRI VPNv4 next hop of length 4 → 3/9 with the attribute as data', () => {
    const bad = attr(0x80, 14, '000180' + '04' + '0a000001' + '00' + VPN_NLRI);
    const err = expectReset(updateBytes([ORIGIN_IGP, AS_PATH, bad]), 3, 9);
    assert.ok(err.data.equals(bad));
  });

  it('an MP_REACH_NLRI whose NLRI runs past the attribute → 3/9', () => {
    expectReset(updateBytes([ORIGIN_IGP, AS_PATH, attr(0x80, 14, '000180' + '0c' + '0000000000000000' + '0a000001' + '00' + 'c8003e81')]), 3, 9);
  });

  it('a VPNv4 NLRI with a prefix longer than 32 bits → 3/9', () => {
    expectReset(updateBytes([ORIGIN_IGP, AS_PATH, attr(0x80, 14, '000180' + '0c' + '0000000000000000' + '0a000001' + '00' + '79003e810000fde9000000650a010000')]), 3, 9);
  });

  it('an MP_UNREACH_NLRI that cannot be parsed → 3/9', () => {
    expectReset(updateBytes([attr(0x80, 15, '000180' + '40800000')]), 3, 9);
  });

  it('MP_REACH_NLRI twice → 3/1', () => {
    expectReset(updateBytes([ORIGIN_IGP, AS_PATH, MP_REACH_VPN, MP_REACH_VPN]), 3, 1);
  });

  it('an unrecognized well-known attribute → 3/2 with the attribute as data', () => {
    const err = expectReset(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0x40, 99, '01')], NLRI), 3, 2);
    assert.equal(err.data.toString('hex'), '40630101');
  });

  it('withdrawn routes length running past the message → 3/1', () => {
    const b = updateBytes([], '', '18c00002');
    b.writeUInt16BE(200, 19);
    expectReset(b, 3, 1);
  });

  it('total path attribute length running past the message → 3/1', () => {
    const b = updateBytes([ORIGIN_IGP]);
    b.writeUInt16BE(100, 21);
    expectReset(b, 3, 1);
  });

  it('an IPv4 NLRI of 33 bits → Invalid Network Field (3/10)', () => {
    expectReset(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP], '21c0000201'), 3, 10);
  });
});

describe('bgp/wire header and OPEN errors (RFC 4271 §6.1, §6.2)', () => {
  const open = (body: string) => frame(1, Buffer.from(body, 'hex'));
  it('unsupported version → 2/1 with the version we support', () => {
    assert.equal(expectReset(open('03fde9005a0a00000100'), 2, 1).data.toString('hex'), '0004');
  });
  it('hold time 1 → 2/6', () => void expectReset(open('04fde900010a00000100'), 2, 6));
  it('BGP identifier 0 → 2/3', () => void expectReset(open('04fde9005a0000000000'), 2, 3));
  it('an optional parameter other than capabilities → 2/4', () => void expectReset(open('04fde9005a0a00000103010100'), 2, 4));
  it('a KEEPALIVE with a body → 1/2', () => void expectReset(frame(4, Buffer.from([0])), 1, 2));
  it('an unknown message type → 1/3 with the type as data', () => {
    assert.equal(expectReset(frame(9, Buffer.alloc(0)), 1, 3).data.toString('hex'), '09');
  });
  it('a ROUTE-REFRESH of the wrong length → 7/1 (RFC 7313 §5)', () => void expectReset(frame(5, Buffer.from('0001008000', 'hex')), 7, 1));
});

describe('bgp/wire unknown optional attributes', () => {
  it('are kept as received and passed on with the Partial bit when transitive', () => {
    const u = decodeUpdate(updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xc0, 99, 'abcd'), attr(0x80, 98, '01')], NLRI));
    assert.deepEqual(u.attributes.unknown?.map((a) => [a.flags, a.code, a.value.toString('hex')]), [[0xc0, 99, 'abcd'], [0x80, 98, '01']]);
    assert.deepEqual(unknownAttributesToPassOn(u.attributes)?.map((a) => [a.flags, a.code]), [[0xe0, 99]]);
    assert.equal(u.treatAsWithdraw, undefined);
  });

  it('use the extended length form when longer than 255 bytes', () => {
    const long = 'ab'.repeat(300);
    const bytes = updateBytes([ORIGIN_IGP, AS_PATH, NEXT_HOP, attr(0xd0, 99, long)], NLRI);
    const u = decodeUpdate(bytes);
    assert.equal(u.attributes.unknown?.[0].value.length, 300);
    assert.ok(encodeMessage(u, ctx).equals(bytes));
  });
});
