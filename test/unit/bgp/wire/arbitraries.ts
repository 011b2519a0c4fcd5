/** fast-check arbitraries of valid BGP messages, shared by the property tests. */
import fc from 'fast-check';
import { asn, label, rdFromFields, routeTargetFromFields, type Asn, type Ipv4Address, type Ipv4Prefix, type Rd } from '../../../../bgp/types/index.js';
import {
  ipv6Prefix,
  type AsPathSegment,
  type BgpMessage,
  type Capability,
  type ExtendedCommunity,
  type MpReach,
  type MpUnreach,
  type OpenMessage,
  type PathAttributes,
  type RawAttribute,
  type UpdateMessage,
  type VpnNlri,
} from '../../../../bgp/wire/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

export const ipv4 = u32.map((n) => n as Ipv4Address);

export const ipv4Prefix: fc.Arbitrary<Ipv4Prefix> = fc
  .tuple(u32, fc.integer({ min: 0, max: 32 }))
  .map(([a, len]) => ({ address: ((len === 0 ? 0 : a & (0xffffffff << (32 - len))) >>> 0) as Ipv4Address, length: len }));

export const rd: fc.Arbitrary<Rd> = fc.oneof(
  fc.tuple(u16, u32).map(([a, n]) => rdFromFields(0, a, n)),
  fc.tuple(u32, u16).map(([a, n]) => rdFromFields(1, a, n)),
  fc.tuple(u32, u16).map(([a, n]) => rdFromFields(2, a, n)),
);

export const labels = fc.array(fc.integer({ min: 0, max: 0xfffff }).map(label), { minLength: 1, maxLength: 3 });

export const vpnNlri: fc.Arbitrary<VpnNlri> = fc.record({ labels, rd, prefix: ipv4Prefix });

const vpnv6Prefix = fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 128 })).map(([a, l]) => ipv6Prefix(a, l));

const KNOWN_CAPS = new Set([1, 2, 64, 65, 70]);
export const capability: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ type: fc.constant('multiprotocol' as const), afi: u16, safi: u8 }),
  fc.constant({ type: 'route-refresh' as const }),
  fc.constant({ type: 'enhanced-route-refresh' as const }),
  fc.record({ type: fc.constant('four-octet-as' as const), asn: u32.map(asn) }),
  fc.record({
    type: fc.constant('graceful-restart' as const),
    restarting: fc.boolean(),
    notification: fc.boolean(),
    restartTime: fc.integer({ min: 0, max: 4095 }),
    families: fc.array(fc.record({ afi: u16, safi: u8, forwardingPreserved: fc.boolean() }), { maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('unknown' as const), code: u8.filter((c) => !KNOWN_CAPS.has(c)), value: bytes(20) }),
);

export const open: fc.Arbitrary<OpenMessage> = fc.record({
  type: fc.constant('open' as const),
  version: fc.constant(4),
  myAsn: u16,
  holdTime: fc.oneof(fc.constant(0), fc.integer({ min: 3, max: 0xffff })),
  bgpId: fc.integer({ min: 1, max: 0xffffffff }).map((n) => n as Ipv4Address),
  capabilities: fc.array(capability, { maxLength: 10 }),
});

function asPath(four: boolean): fc.Arbitrary<AsPathSegment[]> {
  const a = (four ? u32 : u16).map((n) => n as Asn);
  return fc.array(
    fc.record({ type: fc.constantFrom('set' as const, 'sequence' as const, 'confed-sequence' as const, 'confed-set' as const), asns: fc.array(a, { minLength: 1, maxLength: 6 }) }),
    { maxLength: 3 },
  );
}

const extendedCommunity: fc.Arbitrary<ExtendedCommunity> = fc.oneof(
  fc.oneof(
    fc.tuple(u16, u32).map(([a, n]) => routeTargetFromFields(0, a, n)),
    fc.tuple(u32, u16).map(([a, n]) => routeTargetFromFields(1, a, n)),
    fc.tuple(u32, u16).map(([a, n]) => routeTargetFromFields(2, a, n)),
  ).map((routeTarget) => ({ type: 'route-target' as const, routeTarget })),
  fc
    .uint8Array({ minLength: 8, maxLength: 8 })
    .filter((b) => !(b[0] <= 2 && b[1] === 2))
    .map((b) => ({ type: 'raw' as const, value: Buffer.from(b) })),
);

const KNOWN_ATTRS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32]);
const rawAttributes: fc.Arbitrary<RawAttribute[]> = fc.uniqueArray(
  fc.record({
    // Optional (an unknown well-known attribute resets the session), any other flag bits.
    flags: fc.integer({ min: 0, max: 0x7f }).map((f) => (f | 0x80) & ~0x10 & 0xf0),
    code: u8.filter((c) => !KNOWN_ATTRS.has(c)),
    value: fc.oneof(bytes(30), bytes(300)),
  }),
  { maxLength: 2, selector: (r) => r.code },
).map((list) => list.sort((x, y) => x.code - y.code));

const KNOWN_FAMILIES = new Set(['1/1', '1/128', '2/128']);
const rawFamily = fc.tuple(u16, u8).filter(([a, s]) => !KNOWN_FAMILIES.has(`${a}/${s}`));

const mpReach: fc.Arbitrary<MpReach> = fc.oneof(
  fc.record({ kind: fc.constant('ipv4-unicast' as const), afi: fc.constant(1 as const), safi: fc.constant(1 as const), nextHop: ipv4, nlri: fc.array(ipv4Prefix, { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('vpnv4' as const), afi: fc.constant(1 as const), safi: fc.constant(128 as const), nextHop: ipv4, nlri: fc.array(vpnNlri, { maxLength: 8 }) }),
  fc
    .record({
      kind: fc.constant('vpnv6' as const),
      afi: fc.constant(2 as const),
      safi: fc.constant(128 as const),
      nextHop: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b)),
      nextHopLinkLocal: fc.option(fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b)), { nil: undefined }),
      // Two labels at most: 3 labels + RD + a /128 would overflow the 1-byte NLRI length.
      nlri: fc.array(fc.record({ labels: labels.filter((l) => l.length <= 2), rd, prefix: vpnv6Prefix }), { maxLength: 4 }),
    })
    .map((m) => {
      const { nextHopLinkLocal, ...rest } = m;
      return nextHopLinkLocal ? { ...rest, nextHopLinkLocal } : rest;
    }),
  fc.tuple(rawFamily, bytes(20), bytes(40)).map(([[afi, safi], nextHop, nlri]) => ({ kind: 'raw' as const, afi, safi, nextHop, nlri })),
);

const labelField = fc.integer({ min: 0, max: 0xffffff }).filter((v) => v !== 0x800000);

const mpUnreach: fc.Arbitrary<MpUnreach> = fc.oneof(
  fc.record({ kind: fc.constant('ipv4-unicast' as const), afi: fc.constant(1 as const), safi: fc.constant(1 as const), withdrawn: fc.array(ipv4Prefix, { maxLength: 5 }) }),
  fc
    .tuple(fc.array(fc.record({ rd, prefix: ipv4Prefix }), { maxLength: 8 }), fc.option(labelField, { nil: undefined }))
    .map(([withdrawn, lf]) =>
      withdrawn.length > 0 && lf !== undefined
        ? { kind: 'vpnv4' as const, afi: 1 as const, safi: 128 as const, withdrawn, labelField: lf }
        : { kind: 'vpnv4' as const, afi: 1 as const, safi: 128 as const, withdrawn },
    ),
  fc.array(fc.record({ rd, prefix: vpnv6Prefix }), { maxLength: 4 }).map((withdrawn) => ({ kind: 'vpnv6' as const, afi: 2 as const, safi: 128 as const, withdrawn })),
  fc.tuple(rawFamily, bytes(40)).map(([[afi, safi], withdrawn]) => ({ kind: 'raw' as const, afi, safi, withdrawn })),
);

/** Valid path attributes; announcing UPDATEs always carry the mandatory ones (RFC 7606 §3 d). */
function attributes(four: boolean, announcesIpv4: boolean): fc.Arbitrary<PathAttributes> {
  const agg = fc.record({ asn: (four ? u32 : u16).map(asn), address: ipv4 });
  return fc
    .record(
      {
        origin: fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const),
        asPath: asPath(four),
        nextHop: ipv4,
        med: u32,
        localPref: u32,
        atomicAggregate: fc.constant(true),
        aggregator: agg,
        communities: fc.array(u32, { minLength: 1, maxLength: 5 }),
        originatorId: ipv4,
        clusterList: fc.array(ipv4, { minLength: 1, maxLength: 3 }),
        mpReach,
        mpUnreach,
        extendedCommunities: fc.array(extendedCommunity, { minLength: 1, maxLength: 5 }),
        as4Path: asPath(true),
        as4Aggregator: fc.record({ asn: u32.map(asn), address: ipv4 }),
        largeCommunities: fc.array(fc.record({ globalAdmin: u32, local1: u32, local2: u32 }), { minLength: 1, maxLength: 3 }),
        unknown: rawAttributes.filter((a) => a.length > 0),
      },
      { requiredKeys: [] },
    )
    .map((a) => {
      const out: Mutable<PathAttributes> = { ...a };
      if (announcesIpv4 || out.mpReach !== undefined) {
        out.origin ??= 'igp';
        out.asPath ??= [];
      }
      if (announcesIpv4) out.nextHop ??= 0x0a000001 as Ipv4Address;
      return out;
    });
}

/** A valid UPDATE for the given AS number width. */
export function update(four: boolean): fc.Arbitrary<UpdateMessage> {
  return fc
    .tuple(fc.array(ipv4Prefix, { maxLength: 5 }), fc.array(ipv4Prefix, { maxLength: 5 }))
    .chain(([withdrawn, nlri]) =>
      attributes(four, nlri.length > 0).map((attributes) => ({ type: 'update' as const, withdrawn, attributes, nlri })),
    );
}

/** Any valid message for the given AS number width. */
export function message(four: boolean): fc.Arbitrary<BgpMessage> {
  return fc.oneof(
    open,
    update(four),
    fc.record({ type: fc.constant('notification' as const), code: u8.filter((c) => c !== 6), subcode: u8, data: bytes(30) }),
    fc.constant({ type: 'keepalive' as const }),
    fc.record({ type: fc.constant('route-refresh' as const), afi: u16, safi: u8, subtype: u8 }),
  );
}
