/**
 * Packet codecs: hand-checked bytes (802.1Q, MPLS, IPv4 header checksum example, ICMP
 * unreachable), round-trip properties and typed-error-only fuzzing.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ICMP_UNREACH,
  PacketDecodeError,
  checksumValid,
  decodeArp,
  decodeEthernet,
  decodeIcmp,
  decodeIpv4,
  decodeMpls,
  encodeArp,
  encodeEthernet,
  encodeIcmp,
  encodeIpv4,
  encodeMpls,
  icmpErrorQuote,
  type IcmpMessage,
  type Ipv4Packet,
} from '../../../../openflow/packet/index.js';
import { macFromBytes } from '../../../../openflow/types/index.js';

const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => macFromBytes(b));
const bytes = (max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

function onlyTypedErrors(fn: () => unknown): boolean {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof PacketDecodeError)) throw err;
  }
  return true;
}

describe('openflow/packet codecs', () => {
  it('decodes an 802.1Q-tagged frame (PCP 5, DEI 1, VID 100)', () => {
    const frame = Buffer.from('ffffffffffff' + '020000000001' + '8100' + 'b064' + '0800' + 'abcd', 'hex');
    const f = decodeEthernet(frame);
    assert.deepEqual(f.vlan, { pcp: 5, dei: true, vid: 100 });
    assert.equal(f.ethertype, 0x0800);
    assert.deepEqual(f.payload, Buffer.from('abcd', 'hex'));
    assert.deepEqual(encodeEthernet(f), frame);
  });

  it('decodes an MPLS label stack down to the bottom of stack (RFC 3032)', () => {
    // label 16001, TC 0, S 0, TTL 64 | label 100, TC 5, S 1, TTL 63 | payload
    const buf = Buffer.from('03e81040' + '00064b3f' + '4500', 'hex');
    const p = decodeMpls(buf);
    assert.deepEqual(p.labels, [
      { label: 16001, tc: 0, bos: false, ttl: 64 },
      { label: 100, tc: 5, bos: true, ttl: 63 },
    ]);
    assert.deepEqual(p.payload, Buffer.from('4500', 'hex'));
    assert.deepEqual(encodeMpls(p), buf);
    assert.throws(() => decodeMpls(Buffer.from('03e81040', 'hex')), PacketDecodeError);
  });

  it('computes the IPv4 header checksum of a textbook header (b861)', () => {
    const header = Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex');
    const p = decodeIpv4(Buffer.concat([header, Buffer.alloc(0x73 - 20)]), { verifyChecksum: false });
    const enc = encodeIpv4(p);
    assert.equal(enc.readUInt16BE(10), 0xb861);
    assert.ok(checksumValid(enc, 0, 20));
  });

  it('drops Ethernet padding after the IPv4 total length, and ARP padding', () => {
    const ipPkt = encodeIpv4({ dscp: 0, ecn: 0, identification: 1, flags: 2, fragmentOffset: 0, ttl: 64, protocol: 1, src: 1, dst: 2, options: Buffer.alloc(0), payload: Buffer.from('0800f7ff00000000', 'hex') });
    assert.equal(decodeIpv4(Buffer.concat([ipPkt, Buffer.alloc(18)])).payload.length, 8);
    const arp = encodeArp({ op: 1, sha: macFromBytes(Buffer.alloc(6, 1)), spa: 1, tha: macFromBytes(Buffer.alloc(6)), tpa: 2 });
    assert.deepEqual(decodeArp(Buffer.concat([arp, Buffer.alloc(18)])), decodeArp(arp));
  });

  it('builds a destination-unreachable quoting the original header + 8 bytes (RFC 792)', () => {
    const orig = encodeIpv4({ dscp: 0, ecn: 0, identification: 7, flags: 0, fragmentOffset: 0, ttl: 5, protocol: 17, src: 0x0a000001, dst: 0x0a000002, options: Buffer.alloc(0), payload: Buffer.alloc(100, 7) });
    const msg: IcmpMessage = { kind: 'dest_unreachable', code: ICMP_UNREACH.NET, nextHopMtu: 0, original: icmpErrorQuote(orig) };
    const enc = encodeIcmp(msg);
    assert.equal(enc.length, 8 + 28);
    assert.ok(checksumValid(enc));
    assert.deepStrictEqual(decodeIcmp(enc), msg);
  });

  it('rejects non-Ethernet/IPv4 ARP and non-v4 IP', () => {
    const arp = encodeArp({ op: 1, sha: macFromBytes(Buffer.alloc(6, 1)), spa: 1, tha: macFromBytes(Buffer.alloc(6)), tpa: 2 });
    arp[1] = 6; // htype 6 (IEEE 802)
    assert.throws(() => decodeArp(arp), PacketDecodeError);
    assert.throws(() => decodeIpv4(Buffer.from('6000000000000000000000000000000000000000', 'hex')), PacketDecodeError);
  });

  const ipv4: fc.Arbitrary<Ipv4Packet> = rec({
    dscp: fc.integer({ min: 0, max: 63 }),
    ecn: fc.integer({ min: 0, max: 3 }),
    identification: u16,
    flags: fc.integer({ min: 0, max: 7 }),
    fragmentOffset: fc.integer({ min: 0, max: 0x1fff }),
    ttl: u8,
    protocol: u8,
    src: u32,
    dst: u32,
    options: fc.integer({ min: 0, max: 10 }).chain((n) => fc.uint8Array({ minLength: 4 * n, maxLength: 4 * n }).map((a) => Buffer.from(a))),
    payload: bytes(200),
  });
  const icmp: fc.Arbitrary<IcmpMessage> = fc.oneof(
    rec({ kind: fc.constantFrom('echo_request' as const, 'echo_reply' as const), identifier: u16, sequence: u16, data: bytes(64) }),
    rec({ kind: fc.constant('dest_unreachable' as const), code: u8, nextHopMtu: u16, original: bytes(64) }),
    rec({ kind: fc.constant('other' as const), icmpType: u8, code: u8, rest: u32, data: bytes(64) }).filter(
      (m) => !((m.icmpType === 0 || m.icmpType === 8) && m.code === 0) && !(m.icmpType === 3 && m.rest >>> 16 === 0),
    ),
  );

  it('round-trips Ethernet (with and without 802.1Q), ARP, IPv4, ICMP and MPLS', () => {
    fc.assert(
      fc.property(
        rec({ dst: mac, src: mac, ethertype: u16.filter((t) => t !== 0x8100), payload: bytes(100) }),
        fc.option(rec({ pcp: fc.integer({ min: 0, max: 7 }), dei: fc.boolean(), vid: fc.integer({ min: 0, max: 4095 }) }), { nil: undefined }),
        (f, vlan) => {
          const frame = vlan ? { ...f, vlan } : f;
          assert.deepStrictEqual(decodeEthernet(encodeEthernet(frame)), frame);
        },
      ),
    );
    fc.assert(fc.property(rec({ op: u16, sha: mac, spa: u32, tha: mac, tpa: u32 }), (a) => assert.deepStrictEqual(decodeArp(encodeArp(a)), a)));
    fc.assert(fc.property(ipv4, (p) => assert.deepStrictEqual(decodeIpv4(encodeIpv4(p)), p)));
    fc.assert(fc.property(icmp, (m) => assert.deepStrictEqual(decodeIcmp(encodeIcmp(m)), m)));
    const lse = rec({ label: fc.integer({ min: 0, max: 0xfffff }), tc: fc.integer({ min: 0, max: 7 }), bos: fc.constant(false), ttl: u8 });
    fc.assert(
      fc.property(fc.array(lse, { minLength: 1, maxLength: 4 }), bytes(40), (labels, payload) => {
        const stack = labels.map((l, i) => ({ ...l, bos: i === labels.length - 1 }));
        assert.deepStrictEqual(decodeMpls(encodeMpls({ labels: stack, payload })), { labels: stack, payload });
      }),
    );
  });

  it('random bytes only ever throw PacketDecodeError from every decoder', () => {
    fc.assert(
      fc.property(bytes(120), (b) => {
        onlyTypedErrors(() => decodeEthernet(b));
        onlyTypedErrors(() => decodeArp(b));
        onlyTypedErrors(() => decodeIpv4(b));
        onlyTypedErrors(() => decodeIpv4(b, { verifyChecksum: false }));
        onlyTypedErrors(() => decodeIcmp(b));
        onlyTypedErrors(() => decodeMpls(b));
        return true;
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid IPv4/ICMP packets only ever throw PacketDecodeError', () => {
    fc.assert(
      fc.property(ipv4, icmp, fc.array(fc.tuple(fc.nat(), u8), { minLength: 1, maxLength: 4 }), fc.integer({ min: -30, max: 0 }), (p, m, flips, cut) => {
        const b = Buffer.from(encodeIpv4({ ...p, payload: encodeIcmp(m) }));
        for (const [pos, v] of flips) b[pos % b.length] = v;
        const t = b.subarray(0, Math.max(0, b.length + cut));
        return onlyTypedErrors(() => decodeIcmp(decodeIpv4(t, { verifyChecksum: false }).payload));
      }),
      { numRuns: 3000 },
    );
  });
});
