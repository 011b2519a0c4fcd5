/**
 * The controller API that `rest/` drives (contract F). Inputs are domain types, parsed once by
 * `rest/` (or the OpenFlow.ini reader); outputs are plain view objects already in the REST
 * response shape of design §2.4 (addresses as dotted-quad strings, RDs/RTs as `65001:101`,
 * MACs as `00:00:00:01:01:01`), so `rest/` only wraps them in `{id, time, <key>}`.
 *
 * Write methods either succeed completely or throw `ControllerError` (controller/errors.ts)
 * having changed nothing; `rest/` maps its `kind` to 409/404/400.
 */
import type { Asn, Ipv4Address, Ipv4Prefix, Label, Rd, RouteTarget } from '../bgp/index.js';

import type { MacAddress } from '../openflow/index.js';

/** A MAC address in canonical form (six lower-case hex pairs joined by `:`): openflow's type. */
export type { MacAddress };

/** Parses `00:00:00:01:01:01` (also `-` separated, any case) into the canonical form. */
export function parseMacAddress(text: string): MacAddress {
  if (!/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text)) {
    throw new Error(`invalid MAC address: ${JSON.stringify(text)}`);
  }
  return text.toLowerCase().replace(/-/g, ':') as MacAddress;
}

/** An OpenFlow port number (1..0xffffff00, OpenFlow 1.3 §7.2.1). */
export type PortNo = number;

/** Entry point: one router per connected switch. */
export interface ControllerApi {
  /** Datapath ids of the switches currently connected. */
  datapaths(): bigint[];
  /** The router of one switch, or undefined when no such switch is connected (REST answers 404). */
  router(dpid: bigint): RouterApi | undefined;
}

// ---------------------------------------------------------------- inputs (domain types)

/** POST bgp: the local BGP speaker. */
export interface BgpConfig {
  /** Local AS number (`as_number`). */
  readonly asNumber: Asn;
  /** BGP identifier (`router_id`). */
  readonly routerId: Ipv4Address;
  /** Local label range, inclusive (`label_range_start` ≤ `label_range_end`). */
  readonly labelRange: { readonly start: Label; readonly end: Label };
}

/** The BGP side of the uplink interface: present when `port_offload_bgp` is set. */
export interface UplinkBgpConfig {
  /** Peer AS (`opposite_asnumber`); the peer address is the interface's `oppositeAddress`. */
  readonly peerAsn: Asn;
  /** OpenFlow port of the offload interface carrying the host's TCP stack (`port_offload_bgp`). */
  readonly offloadPort: PortNo;
  /** MED sent to the peer (`bgp_med`). */
  readonly med?: number;
  /** LOCAL_PREF given to routes received from the peer (`bgp_local_pref`), before best path. */
  readonly localPref?: number;
  /**
   * Narrows `localPref` to received routes whose AS path starts with this AS
   * (`bgp_filter_asnumber`; the original's ASPathFilter POLICY_TOP). Alone it does nothing.
   */
  readonly filterAsn?: Asn;
}

/** POST interface: a router port. */
export interface InterfaceConfig {
  /** OpenFlow port number (`port`). */
  readonly port: PortNo;
  /** Router MAC on this port (`macaddress`). */
  readonly macAddress: MacAddress;
  /** Router IP on this port (`ipaddress`). */
  readonly address: Ipv4Address;
  /** Prefix length of the port's subnet (from `netmask`). */
  readonly prefixLength: number;
  /** The host or peer at the other end (`opposite_ipaddress`), resolved by ARP. */
  readonly oppositeAddress?: Ipv4Address;
  /** Present on the uplink: starts the BGP neighbor toward `oppositeAddress`. */
  readonly bgp?: UplinkBgpConfig;
  /** Binds the port to this VRF (`vrf_routeDist`); absent = global table. */
  readonly vrf?: Rd;
}

/** POST vrf. */
export interface VrfConfig {
  /** `route_dist` */
  readonly rd: Rd;
  /** `import` */
  readonly importRts: readonly RouteTarget[];
  /** `export` */
  readonly exportRts: readonly RouteTarget[];
}

/** POST route: a static route, in a VRF or (without `vrf`) in the global table. */
export interface StaticRouteConfig {
  /** `destination` + `netmask` */
  readonly prefix: Ipv4Prefix;
  /** `nexthop` */
  readonly nexthop: Ipv4Address;
  /** `vrf_routeDist` */
  readonly vrf?: Rd;
}

/** DELETE route. */
export interface StaticRouteKey {
  /** `destination` + `netmask` */
  readonly prefix: Ipv4Prefix;
  /** `vrf_routeDist` */
  readonly vrf?: Rd;
}

/** POST redistribute: announce connected host routes of a VRF. */
export interface RedistributeConfig {
  /** `redistribute`: "ON" → true. */
  readonly enabled: boolean;
  /** `vrf_routeDist` */
  readonly vrf: Rd;
}

/** PUT ping: ICMP echo sent by the router itself. */
export interface PingRequest {
  /** `hostIp`: destination. */
  readonly hostIp: Ipv4Address;
  /** `outPort`: router port to send from. */
  readonly outPort: PortNo;
  /** `data`: ICMP payload text. */
  readonly data: string;
}

/** POST/DELETE bmp: a BMP collector (RFC 7854). */
export interface BmpConfig {
  readonly address: Ipv4Address;
  /** TCP port 1..65535 */
  readonly port: number;
}

// ---------------------------------------------------------------- views (REST shape)

/** GET interface row. */
export interface InterfaceView {
  routerPort: number;
  routerIpAddr: string;
  routerMacAddr: string;
  /** RD the port is bound to, `""` for the global table. */
  routeDist: string;
}

/** GET arp row. */
export interface ArpView {
  hostIpAddr: string;
  hostMacAddr: string;
  routerPort: number;
}

/** GET route row (global table). */
export interface RouteView {
  /** `10.1.0.0/24` */
  prefix: string;
  destIpAddr: string;
  netMask: string;
  nextHopIpAddr: string;
}

/** GET mpls row: a local label and what it pops to. */
export interface MplsView {
  routeDist: string;
  prefix: string;
  label: number;
  destIpAddr: string;
  netMask: string;
  nextHopIpAddr: string;
}

/** A path of a VRF table or of the VPNv4 RIB. */
export interface VpnRouteView {
  /** `10.1.0.0/24` */
  prefix: string;
  labels: number[];
  /** Next hop, `0.0.0.0` for a local route with none. */
  nexthop: string;
  /** Why this path is (or is not) best, as the best-path step named it (`Only Path`, `MED`...). */
  reason: string;
  /** MED, null when absent. */
  metric: number | null;
  /** LOCAL_PREF, null when absent. */
  localPref: number | null;
  /** AS path as printed: `65002 65003 {1 2}`, `""` when empty. */
  asPath: string;
  /** Origin code as printed: `i`, `e` or `?`. */
  origin: 'i' | 'e' | '?';
  best: boolean;
}

/** A VPNv4 RIB path: a VRF path plus its RD. */
export interface RibRouteView extends VpnRouteView {
  routeDist: string;
}

/** GET vrf entry. */
export interface VrfView {
  routeDist: string;
  importRts: string[];
  exportRts: string[];
  routes: VpnRouteView[];
}

/** GET status/peer entry: one event of the peer history, oldest first. */
export interface PeerStatusView {
  /** `YYYY/MM/DD HH:MM:SS` */
  occurTime: string;
  status: 'Peer Up' | 'Peer Down';
  /** Our router id. */
  myPeer: string;
  remotePeer: string;
  asNumber: number;
}

/** GET stats/port row. */
export interface PortStatsView {
  portNo: number;
  rxPackets: number;
  rxBytes: number;
  rxErrors: number;
  txPackets: number;
  txBytes: number;
  txErrors: number;
}

/** GET stats/flow row. */
export interface FlowStatsView {
  /** The flow's key: a prefix `10.1.0.0/24`, or an MPLS label as a decimal string for LFIB flows. */
  ipv4Dst: string;
  packets: number;
  bytes: number;
}

/** GET neighbor entry. */
export interface NeighborView {
  peer: string;
  asNumber: number;
  /** FSM state: `Idle`, `Connect`, `Active`, `OpenSent`, `OpenConfirm`, `Established`. */
  state: string;
  /** Seconds since Established, 0 when not. */
  uptime: number;
  /** Negotiated capabilities, e.g. `["mp-bgp vpnv4", "route-refresh", "4-octet-as"]`. */
  capabilities: string[];
  counters: {
    updatesIn: number;
    updatesOut: number;
    prefixesIn: number;
    prefixesOut: number;
    notificationsIn: number;
    notificationsOut: number;
  };
  /** MED we send, null when none. */
  med: number | null;
  localPref: number | null;
}

/**
 * One router (one switch). Views are synchronous snapshots unless the switch must be asked.
 * Writes resolve once the change is accepted (flows may still be in flight); they throw
 * ControllerError having changed nothing.
 */
export interface RouterApi {
  /** GET interface. */
  interfaces(): InterfaceView[];
  /** GET arp: learned host/peer MACs. */
  arp(): ArpView[];
  /** GET route: the global routing table. */
  routes(): RouteView[];
  /** GET mpls: local labels. */
  mpls(): MplsView[];
  /** GET vrf: every VRF with its table. */
  vrfs(): VrfView[];
  /** GET rib: the VPNv4 Loc-RIB. */
  rib(): RibRouteView[];
  /** GET status/peer: the peer up/down history. */
  peerStatus(): PeerStatusView[];
  /** GET stats/port: asks the switch. */
  portStats(): Promise<PortStatsView[]>;
  /** GET stats/flow: asks the switch. */
  flowStats(): Promise<FlowStatsView[]>;
  /** GET neighbor: BGP neighbors. */
  neighbors(): NeighborView[];

  /** POST bgp. Conflict if BGP is already configured with a different AS/router id. */
  configureBgp(config: BgpConfig): Promise<void>;
  /** POST interface. Conflict if the port is already configured; not-found for an unknown VRF. */
  addInterface(config: InterfaceConfig): Promise<void>;
  /** POST vrf. Conflict if the RD exists. */
  addVrf(config: VrfConfig): Promise<void>;
  /** DELETE vrf. Not-found if absent; conflict while a port is bound to it. */
  deleteVrf(rd: Rd): Promise<void>;
  /** POST route. Conflict when the label range is exhausted; not-found for an unknown VRF. */
  addRoute(route: StaticRouteConfig): Promise<void>;
  /** DELETE route. Not-found if absent. */
  deleteRoute(route: StaticRouteKey): Promise<void>;
  /** POST gateway: default route of the global table. */
  setGateway(nexthop: Ipv4Address): Promise<void>;
  /** POST redistribute: connected routes of a VRF ON/OFF. */
  setRedistribute(config: RedistributeConfig): Promise<void>;
  /** PUT ping: returns five result lines, as the original printed them. */
  ping(request: PingRequest): Promise<string[]>;
  /** PUT neighbor: change the MED sent to a peer and re-advertise. Not-found for an unknown peer. */
  setNeighborMed(peer: Ipv4Address, med: number): Promise<void>;
  /** POST bmp. Conflict if already configured. */
  addBmp(config: BmpConfig): Promise<void>;
  /** DELETE bmp. Not-found if absent. */
  deleteBmp(config: BmpConfig): Promise<void>;
}
