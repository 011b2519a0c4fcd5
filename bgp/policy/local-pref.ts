/**
 * Import policy for LOCAL_PREF: the original's `bgp_local_pref` with `bgp_filter_asnumber`
 * (Ryu `ASPathFilter(as, POLICY_TOP)` + `AttributeMap(ATTR_LOCAL_PREF, value)`), applied as a
 * network engineer would write it, i.e. an inbound route-map
 * `match as-path ^<as>_` / `set local-preference <value>` on one neighbour.
 *
 * Applied to every route received from the neighbour as it enters its Adj-RIB-In, so it takes
 * part in best-path selection (RFC 4271 §9.1.1: the degree of preference is computed by local
 * policy when a route is received). The original attached the map with `attribute_map_set`,
 * which Ryu consults only when *sending* routes to iBGP peers (and, with `route_family='ipv4'`,
 * only for IPv4 unicast) — so toward its eBGP VPNv4 uplink it never took effect; the import
 * reading is the one that does what the setting promises.
 */
import type { Asn } from '../types/index.js';
import type { AsPathSegment } from '../rib/index.js';

/** The LOCAL_PREF a neighbour's routes are given on import. */
export interface ImportLocalPref {
  /** LOCAL_PREF given to matching routes (replaces any received value). */
  readonly localPref: number;
  /**
   * Only routes whose AS path starts with this AS match (`bgp_filter_asnumber`). Without it
   * every route from the neighbour matches: the original ignored a local preference without a
   * filter AS; applying it to the whole neighbour is what the setting reads as.
   */
  readonly whenFirstAs?: Asn;
}

/**
 * The leftmost ("top") AS of a path — the AS that most recently prepended itself, i.e. the
 * neighbouring AS. Leading confederation segments are skipped (they stay inside the
 * confederation, RFC 5065 §5.3); the first remaining segment must be an AS_SEQUENCE, since an
 * AS_SET is unordered and has no first AS. Undefined for an empty path (a route from an iBGP
 * peer that originated it).
 */
export function firstAs(asPath: readonly AsPathSegment[]): Asn | undefined {
  for (const s of asPath) {
    if (s.type === 'confed-sequence' || s.type === 'confed-set') continue;
    return s.type === 'sequence' ? s.asns[0] : undefined;
  }
  return undefined;
}

/** Whether `policy` applies to a route with this AS path. */
export function matchesImportLocalPref(policy: ImportLocalPref, asPath: readonly AsPathSegment[]): boolean {
  return policy.whenFirstAs === undefined || firstAs(asPath) === policy.whenFirstAs;
}

/**
 * The LOCAL_PREF a received route is stored with: the policy's value when the route matches,
 * else the received value (undefined when none was received, e.g. from an eBGP peer, where
 * best-path selection assumes the default).
 */
export function importLocalPref(policy: ImportLocalPref | undefined, asPath: readonly AsPathSegment[], received: number | undefined): number | undefined {
  if (policy === undefined || !matchesImportLocalPref(policy, asPath)) return received;
  return policy.localPref;
}
