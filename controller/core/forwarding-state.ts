/**
 * The router's forwarding state — uplink, host ports bound to VRFs, VRF routes (local and
 * remote, as the BGP speaker reports its best paths), our own labels and the ARP table — and
 * the flows it implies. Functional core: every method takes `now`, changes state, restates the
 * affected owners' flows in the FlowStore and queues ARP requests; it never does I/O.
 *
 * Owners (the unit of recomputation):
 *   `base`            table misses, the classifier, the router's own addresses
 *   `r|VRF|PREFIX`    one VRF route (table 1; local routes also in table 3, except those leaked
 *                     from another VRF, which go out of that VRF's port)
 *   `c|ARPKEY`        a host learned by ARP on a VRF port (tables 1 and 3, /32); ARPKEY = (port, IP)
 *   `l|LABEL`         one of our labels (table 2)
 * Routes and labels wait for their next hop's MAC: an owner depends on at most one (port, IP),
 * and learning it restates exactly the owners that wait for it.
 */
import { formatRd, ipv4Prefix, prefixContains, type Ipv4Address, type Ipv4Prefix, type Label, type Rd } from '../deps/bgp.js';
import type { MacAddress } from '../deps/openflow.js';
import type { FlowSpec } from '../pipeline/flow-spec.js';
import { FlowStore } from '../pipeline/flow-store.js';
import { ArpTable, arpKey, type ArpEntry, type ArpRequestOut, type ArpTimers, type LearnResult } from './arp-table.js';
import {
  GLOBAL_VRF_ID,
  globalRemoteRouteFlow,
  hostPortClassifier,
  labelToHostFlow,
  leakedRouteFlow,
  labelToVrfFlow,
  localRouteFlows,
  missFlows,
  ownAddressFlow,
  remoteRouteFlow,
  uplinkClassifier,
  type Adjacency,
} from './flow-builders.js';

/** The uplink port and the BGP offload port (design §3). */
export interface UplinkConfig {
  readonly port: number;
  readonly offloadPort: number;
  readonly ip: Ipv4Address;
  readonly prefixLength: number;
  readonly mac: MacAddress;
  readonly peerIp: Ipv4Address;
}

/** A router port toward hosts, bound to a VRF (or, without one, to the global table). */
export interface HostPortConfig {
  readonly port: number;
  readonly ip: Ipv4Address;
  readonly prefixLength: number;
  readonly mac: MacAddress;
  readonly vrf?: Rd;
}

/** Key of the global routing table (ports without a VRF, POST route without an RD, the gateway). */
export const GLOBAL_TABLE = '';
/** Metadata id of the global table; VRFs get 1..65535. */
const GLOBAL_ID = GLOBAL_VRF_ID;

function portTable(p: HostPortConfig): string {
  return p.vrf ? rdKey(p.vrf) : GLOBAL_TABLE;
}

/** A change of a VRF's best path, as the BGP speaker reports it (contract E 'vrf-route'). */
export interface VrfRouteChange {
  readonly vrf: Rd;
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly labels: readonly Label[];
  readonly source: 'local' | 'remote';
  readonly withdraw: boolean;
  /** A local route leaked from another VRF of this router by route target: that VRF. */
  readonly originVrf?: Rd;
}

/** A route as the forwarding state keeps it. */
export interface RouteState {
  readonly vrfKey: string;
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly labels: readonly Label[];
  readonly source: 'local' | 'remote';
  /**
   * A leaked local route: the key of the VRF whose ports hold its next hop (and whose label it
   * carries). Only such routes forward from one VRF into another's ports.
   */
  readonly originVrfKey?: string;
}

interface VrfState {
  readonly rd: Rd | undefined;
  readonly id: number;
}

const rdText = new WeakMap<Rd, string>();
/** formatRd, cached per Rd object (the speaker hands out one Rd per VRF, 100k times). */
function rdKey(rd: Rd): string {
  let t = rdText.get(rd);
  if (t === undefined) rdText.set(rd, (t = formatRd(rd)));
  return t;
}

/**
 * Whether a route's label is one of ours to pop here: a local route's, but not a leaked copy's
 * (the label belongs to the origin VRF's route, which installs the pop; a label never spans VRFs).
 */
function ownsLabel(r: RouteState): boolean {
  return r.source === 'local' && r.originVrfKey === undefined && r.labels[0] !== undefined;
}

function prefixKey(p: Ipv4Prefix): number {
  return p.address * 64 + p.length;
}

/** Whether `ip` is on the subnet of an interface address `own`/`length`. */
function onSubnet(own: Ipv4Address, length: number, ip: Ipv4Address): boolean {
  return prefixContains(ipv4Prefix(own, length), ip);
}

/** The router's forwarding state and its flows. */
export class ForwardingState {
  /** Desired versus installed flows. */
  readonly flows = new FlowStore();
  /** The ARP table. */
  readonly arp: ArpTable;
  private uplinkConfig: UplinkConfig | undefined;
  private readonly ports = new Map<number, HostPortConfig>();
  private readonly vrfs = new Map<string, VrfState>();
  private readonly routes = new Map<string, Map<number, RouteState>>();
  /** Routes received over IPv4 unicast, by prefix key, including those a local route hides. */
  private readonly receivedGlobal = new Map<number, RouteState>();
  private readonly labelUsers = new Map<Label, Map<string, RouteState>>();
  private readonly dependents = new Map<number, Set<string>>();
  private readonly dependency = new Map<string, number>();
  private arpOut: ArpRequestOut[] = [];
  private depTouched = false;
  private now = 0;

  constructor(arpTimers?: ArpTimers) {
    this.arp = new ArpTable(arpTimers);
    this.vrfs.set(GLOBAL_TABLE, { rd: undefined, id: GLOBAL_ID });
    this.flows.set('base', missFlows());
  }

  // ---- configuration ------------------------------------------------------------------

  /** Sets (or replaces) the uplink; resolves the peer's MAC. */
  setUplink(u: UplinkConfig, now: number): void {
    this.now = now;
    this.uplinkConfig = u;
    this.restateAll();
    this.want(u.peerIp, u.port);
  }

  /** The uplink, if configured. */
  get uplink(): UplinkConfig | undefined {
    return this.uplinkConfig;
  }

  /** Creates a VRF and gives it a metadata id (1..65535). Returns the id. */
  addVrf(rd: Rd, now: number): number {
    this.now = now;
    const key = formatRd(rd);
    const existing = this.vrfs.get(key);
    if (existing) return existing.id;
    const used = new Set([...this.vrfs.values()].map((v) => v.id));
    used.add(GLOBAL_ID);
    let id = 1;
    while (used.has(id)) id++;
    if (id > 0xffff) throw new Error('out of VRF ids');
    this.vrfs.set(key, { rd, id });
    this.restateAll();
    return id;
  }

  /** Removes a VRF; its ports lose their binding, its routes their flows. */
  removeVrf(rd: Rd, now: number): void {
    this.now = now;
    const key = formatRd(rd);
    this.vrfs.delete(key);
    for (const [no, p] of this.ports) if (portTable(p) === key) this.ports.delete(no);
    this.restateAll();
  }

  /** The metadata id of a VRF. */
  vrfId(rd: Rd): number | undefined {
    return this.vrfs.get(formatRd(rd))?.id;
  }

  /** Binds a host port to a VRF (replacing an earlier binding of that port). */
  bindPort(p: HostPortConfig, now: number): void {
    this.now = now;
    this.ports.set(p.port, p);
    this.restateAll();
  }

  /** Unbinds a host port. */
  unbindPort(port: number, now: number): void {
    this.now = now;
    this.ports.delete(port);
    this.restateAll();
  }

  /** Host ports, by port number. */
  hostPorts(): HostPortConfig[] {
    return [...this.ports.values()].sort((a, b) => a.port - b.port);
  }

  /** The host port whose subnet in `vrfKey` holds `ip`. */
  portFor(vrfKey: string, ip: Ipv4Address): HostPortConfig | undefined {
    for (const p of this.ports.values()) {
      if (portTable(p) === vrfKey && onSubnet(p.ip, p.prefixLength, ip)) return p;
    }
    return undefined;
  }

  /** The port (host port or uplink) whose subnet holds `ip`. */
  portOnLink(ip: Ipv4Address): { port: number; ip: Ipv4Address; mac: MacAddress } | undefined {
    const u = this.uplinkConfig;
    if (u && onSubnet(u.ip, u.prefixLength, ip)) return { port: u.port, ip: u.ip, mac: u.mac };
    for (const p of this.ports.values()) {
      if (onSubnet(p.ip, p.prefixLength, ip)) return p;
    }
    return undefined;
  }

  /** Our MAC and IP on a port (uplink or host port). */
  portAddress(port: number): { ip: Ipv4Address; mac: MacAddress } | undefined {
    const u = this.uplinkConfig;
    if (u && u.port === port) return { ip: u.ip, mac: u.mac };
    return this.ports.get(port);
  }

  /** Whether `ip` is on the subnet of our address on `port` (uplink or host port). */
  onPortSubnet(port: number, ip: Ipv4Address): boolean {
    const u = this.uplinkConfig;
    if (u && u.port === port) return onSubnet(u.ip, u.prefixLength, ip);
    const p = this.ports.get(port);
    return p !== undefined && onSubnet(p.ip, p.prefixLength, ip);
  }

  /** Whether `ip` is one of the router's own addresses on `port`. */
  isOwnAddress(port: number, ip: Ipv4Address): boolean {
    return this.portAddress(port)?.ip === ip;
  }

  // ---- routes -----------------------------------------------------------------------------

  /** Applies one best-path change of a VRF. */
  applyRoute(ev: VrfRouteChange, now: number): void {
    this.now = now;
    const vrfKey = rdKey(ev.vrf);
    const pk = prefixKey(ev.prefix);
    const owner = `r|${vrfKey}|${pk}`;
    let table = this.routes.get(vrfKey);
    if (!table) this.routes.set(vrfKey, (table = new Map()));
    const old = table.get(pk);
    if (old && ownsLabel(old)) this.dropLabelUser(old.labels[0]!, owner);
    if (ev.withdraw) {
      table.delete(pk);
    } else {
      const origin = ev.originVrf && ev.source === 'local' ? rdKey(ev.originVrf) : undefined;
      const r: RouteState =
        origin !== undefined && origin !== vrfKey
          ? { vrfKey, prefix: ev.prefix, nexthop: ev.nexthop, labels: ev.labels, source: ev.source, originVrfKey: origin }
          : { vrfKey, prefix: ev.prefix, nexthop: ev.nexthop, labels: ev.labels, source: ev.source };
      table.set(pk, r);
      // Only labels WE allocated ever enter the LFIB: a remote PE's label value is meaningless here.
      if (ownsLabel(r)) this.addLabelUser(r.labels[0]!, owner, r);
      this.flows.set(owner, this.tracked(owner, () => this.routeFlows(owner, r)));
      return;
    }
    this.setDependency(owner, undefined);
    this.flows.set(owner, []);
  }

  /** Adds or removes a route of the global table (POST route without an RD, POST gateway). */
  setGlobalRoute(prefix: Ipv4Prefix, nexthop: Ipv4Address, withdraw: boolean, now: number): void {
    this.applyGlobalRoute({ prefix, nexthop, source: 'local', withdraw }, now);
  }

  /**
   * Applies a change of the global table: ours (REST, or the speaker echoing its best path) or
   * learned over BGP IPv4 unicast ('remote': plain IP out of the uplink to the peer). Ours
   * always win in forwarding (a static route or the gateway beats a received route of the same
   * prefix, like a lower administrative distance); the received one is kept aside and takes
   * over when ours goes.
   */
  applyGlobalRoute(ev: { prefix: Ipv4Prefix; nexthop: Ipv4Address; source: 'local' | 'remote'; withdraw: boolean }, now: number): void {
    this.now = now;
    const pk = prefixKey(ev.prefix);
    const owner = `r|${GLOBAL_TABLE}|${pk}`;
    let table = this.routes.get(GLOBAL_TABLE);
    if (!table) this.routes.set(GLOBAL_TABLE, (table = new Map()));
    const current = table.get(pk);
    if (ev.source === 'remote') {
      const r: RouteState = { vrfKey: GLOBAL_TABLE, prefix: ev.prefix, nexthop: ev.nexthop, labels: [], source: 'remote' };
      if (ev.withdraw) this.receivedGlobal.delete(pk);
      else this.receivedGlobal.set(pk, r);
      if (current?.source === 'local') return;
      if (ev.withdraw) table.delete(pk);
      else table.set(pk, r);
    } else if (ev.withdraw) {
      if (current?.source !== 'local') return;
      const received = this.receivedGlobal.get(pk);
      if (received) table.set(pk, received);
      else table.delete(pk);
    } else table.set(pk, { vrfKey: GLOBAL_TABLE, prefix: ev.prefix, nexthop: ev.nexthop, labels: [], source: 'local' });
    this.restate(owner);
  }

  /** Routes of a VRF (by its canonical RD text; GLOBAL_TABLE for the global table). */
  routesOf(vrfKey: string): RouteState[] {
    return [...(this.routes.get(vrfKey)?.values() ?? [])];
  }

  /** Our labels and the routes that use them. */
  localLabels(): Array<{ label: Label; routes: RouteState[] }> {
    return [...this.labelUsers].map(([label, users]) => ({ label, routes: [...users.values()] }));
  }

  private addLabelUser(label: Label, owner: string, r: RouteState): void {
    let users = this.labelUsers.get(label);
    if (!users) this.labelUsers.set(label, (users = new Map()));
    users.set(owner, r);
    this.restate(`l|${label}`);
  }

  private dropLabelUser(label: Label, owner: string): void {
    const users = this.labelUsers.get(label);
    if (!users) return;
    users.delete(owner);
    if (users.size === 0) this.labelUsers.delete(label);
    this.restate(`l|${label}`);
  }

  // ---- ARP --------------------------------------------------------------------------------

  /** Learns a neighbour; restates whatever waited for it. */
  learn(ip: Ipv4Address, mac: MacAddress, port: number, now: number): LearnResult {
    this.now = now;
    const result = this.arp.learn(ip, mac, port, now);
    if (result !== 'same') this.restateDependents(arpKey(port, ip));
    return result;
  }

  /** Asks for a neighbour to be resolved (a static route's next hop, a ping target). */
  resolve(ip: Ipv4Address, port: number, now: number): void {
    this.now = now;
    this.want(ip, port);
  }

  /** Timers: refreshes, retries, aging. Returns the entries that aged out. */
  tick(now: number): ArpEntry[] {
    this.now = now;
    const { requests, expired } = this.arp.tick(now);
    this.arpOut.push(...requests);
    for (const e of expired) this.restateDependents(arpKey(e.port, e.ip));
    return expired;
  }

  /** ARP requests to send (and forgets them). */
  takeArpRequests(): ArpRequestOut[] {
    const out = this.arpOut;
    this.arpOut = [];
    return out;
  }

  /** The VRF port a learned host sits behind, if it is a host (not the router, not the uplink). */
  hostPortOf(e: ArpEntry): HostPortConfig | undefined {
    const p = this.ports.get(e.port);
    if (!p || p.ip === e.ip || !onSubnet(p.ip, p.prefixLength, e.ip)) return undefined;
    return p;
  }

  // ---- restating owners -------------------------------------------------------------------

  private want(ip: Ipv4Address, port: number): void {
    const req = this.arp.want(ip, port, this.now);
    if (req) this.arpOut.push(req);
  }

  private restateDependents(key: number): void {
    const u = this.uplinkConfig;
    if (u && key === arpKey(u.port, u.peerIp)) this.restateRemoteRoutes();
    for (const owner of [...(this.dependents.get(key) ?? [])]) this.restate(owner);
    this.restate(`c|${key}`);
  }

  private restateRemoteRoutes(): void {
    for (const [vrfKey, table] of this.routes) {
      for (const [pk, r] of table) if (r.source === 'remote') this.restate(`r|${vrfKey}|${pk}`);
    }
  }

  private peerAdj: Adjacency | undefined;
  /** One shared adjacency object toward the peer (100k routes point at it). */
  private peerAdjacency(u: UplinkConfig, mac: MacAddress): Adjacency {
    const a = this.peerAdj;
    if (a && a.port === u.port && a.srcMac === u.mac && a.dstMac === mac) return a;
    return (this.peerAdj = { port: u.port, srcMac: u.mac, dstMac: mac });
  }

  private restateAll(): void {
    this.flows.set('base', this.baseFlows());
    for (const [vrfKey, table] of this.routes) for (const pk of table.keys()) this.restate(`r|${vrfKey}|${pk}`);
    for (const label of this.labelUsers.keys()) this.restate(`l|${label}`);
    for (const owner of this.flows.ownersWithPrefix('c|')) this.restate(owner);
    for (const e of this.arp.all()) this.restate(`c|${arpKey(e.port, e.ip)}`);
  }

  private restate(owner: string): void {
    const flows = this.tracked(owner, () => {
      if (owner.startsWith('r|')) {
        const [, vrfKey, pk] = owner.split('|');
        const r = this.routes.get(vrfKey!)?.get(Number(pk));
        return r ? this.routeFlows(owner, r) : [];
      }
      if (owner.startsWith('l|')) return this.labelFlows(owner, Number(owner.slice(2)) as Label);
      if (owner.startsWith('c|')) return this.connectedFlows(Number(owner.slice(2)));
      return [];
    });
    this.flows.set(owner, flows);
  }

  /** Runs a flow computation; if it waited on no neighbour, the owner's old wait is dropped. */
  private tracked(owner: string, compute: () => FlowSpec[]): FlowSpec[] {
    this.depTouched = false;
    const flows = compute();
    if (!this.depTouched) this.setDependency(owner, undefined);
    return flows;
  }

  private setDependency(owner: string, ip: number | undefined): void {
    const old = this.dependency.get(owner);
    if (old === ip) return;
    if (old !== undefined) {
      const set = this.dependents.get(old);
      set?.delete(owner);
      if (set && set.size === 0) this.dependents.delete(old);
    }
    if (ip === undefined) {
      this.dependency.delete(owner);
      return;
    }
    this.dependency.set(owner, ip);
    let set = this.dependents.get(ip);
    if (!set) this.dependents.set(ip, (set = new Set()));
    set.add(owner);
  }

  /** Our MAC on the way to `ip` and its MAC, once ARP knows it; registers the wait otherwise. */
  private adjacency(owner: string, ip: Ipv4Address, port: number, srcMac: MacAddress): Adjacency | undefined {
    this.setDependency(owner, arpKey(port, ip));
    this.depTouched = true;
    const e = this.arp.lookup(port, ip);
    if (!e) {
      this.want(ip, port);
      return undefined;
    }
    return { port, srcMac, dstMac: e.mac };
  }

  private baseFlows(): FlowSpec[] {
    const flows = missFlows();
    if (this.uplinkConfig) flows.push(...uplinkClassifier(this.uplinkConfig));
    for (const p of this.ports.values()) {
      const vrf = this.vrfs.get(portTable(p));
      if (!vrf) continue;
      flows.push(...hostPortClassifier({ port: p.port, vrfId: vrf.id }));
      flows.push(ownAddressFlow(vrf.id, p.ip));
    }
    // Two ports of one VRF may share a router IP only once.
    const seen = new Set<string>();
    return flows.filter((f) => {
      const k = `${f.table}/${f.priority}/${JSON.stringify(f.match, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private routeFlows(owner: string, r: RouteState): FlowSpec[] {
    const vrf = this.vrfs.get(r.vrfKey);
    if (!vrf) return [];
    if (r.source === 'remote') {
      const u = this.uplinkConfig;
      const label = r.labels[0];
      if (u && r.vrfKey === GLOBAL_TABLE) return this.globalRemoteFlows(owner, r, u);
      if (!u || label === undefined) return [];
      const hop = onSubnet(u.ip, u.prefixLength, r.nexthop) ? r.nexthop : u.peerIp;
      if (hop === u.peerIp) {
        // The common case, 100k times over: every such route waits on the one peer, so they
        // are not registered one by one; learning the peer restates all remote routes.
        this.depTouched = true;
        if (this.dependency.has(owner)) this.setDependency(owner, undefined);
        const e = this.arp.lookup(u.port, hop);
        if (!e) {
          this.want(hop, u.port);
          return [];
        }
        return [remoteRouteFlow(vrf.id, r.prefix, label, this.peerAdjacency(u, e.mac))];
      }
      const adj = this.adjacency(owner, hop, u.port, u.mac);
      return adj ? [remoteRouteFlow(vrf.id, r.prefix, label, adj)] : [];
    }
    if (r.originVrfKey !== undefined) {
      // Leaked by route target: matched in this VRF (metadata), delivered out of the origin
      // VRF's port toward the next hop ARP knows there. The origin VRF must still exist.
      if (!this.vrfs.has(r.originVrfKey)) return [];
      const home = this.portFor(r.originVrfKey, r.nexthop);
      if (!home) return [];
      const via = this.adjacency(owner, r.nexthop, home.port, home.mac);
      return via ? [leakedRouteFlow(vrf.id, r.prefix, via)] : [];
    }
    const port = this.portFor(r.vrfKey, r.nexthop);
    if (!port) return [];
    const adj = this.adjacency(owner, r.nexthop, port.port, port.mac);
    return adj ? localRouteFlows('local-route', vrf.id, r.prefix, adj) : [];
  }

  /** A route learned over IPv4 unicast: plain IP toward its next hop on the uplink (else the peer). */
  private globalRemoteFlows(owner: string, r: RouteState, u: UplinkConfig): FlowSpec[] {
    const hop = onSubnet(u.ip, u.prefixLength, r.nexthop) ? r.nexthop : u.peerIp;
    if (hop === u.peerIp) {
      // As for VPNv4 routes: learning the peer restates every remote route at once.
      this.depTouched = true;
      if (this.dependency.has(owner)) this.setDependency(owner, undefined);
      const e = this.arp.lookup(u.port, hop);
      if (!e) {
        this.want(hop, u.port);
        return [];
      }
      return [globalRemoteRouteFlow(r.prefix, this.peerAdjacency(u, e.mac))];
    }
    const adj = this.adjacency(owner, hop, u.port, u.mac);
    return adj ? [globalRemoteRouteFlow(r.prefix, adj)] : [];
  }

  private labelFlows(owner: string, label: Label): FlowSpec[] {
    const users = this.labelUsers.get(label);
    if (!users || users.size === 0) return [];
    let first: RouteState | undefined;
    let oneNexthop = true;
    for (const u of users.values()) {
      if (!first) first = u;
      else if (u.vrfKey !== first.vrfKey) return []; // a label never spans VRFs
      else if (u.nexthop !== first.nexthop) oneNexthop = false;
    }
    const vrf = this.vrfs.get(first!.vrfKey);
    if (!vrf) return [];
    // Per-VRF labels (several next hops behind one label): pop and look up again in the VRF.
    if (!oneNexthop) return [labelToVrfFlow(vrf.id, label)];
    const port = this.portFor(first!.vrfKey, first!.nexthop);
    if (!port) return [labelToVrfFlow(vrf.id, label)];
    const adj = this.adjacency(owner, first!.nexthop, port.port, port.mac);
    return adj ? [labelToHostFlow(vrf.id, label, adj)] : [];
  }

  private connectedFlows(key: number): FlowSpec[] {
    const e = this.arp.lookup(Math.floor(key / 0x1_0000_0000), (key % 0x1_0000_0000) as Ipv4Address);
    if (!e) return [];
    const p = this.hostPortOf(e);
    if (!p) return [];
    const vrf = this.vrfs.get(portTable(p));
    if (!vrf) return [];
    return localRouteFlows('connected', vrf.id, { address: e.ip, length: 32 }, { port: p.port, srcMac: p.mac, dstMac: e.mac });
  }
}
