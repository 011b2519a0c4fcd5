/**
 * The one place where wire types meet the RIB's: a decoded UPDATE becomes announcements and
 * withdrawals of VPNv4 and global IPv4 unicast routes; an Adj-RIB-Out batch becomes packed
 * UPDATE frames with the per-neighbour attributes (AS_PATH prepend and next-hop-self toward
 * eBGP, MED, LOCAL_PREF).
 */
import type { Asn, Ipv4Address, Ipv4Prefix, RouteTarget } from '../types/index.js';
import {
  effectivePath,
  encodeIpv4Updates,
  encodeIpv4Withdraws,
  encodeVpnv4Updates,
  encodeVpnv4Withdraws,
  type CodecContext,
  type PathAttributes,
  type UpdateMessage,
  type VpnNlri,
} from '../wire/index.js';
import { DEFAULT_LOCAL_PREF, formatAsPath, type AsPathSegment, type OutBatch, type Rib, type RouteAttrs } from '../rib/index.js';
import { importLocalPref } from '../policy/index.js';

/** What applying one UPDATE did. */
export interface UpdateEffect {
  readonly announced: number;
  readonly withdrawn: number;
  /** NLRI of families other than VPNv4 and IPv4 unicast, not handled by this speaker. */
  readonly ignored: number;
}

/** How a neighbour's routes are read. */
export interface InboundPolicy {
  /** The neighbour's real AS path needs AS4_PATH merged (RFC 6793 §4.2.3) unless 4-octet AS was negotiated. */
  readonly fourOctetAs: boolean;
  /** Configured local preference for this neighbour's routes (overrides the received one). */
  readonly localPref?: number;
  /** Only routes whose AS path starts with this AS get `localPref` (see bgp/policy/local-pref.ts). */
  readonly localPrefFirstAs?: Asn;
}

/** The neighbour's configured LOCAL_PREF for a route with `asPath`, else `fallback`. */
function configuredLocalPref(p: { localPref?: number; localPrefFirstAs?: Asn }, asPath: readonly AsPathSegment[], fallback: number | undefined): number | undefined {
  const policy = p.localPref === undefined ? undefined : { localPref: p.localPref, whenFirstAs: p.localPrefFirstAs };
  return importLocalPref(policy, asPath, fallback);
}

function routeTargetsOf(a: PathAttributes): RouteTarget[] {
  const out: RouteTarget[] = [];
  for (const c of a.extendedCommunities ?? []) if (c.type === 'route-target') out.push(c.routeTarget);
  return out;
}

/**
 * IPv4 unicast of the global table (RFC 4271 §4.3 WITHDRAWN ROUTES / NLRI fields with NEXT_HOP,
 * or the same family in MP_REACH/MP_UNREACH, RFC 4760), announced with `nextHop`.
 */
function applyGlobal(rib: Rib, peer: Ipv4Address, u: UpdateMessage, policy: InboundPolicy, withdrawn: readonly Ipv4Prefix[], nlri: readonly Ipv4Prefix[], nextHop: Ipv4Address | undefined): { announced: number; withdrawn: number } {
  for (const w of withdrawn) rib.withdrawGlobal(peer, w);
  if (nlri.length === 0) return { announced: 0, withdrawn: withdrawn.length };
  // RFC 7606 treat-as-withdraw, and a missing NEXT_HOP (RFC 7606 §7.3 makes it one too).
  if (u.treatAsWithdraw || nextHop === undefined) {
    for (const n of nlri) rib.withdrawGlobal(peer, n);
    return { announced: 0, withdrawn: withdrawn.length + nlri.length };
  }
  const a = u.attributes;
  const asPath = effectivePath(a, policy.fourOctetAs).asPath;
  const attrs = rib.intern({
    origin: a.origin ?? 'incomplete',
    asPath,
    nextHop,
    med: a.med,
    localPref: configuredLocalPref(policy, asPath, a.localPref),
    routeTargets: [],
    communities: a.communities,
  });
  for (const n of nlri) rib.announceGlobal(peer, n, attrs);
  return { announced: nlri.length, withdrawn: withdrawn.length };
}

/**
 * Applies a decoded UPDATE from `peer` to the RIB. RFC 7606 treat-as-withdraw turns every
 * announcement of the message into a withdrawal. IPv4 unicast (classic fields or MP) goes to
 * the global table; `ipv4` false (family not negotiated) counts it as ignored instead.
 */
export function applyUpdate(rib: Rib, peer: Ipv4Address, u: UpdateMessage, policy: InboundPolicy, ipv4 = true): UpdateEffect {
  let announced = 0;
  let withdrawn = 0;
  let ignored = 0;
  const a = u.attributes;
  if (u.nlri.length + u.withdrawn.length > 0) {
    if (ipv4) {
      const e = applyGlobal(rib, peer, u, policy, u.withdrawn, u.nlri, a.nextHop);
      announced += e.announced;
      withdrawn += e.withdrawn;
    } else ignored += u.nlri.length + u.withdrawn.length;
  }
  const unreach = a.mpUnreach;
  if (unreach) {
    if (unreach.kind === 'vpnv4') {
      for (const w of unreach.withdrawn) rib.withdraw(peer, w.rd, w.prefix);
      withdrawn += unreach.withdrawn.length;
    } else if (unreach.kind === 'ipv4-unicast' && ipv4) {
      withdrawn += applyGlobal(rib, peer, u, policy, unreach.withdrawn, [], undefined).withdrawn;
    } else ignored++;
  }
  const reach = a.mpReach;
  if (reach) {
    if (reach.kind === 'ipv4-unicast' && ipv4) {
      const e = applyGlobal(rib, peer, u, policy, [], reach.nlri, reach.nextHop);
      announced += e.announced;
      withdrawn += e.withdrawn;
    } else if (reach.kind !== 'vpnv4') ignored += reach.kind === 'raw' ? 1 : reach.nlri.length;
    else if (u.treatAsWithdraw) {
      for (const n of reach.nlri) rib.withdraw(peer, n.rd, n.prefix);
      withdrawn += reach.nlri.length;
    } else if (reach.nlri.length > 0) {
      const asPath = effectivePath(a, policy.fourOctetAs).asPath;
      const attrs = rib.intern({
        origin: a.origin ?? 'incomplete',
        asPath,
        nextHop: reach.nextHop,
        med: a.med,
        // Import policy, before best-path selection sees the route.
        localPref: configuredLocalPref(policy, asPath, a.localPref),
        routeTargets: routeTargetsOf(a),
        communities: a.communities,
      });
      for (const n of reach.nlri) rib.announce(peer, n.rd, n.prefix, n.labels, attrs);
      announced += reach.nlri.length;
    }
  }
  return { announced, withdrawn, ignored };
}

/** What the attributes we send a neighbour depend on. */
export interface OutboundPolicy {
  readonly localAsn: Asn;
  readonly ebgp: boolean;
  /** Our address on the session (next hop self, RFC 4364 §4.3.2 with RD 0). */
  readonly nextHop: Ipv4Address;
  readonly med?: number;
  /** LOCAL_PREF sent to iBGP neighbours (never to eBGP, RFC 4271 §5.1.5). */
  readonly localPref?: number;
  /**
   * `localPref` only on routes whose AS path starts with this AS (Ryu's outbound reading of the
   * same filter); our own routes have an empty AS path, so they then carry their own/default.
   */
  readonly localPrefFirstAs?: Asn;
  readonly ctx: CodecContext;
}

/** The attributes of a locally originated route as sent to one neighbour. */
export function outboundAttributes(attrs: RouteAttrs, p: OutboundPolicy): PathAttributes {
  return {
    origin: attrs.origin,
    // RFC 4271 §5.1.2: prepend our AS toward external peers; empty toward internal ones.
    asPath: p.ebgp ? [{ type: 'sequence', asns: [p.localAsn, ...attrs.asPath.flatMap((s) => s.asns)] }] : attrs.asPath,
    med: p.med,
    localPref: p.ebgp ? undefined : (configuredLocalPref(p, attrs.asPath, attrs.localPref) ?? DEFAULT_LOCAL_PREF),
    communities: attrs.communities,
    extendedCommunities: attrs.routeTargets.map((routeTarget) => ({ type: 'route-target', routeTarget })),
  };
}

/**
 * What the outbound attributes of a local route depend on: not its CE next hop (replaced by
 * next-hop-self), so routes via different CEs of one VRF share their UPDATEs.
 */
function outboundKey(a: RouteAttrs): string {
  return `${a.origin}|${formatAsPath(a.asPath)}|${a.localPref ?? ''}|${a.rtKeys.join(',')}|${a.communities?.join(',') ?? ''}`;
}

/** Encodes an Adj-RIB-Out batch: withdrawals first, then each outbound attribute set packed into ≤4096-byte UPDATEs. */
export function encodeBatch(batch: OutBatch, p: OutboundPolicy): Buffer[] {
  const frames: Buffer[] = [];
  if (batch.withdraw.length > 0) frames.push(...encodeVpnv4Withdraws(batch.withdraw, p.ctx));
  const groups = new Map<string, { attrs: RouteAttrs; nlri: VpnNlri[] }>();
  for (const g of batch.announce) {
    const key = outboundKey(g.attrs);
    let merged = groups.get(key);
    if (!merged) groups.set(key, (merged = { attrs: g.attrs, nlri: [] }));
    for (const r of g.routes) merged.nlri.push({ labels: r.labels, rd: r.rd, prefix: r.prefix });
  }
  for (const g of groups.values()) frames.push(...encodeVpnv4Updates(outboundAttributes(g.attrs, p), p.nextHop, g.nlri, p.ctx));
  return frames;
}

/**
 * Encodes a global-table Adj-RIB-Out batch as IPv4 unicast in the classic fields (RFC 4271
 * §4.3): withdrawals first, then each outbound attribute set with NEXT_HOP = our address.
 */
export function encodeGlobalBatch(batch: OutBatch, p: OutboundPolicy): Buffer[] {
  const frames: Buffer[] = [];
  if (batch.withdraw.length > 0) frames.push(...encodeIpv4Withdraws(batch.withdraw.map((x) => x.prefix), p.ctx));
  const groups = new Map<string, { attrs: RouteAttrs; nlri: Ipv4Prefix[] }>();
  for (const g of batch.announce) {
    const key = outboundKey(g.attrs);
    let merged = groups.get(key);
    if (!merged) groups.set(key, (merged = { attrs: g.attrs, nlri: [] }));
    for (const r of g.routes) merged.nlri.push(r.prefix);
  }
  for (const g of groups.values()) {
    // No route targets on IPv4 unicast: the extended communities of a VPN route do not apply.
    const { extendedCommunities: _rts, ...rest } = outboundAttributes(g.attrs, p);
    frames.push(...encodeIpv4Updates({ ...rest, nextHop: p.nextHop }, g.nlri, p.ctx));
  }
  return frames;
}
