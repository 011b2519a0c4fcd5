/** Shared builders for the RIB unit tests. */
import { asn, label, parseIpv4, parseIpv4Prefix, parseRd, parseRouteTarget, type Ipv4Address, type Label } from '../../../../bgp/types/index.js';
import { LabelBook } from '../../../../bgp/labels/index.js';
import { Rib, peerSource, type AsPathSegment, type Destination, type RouteAttrsInput, type VrfRouteChange } from '../../../../bgp/rib/index.js';

export const LOCAL_AS = asn(65001);
export const ROUTER_ID = parseIpv4('10.10.10.1');
export const ip = parseIpv4;
export const pfx = parseIpv4Prefix;
export const rd = parseRd;
export const rt = parseRouteTarget;
export const seq = (...asns: number[]): AsPathSegment[] => [{ type: 'sequence', asns: asns.map(asn) }];

/** A RIB with a manual event-loop turn. */
export function makeRib(mode: 'per-ce' | 'per-prefix' | 'per-vrf' = 'per-ce', end = 1999) {
  const turns: Array<() => void> = [];
  const batches: VrfRouteChange[][] = [];
  const exports: Destination[] = [];
  const labels = new LabelBook({ start: label(1000), end: label(end) }, mode);
  const rib = new Rib({
    localAsn: LOCAL_AS,
    routerId: ROUTER_ID,
    labels,
    schedule: (fn) => turns.push(fn),
    onVrfChanges: (c) => batches.push(c),
    onExport: (d) => exports.push(d),
  });
  /** Ends the turn: runs scheduled callbacks, returns the changes they delivered. */
  const turn = (): VrfRouteChange[] => {
    const before = batches.length;
    while (turns.length > 0) turns.shift()!();
    return batches.slice(before).flat();
  };
  return { rib, labels, turn, batches, exports, turns };
}

/** Adds an eBGP (or iBGP) neighbour. */
export function addPeer(rib: Rib, address: string, peerAs: number, routerId = address): Ipv4Address {
  const a = ip(address);
  rib.addPeer(peerSource(a, peerAs, LOCAL_AS, ip(routerId)));
  return a;
}

export function attrs(rib: Rib, over: Partial<RouteAttrsInput> & { rts?: string[] } = {}) {
  return rib.intern({
    origin: over.origin ?? 'igp',
    asPath: over.asPath ?? seq(65002),
    nextHop: over.nextHop ?? ip('192.168.0.2'),
    med: over.med,
    localPref: over.localPref,
    routeTargets: (over.rts ?? ['65001:101']).map(rt),
  });
}

export const lbl = (n: number): Label[] => [label(n)];
