/**
 * Best-path selection (RFC 4271 §9.1.2.2, with the usual local-origin step), recording which
 * step decided, as GoBGP does, so the VRF table can show why a path won.
 */
import type { BestPathReason, Path } from './path.js';

/** LOCAL_PREF assumed when a path has none (RFC 4271 §5.1.5 leaves it to policy; 100 is universal). */
export const DEFAULT_LOCAL_PREF = 100;

const ORIGIN_RANK = { igp: 0, egp: 1, incomplete: 2 } as const;

/**
 * Compares two paths: negative if `a` is better, positive if `b` is, with the deciding step.
 * `home` is the RD key of the VRF whose table is choosing (absent in the Loc-RIB): a route
 * leaked between local VRFs competes there with the VRF's own routes and received ones.
 */
export function comparePaths(a: Path, b: Path, home?: number): { order: number; reason: BestPathReason } {
  const x = a.attrs;
  const y = b.attrs;
  const lpA = x.localPref ?? DEFAULT_LOCAL_PREF;
  const lpB = y.localPref ?? DEFAULT_LOCAL_PREF;
  if (lpA !== lpB) return { order: lpB - lpA, reason: 'local-pref' };
  const localA = a.source.kind === 'local';
  const localB = b.source.kind === 'local';
  if (localA !== localB) return { order: localA ? -1 : 1, reason: 'local-origin' };
  // Two locally originated paths meet only in a VRF table (one Loc-RIB destination holds at most
  // one local path): the VRF's own route beats a copy leaked from another local VRF, and
  // between leaked copies the lower origin RD wins — deterministic, not insertion order.
  if (localA && localB && a.dest.rdk !== b.dest.rdk) {
    if (a.dest.rdk === home || b.dest.rdk === home) return { order: a.dest.rdk === home ? -1 : 1, reason: 'origin-vrf' };
    return { order: a.dest.rdk < b.dest.rdk ? -1 : 1, reason: 'origin-vrf' };
  }
  if (x.asPathLength !== y.asPathLength) return { order: x.asPathLength - y.asPathLength, reason: 'as-path' };
  if (x.origin !== y.origin) return { order: ORIGIN_RANK[x.origin] - ORIGIN_RANK[y.origin], reason: 'origin' };
  // §9.1.2.2 (c): MED only between paths from the same neighbouring AS; a missing MED is 0.
  if (x.neighborAs === y.neighborAs && (x.med ?? 0) !== (y.med ?? 0)) {
    return { order: (x.med ?? 0) - (y.med ?? 0), reason: 'med' };
  }
  if (a.source.ebgp !== b.source.ebgp) return { order: a.source.ebgp ? -1 : 1, reason: 'ebgp-over-ibgp' };
  if (a.source.routerId !== b.source.routerId) {
    return { order: a.source.routerId - b.source.routerId, reason: 'router-id' };
  }
  return { order: a.source.address - b.source.address, reason: 'peer-address' };
}

/** The best of `paths` and why it beat the runner-up; undefined when there is none. */
export function selectBest(paths: readonly Path[], home?: number): { best: Path; reason: BestPathReason } | undefined {
  if (paths.length === 0) return undefined;
  let best = paths[0]!;
  if (paths.length === 1) return { best, reason: 'only-path' };
  let reason: BestPathReason = 'only-path';
  for (let i = 1; i < paths.length; i++) {
    const c = comparePaths(best, paths[i]!, home);
    if (c.order > 0) best = paths[i]!;
    reason = c.reason;
  }
  // The reason reported is how the winner beats its closest rival: compare it with each loser
  // and keep the latest-deciding step (the one that needed the most tie-breaking).
  const steps: BestPathReason[] = ['local-pref', 'local-origin', 'origin-vrf', 'as-path', 'origin', 'med', 'ebgp-over-ibgp', 'router-id', 'peer-address'];
  let deepest = -1;
  for (const p of paths) {
    if (p === best) continue;
    const at = steps.indexOf(comparePaths(best, p, home).reason);
    if (at > deepest) deepest = at;
  }
  reason = steps[deepest] ?? reason;
  return { best, reason };
}
