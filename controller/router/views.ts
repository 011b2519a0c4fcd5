/**
 * Domain state → REST view rows (design §2.4), formatted the way the original printed them.
 * Pure functions; the router calls them with snapshots.
 */
import type * as api from '../api.js';
import {
  AFI_IPV4,
  SAFI_MPLS_VPN,
  SAFI_UNICAST,
  describeBestPathReason,
  formatAsPath,
  formatIpv4,
  formatIpv4Prefix,
  formatRd,
  maskOf,
  type Ipv4Address,
  type GlobalRouteView,
  type NeighborView as BgpNeighborView,
  type RouteView as BgpRouteView,
  type Origin,
} from '../deps/bgp.js';

const ORIGIN_CODE: Record<Origin, 'i' | 'e' | '?'> = { igp: 'i', egp: 'e', incomplete: '?' };

/** `YYYY/MM/DD HH:MM:SS` in local time, as the original's logs and tables show it. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// GET vrf at 100k routes must stay well under a second (design §2.6: the original took 2.5 s):
// the speaker interns AS paths and next hops repeat, so their texts are computed once.
const asPathText = new WeakMap<object, string>();
const ipText = new Map<number, string>();

function asPathOf(path: BgpRouteView['asPath']): string {
  let t = asPathText.get(path);
  if (t === undefined) asPathText.set(path, (t = formatAsPath(path)));
  return t;
}

function ipOf(a: Ipv4Address): string {
  let t = ipText.get(a);
  if (t === undefined) {
    if (ipText.size > 10_000) ipText.clear();
    ipText.set(a, (t = formatIpv4(a)));
  }
  return t;
}

/** One path of a VRF table or the VPNv4 RIB. */
export function vpnRouteView(r: BgpRouteView): api.VpnRouteView {
  return {
    prefix: formatIpv4Prefix(r.prefix),
    // The frozen label stack is shared, not copied; it is only serialised.
    labels: r.labels as readonly number[] as number[],
    nexthop: ipOf(r.nexthop),
    reason: describeBestPathReason(r.reason),
    metric: r.metric ?? null,
    localPref: r.localPref ?? null,
    asPath: asPathOf(r.asPath),
    origin: ORIGIN_CODE[r.origin],
    best: r.best,
  };
}

/**
 * A path of the global IPv4 unicast table as a GET rib row: no RD (`routeDist` ""), no label —
 * the same "" the interface rows use for the global table.
 */
export function globalRibRouteView(r: GlobalRouteView): api.RibRouteView {
  return {
    prefix: formatIpv4Prefix(r.prefix),
    labels: [],
    nexthop: ipOf(r.nexthop),
    reason: describeBestPathReason(r.reason),
    metric: r.metric ?? null,
    localPref: r.localPref ?? null,
    asPath: asPathOf(r.asPath),
    origin: ORIGIN_CODE[r.origin],
    best: r.best,
    routeDist: '',
  };
}

/** A VPNv4 RIB row: the path plus its RD. */
export function ribRouteView(r: BgpRouteView): api.RibRouteView {
  return { ...vpnRouteView(r), routeDist: formatRd(r.routeDist) };
}

/** A route row with destination, mask and next hop spelled out. */
export function prefixParts(prefix: { address: Ipv4Address; length: number }, nexthop: Ipv4Address) {
  return {
    prefix: formatIpv4Prefix(prefix),
    destIpAddr: formatIpv4(prefix.address),
    netMask: formatIpv4(maskOf(prefix.length) as Ipv4Address),
    nextHopIpAddr: formatIpv4(nexthop),
  };
}

const STATE_NAMES: Record<string, string> = {
  idle: 'Idle', connect: 'Connect', active: 'Active', opensent: 'OpenSent', openconfirm: 'OpenConfirm', established: 'Established',
};

/** A neighbour row. */
export function neighborView(n: BgpNeighborView): api.NeighborView {
  const caps: string[] = [];
  const neg = n.negotiated;
  if (neg) {
    for (const f of neg.families) {
      if (f.afi === AFI_IPV4 && f.safi === SAFI_MPLS_VPN) caps.push('mp-bgp vpnv4');
      else if (f.afi === AFI_IPV4 && f.safi === SAFI_UNICAST) caps.push('mp-bgp ipv4');
      else caps.push(`mp-bgp afi ${f.afi} safi ${f.safi}`);
    }
    if (neg.routeRefresh) caps.push('route-refresh');
    if (neg.enhancedRouteRefresh) caps.push('enhanced-route-refresh');
    if (neg.fourOctetAs) caps.push('4-octet-as');
  }
  const state = String(n.state);
  return {
    peer: formatIpv4(n.address),
    asNumber: n.remoteAsn,
    state: STATE_NAMES[state.toLowerCase()] ?? state,
    uptime: n.uptimeSeconds,
    capabilities: caps,
    counters: {
      updatesIn: n.counters.updatesReceived,
      updatesOut: n.counters.updatesSent,
      prefixesIn: n.counters.prefixesReceived,
      prefixesOut: n.counters.prefixesAdvertised,
      notificationsIn: n.counters.notificationsReceived,
      notificationsOut: n.counters.notificationsSent,
    },
    med: n.med ?? null,
    localPref: n.localPref ?? null,
  };
}
