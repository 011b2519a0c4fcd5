/**
 * The global IPv4 unicast table (AFI 1 / SAFI 1) beside the VPNv4 one: the router's routes
 * outside every VRF, as the original announced them with Ryu's `prefix_add(prefix, next_hop)`.
 *
 * It reuses the VPNv4 machinery instead of copying it: a global path is a {@link Path} whose
 * {@link Destination} carries the reserved key {@link GLOBAL_RDK} (-1, which no RD can produce:
 * `rdKey` is never negative), so Adj-RIBs-In, best path, loop detection, enhanced route refresh
 * and the Adj-RIB-Out work on it unchanged. It is never imported into a VRF and never exported
 * as VPNv4.
 */
import { rdFromFields, type Ipv4Address, type Ipv4Prefix } from '../types/index.js';
import type { BestPathReason, Destination, Path } from './path.js';
import { pathView, type GlobalRouteView } from './views.js';

/** Key of the global table in tables keyed by RD (never equal to an `rdKey`). */
export const GLOBAL_RDK = -1;

/**
 * The RD object that stands for the global table where a table wants one (Destination, Adj-RIB
 * tables). Never put on the wire and never compared by value: check `rdk === GLOBAL_RDK`.
 */
export const GLOBAL_RD = Object.freeze(rdFromFields(0, 0, 0));

/** Whether a destination belongs to the global IPv4 unicast table. */
export function isGlobal(dest: Destination): boolean {
  return dest.rdk === GLOBAL_RDK;
}

/**
 * A change of the global table's best path for a prefix, from a neighbour ('remote') or a route
 * we originate ('local'). On withdraw, `nexthop`/`source` are those of the path that went.
 */
export interface GlobalRouteChange {
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly source: 'local' | 'remote';
  readonly withdraw: boolean;
  /** The neighbour a remote path came from. */
  readonly peer?: Ipv4Address;
}

/** The change a best-path transition of a global destination means, if any. */
export function globalChange(dest: Destination, before: Path | undefined, after: Path | undefined): GlobalRouteChange | undefined {
  const prefix = { address: dest.address, length: dest.length };
  const p = after ?? before;
  if (!p) return undefined;
  const remote = p.source.kind === 'peer';
  const base = { prefix, nexthop: p.attrs.nextHop, source: remote ? 'remote' : 'local', withdraw: after === undefined } as const;
  return remote ? { ...base, peer: p.source.address } : base;
}

function row(p: Path, best: boolean, reason: BestPathReason): GlobalRouteView {
  return pathView(p, { address: p.dest.address, length: p.dest.length }, best, reason);
}

/** Every path of the given global destinations, best first per prefix. */
export function* globalRouteViews(dests: Iterable<Destination>): IterableIterator<GlobalRouteView> {
  for (const d of dests) {
    if (d.best) yield row(d.best, true, d.reason);
    for (const p of d.paths) if (p !== d.best) yield row(p, false, d.reason);
  }
}
