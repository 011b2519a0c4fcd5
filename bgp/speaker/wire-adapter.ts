/**
 * The one place where wire types meet the RIB's: a decoded UPDATE becomes announcements and
 * withdrawals of VPNv4 routes; an Adj-RIB-Out batch becomes packed UPDATE frames with the
 * per-neighbour attributes (AS_PATH prepend and next-hop-self toward eBGP, MED, LOCAL_PREF).
 */
import type { Asn, Ipv4Address, RouteTarget } from '../types/index.js';
import {
  effectivePath,
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
  /** NLRI of families other than VPNv4, not handled by this speaker. */
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
 * Applies a decoded UPDATE from `peer` to the RIB. RFC 7606 treat-as-withdraw turns every
 * announcement of the message into a withdrawal; IPv4 unicast NLRI are counted and ignored.
 */
export function applyUpdate(rib: Rib, peer: Ipv4Address, u: UpdateMessage, policy: InboundPolicy): UpdateEffect {
  let announced = 0;
  let withdrawn = 0;
  let ignored = u.nlri.length + u.withdrawn.length;
  const a = u.attributes;
  const unreach = a.mpUnreach;
  if (unreach) {
    if (unreach.kind === 'vpnv4') {
      for (const w of unreach.withdrawn) rib.withdraw(peer, w.rd, w.prefix);
      withdrawn += unreach.withdrawn.length;
    } else ignored++;
  }
  const reach = a.mpReach;
  if (reach) {
    if (reach.kind !== 'vpnv4') ignored += reach.kind === 'raw' ? 1 : reach.nlri.length;
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
