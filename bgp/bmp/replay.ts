/**
 * A neighbour's current Adj-RIB-In as UPDATE frames, for the Route Monitoring a collector gets
 * when it connects after the routes arrived (RFC 7854 §5: the initial dump). The raw UPDATEs
 * are not kept (a million routes), so the held paths are re-encoded, grouped by their shared
 * (interned) attributes. What the RIB does not keep is not replayed: a configured local
 * preference replaces the received one, and attributes the RIB does not store are absent.
 */
import type { Ipv4Prefix } from '../types/index.js';
import { isGlobal, type Path, type AdjRibIn } from '../rib/index.js';
import { encodeIpv4Updates, encodeVpnv4Updates, type CodecContext, type PathAttributes, type VpnNlri } from '../wire/index.js';

/**
 * UPDATE frames announcing every path of `adj` (VPNv4; the global table's as IPv4 unicast in
 * the classic NLRI field), encoded with the session's `ctx`.
 */
export function adjRibInUpdates(adj: AdjRibIn, ctx: CodecContext): Buffer[] {
  const groups = new Map<Path['attrs'], VpnNlri[]>();
  const globals = new Map<Path['attrs'], Ipv4Prefix[]>();
  for (const [rd, address, length, path] of adj.table.entries()) {
    if (isGlobal(path.dest)) {
      let g = globals.get(path.attrs);
      if (!g) globals.set(path.attrs, (g = []));
      g.push(path.dest as Ipv4Prefix);
      continue;
    }
    let nlri = groups.get(path.attrs);
    if (!nlri) groups.set(path.attrs, (nlri = []));
    nlri.push({ labels: path.labels, rd, prefix: { address, length } as VpnNlri['prefix'] });
  }
  const frames: Buffer[] = [];
  for (const [a, nlri] of groups) {
    const attrs: PathAttributes = {
      origin: a.origin,
      asPath: a.asPath,
      med: a.med,
      localPref: a.localPref,
      communities: a.communities,
      extendedCommunities: a.routeTargets.map((routeTarget) => ({ type: 'route-target', routeTarget })),
    };
    frames.push(...encodeVpnv4Updates(attrs, a.nextHop, nlri, ctx));
  }
  for (const [a, nlri] of globals) {
    const attrs: PathAttributes = { origin: a.origin, asPath: a.asPath, nextHop: a.nextHop, med: a.med, localPref: a.localPref, communities: a.communities };
    frames.push(...encodeIpv4Updates(attrs, nlri, ctx));
  }
  return frames;
}
