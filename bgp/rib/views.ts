/** Read-only rows of the VRF tables and the VPNv4 RIB (the controller formats them for REST). */
import type { Ipv4Address, Ipv4Prefix, Label, Rd, RouteTarget } from '../types/index.js';
import type { AsPathSegment, Origin } from './attributes.js';
import type { BestPathReason, Path } from './path.js';
import type { Rib } from './rib.js';
import type { Vrf } from './vrf.js';

/** One path of a table. */
export interface RouteView {
  readonly routeDist: Rd;
  readonly prefix: Ipv4Prefix;
  readonly labels: readonly Label[];
  readonly nexthop: Ipv4Address;
  /** Why the best path won (meaningful on the best row). */
  readonly reason: BestPathReason;
  /** MULTI_EXIT_DISC. */
  readonly metric: number | undefined;
  readonly localPref: number | undefined;
  readonly asPath: readonly AsPathSegment[];
  readonly origin: Origin;
  readonly best: boolean;
  readonly source: 'local' | 'remote';
  readonly peer: Ipv4Address | undefined;
  readonly routeTargets: readonly RouteTarget[];
}

/** A VRF and its routes. */
export interface VrfView {
  readonly rd: Rd;
  readonly importRts: readonly RouteTarget[];
  readonly exportRts: readonly RouteTarget[];
  readonly routeCount: number;
}

/** A path of the global IPv4 table: a route view without the VPN-only fields. */
export type GlobalRouteView = Omit<RouteView, 'routeDist' | 'labels' | 'routeTargets'>;

/** The fields every table shows of a path. */
export function pathView(p: Path, prefix: Ipv4Prefix, best: boolean, reason: BestPathReason): GlobalRouteView {
  const local = p.source.kind === 'local';
  return {
    prefix,
    nexthop: p.attrs.nextHop,
    reason,
    metric: p.attrs.med,
    localPref: p.attrs.localPref,
    asPath: p.attrs.asPath,
    origin: p.attrs.origin,
    best,
    source: local ? 'local' : 'remote',
    peer: local ? undefined : p.source.address,
  };
}

function row(p: Path, prefix: Ipv4Prefix, best: boolean, reason: BestPathReason): RouteView {
  return { routeDist: p.dest.rd, labels: p.labels, routeTargets: p.attrs.routeTargets, ...pathView(p, prefix, best, reason) };
}

/** Summary of a VRF. */
export function vrfView(v: Vrf): VrfView {
  return { rd: v.rd, importRts: v.config.importRts, exportRts: v.config.exportRts, routeCount: v.table.size };
}

/** Every candidate path of a VRF table, best first per prefix. `routeDist` is the path's own RD. */
export function* vrfRouteViews(v: Vrf): IterableIterator<RouteView> {
  for (const [address, length, e] of v.table.entries()) {
    const prefix = { address: address as Ipv4Address, length };
    if (e.best) yield row(e.best, prefix, true, e.reason);
    for (const c of e.candidates) if (c !== e.best) yield row(c, prefix, false, e.reason);
  }
}

/** Every path of the VPNv4 Loc-RIB, best first per (RD, prefix). */
export function* vpnRibViews(rib: Rib): IterableIterator<RouteView> {
  for (const [, address, length, d] of rib.locRib.entries()) {
    const prefix = { address: address as Ipv4Address, length };
    if (d.best) yield row(d.best, prefix, true, d.reason);
    for (const p of d.paths) if (p !== d.best) yield row(p, prefix, false, d.reason);
  }
}
