/**
 * The topology the CLI builds: sites (one PE router each) and their hosts. Plain data, so a
 * `--topology FILE` can hold one and `status --json` can print it. Values are text in the
 * shape the REST API takes them (the original's clients sent strings), computed by the pure
 * generators beside this file.
 */

/** One PE router: its namespace, OVS bridge, BGP and uplink settings, and its hosts. */
export interface SiteSpec {
  /** Short id used in names (`a` → namespace `pw-a`). Letters and digits, ≤ 4 characters. */
  readonly id: string;
  /** Datapath id, 16 hex digits. */
  readonly dpid: string;
  /** TCP port of the site's REST API on 127.0.0.1 of the machine. */
  readonly restPort: number;
  /** Body of `POST bgp` (as the original's OpenFlow.ini [Bgp]). */
  readonly bgp: BgpSettings;
  /** Body of `POST interface` for the uplink (as the original's OpenFlow.ini [Port]). */
  readonly uplink: UplinkSettings;
  readonly hosts: readonly HostSpec[];
}

/** OpenFlow.ini [Bgp], as text. */
export interface BgpSettings {
  readonly as_number: string;
  readonly router_id: string;
  readonly label_range_start: string;
  readonly label_range_end: string;
}

/** OpenFlow.ini [Port], as text (the uplink: `port_offload_bgp` set). */
export interface UplinkSettings {
  readonly port: string;
  readonly macaddress: string;
  readonly ipaddress: string;
  readonly netmask: string;
  readonly opposite_ipaddress: string;
  readonly opposite_asnumber: string;
  readonly port_offload_bgp: string;
  readonly bgp_med: string;
  readonly bgp_local_pref: string;
  readonly bgp_filter_asnumber: string;
  readonly vrf_routeDist: string;
}

/** A tenant host attached to a router port, in its own VRF. */
export interface HostSpec {
  /** Name as the original named its containers, e.g. `host_001_101`. */
  readonly name: string;
  /** OpenFlow port of the router facing this host (3, 4, ... in creation order). */
  readonly port: number;
  /** Router side of the link: address and MAC. */
  readonly routerIp: string;
  readonly routerMac: string;
  /** Host side: address on eth0 and the shared prefix length. */
  readonly hostIp: string;
  readonly prefixLength: number;
  /** The VRF of this port. */
  readonly vrf: VrfSpec;
  /** Addresses (CIDR) of the host's LAN interfaces eth1..ethN. */
  readonly lans: readonly string[];
  /** Static VRF routes `prefix/len` via the host IP (the host's LANs). */
  readonly routes: readonly string[];
  /** Whether the VRF redistributes connected routes (the host's own address). */
  readonly redistributeConnected: boolean;
}

/** A VRF: route distinguisher and route targets, as text (`65001:101`). */
export interface VrfSpec {
  readonly rd: string;
  readonly importRts: readonly string[];
  readonly exportRts: readonly string[];
}

/** A whole WAN: one or two sites (more when a topology file says so). */
export interface Topology {
  readonly sites: readonly SiteSpec[];
}

/** Name of a site's namespace: `pw-a` for prefix `pw`, site `a`. */
export function siteNetns(prefix: string, site: Pick<SiteSpec, 'id'>): string {
  return `${prefix}-${site.id}`;
}

/**
 * Name of a host's namespace (or container). With the default prefix it is the host's own
 * name, as the original named its containers; any other prefix (tests) is prepended so that
 * two WANs never share a name.
 */
export function hostNetns(prefix: string, host: Pick<HostSpec, 'name'>): string {
  return prefix === DEFAULT_PREFIX ? host.name : `${prefix}-${host.name}`;
}

/** The prefix of the user's WAN (tests use another one). */
export const DEFAULT_PREFIX = 'pw';

/** The site-namespace name of the veth toward a host on OpenFlow port `port` (≤ 15 chars). */
export function hostPortIface(port: number): string {
  return `p${port}`;
}

/** Interface names inside a site namespace: WAN uplink, offload pair. */
export const WAN_IFACE = 'wan0';
export const OFFLOAD_IFACE = 'bgpPort';
export const OFFLOAD_SWITCH_IFACE = 'ofl0';
