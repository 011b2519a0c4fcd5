/**
 * One site's PE router (contract F's RouterApi): the thin shell around the functional core.
 * It feeds the forwarding state with REST configuration, the BGP speaker's VRF best-path
 * changes and the switch's packet-ins, sends what the core returns (packet-outs, ARP
 * requests) and lets the FlowPusher send the flow diff. No polling: a 1 s timer drives ARP
 * retries, refreshes and aging only.
 */
import * as api from '../api.js';
import { ControllerError } from '../errors.js';
import {
  BgpConflictError,
  BgpNotFoundError,
  BgpSpeaker,
  LabelExhaustedError,
  formatIpv4,
  formatIpv4Prefix,
  formatRd,
  formatRouteTarget,
  ipv4Prefix,
  type BgpSpeakerOptions,
  type Ipv4Address,
  type Ipv4Prefix,
  type LabelMode,
  type GlobalRouteChange,
  type Rd,
  type VrfRouteChange,
} from '../deps/bgp.js';
import { packetInPort, packetOut, output, type Datapath, type MacAddress, type PacketInMessage } from '../deps/openflow.js';
import { ForwardingState, GLOBAL_TABLE, type HostPortConfig } from '../core/forwarding-state.js';
import { arpRequestOut, echoRequestOut, handlePacketIn, type FrameOut } from '../core/packet-handler.js';
import type { ArpEntry } from '../core/arp-table.js';
import { FlowPusher } from '../switch/flow-pusher.js';
import { PING_COUNT, PingTracker, pingLine } from './ping.js';
import { Redistribution } from './redistribution.js';
import { readFlowStats, readPortStats } from './stats.js';
import { formatTime, globalRibRouteView, neighborView, prefixParts, ribRouteView, vpnRouteView } from './views.js';

/** pino-compatible logger. */
export interface RouterLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How to build a router. */
export interface RouterOptions {
  readonly dpid: bigint;
  readonly logger: RouterLogger;
  /** Label sharing of local routes (default per-ce). */
  readonly labelMode?: LabelMode;
  /** Where the BGP speaker accepts connections (default 0.0.0.0:179; false: none). */
  readonly bgpListen?: { host: string; port: number } | false;
  /** TCP port of the peer (default 179; tests and benchmarks move it). */
  readonly bgpPeerPort?: number;
  /** Flow-mods per change above which the pusher uses one bundle. */
  readonly bundleThreshold?: number;
}

interface StaticRoute {
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly vrf?: Rd;
}

function routeKey(prefix: Ipv4Prefix, vrf?: Rd): string {
  return `${vrf ? formatRd(vrf) : ''}|${formatIpv4Prefix(prefix)}`;
}

function mapBgpError(err: unknown, field: string): never {
  if (err instanceof LabelExhaustedError) throw new ControllerError('conflict', err.message, field);
  if (err instanceof BgpConflictError) throw new ControllerError('conflict', err.message, field);
  if (err instanceof BgpNotFoundError) throw new ControllerError('not-found', err.message, field);
  throw err;
}

function sameJson(a: unknown, b: unknown): boolean {
  const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
  return text(a) === text(b);
}

/** A PE router on one switch. */
export class Router implements api.RouterApi {
  /** The functional core. */
  readonly state = new ForwardingState();
  /** Sends the core's flow diff. */
  readonly pusher: FlowPusher;
  private speaker: BgpSpeaker | undefined;
  private bgpConfig: api.BgpConfig | undefined;
  private dp: Datapath | undefined;
  private readonly interfacesByPort = new Map<number, api.InterfaceConfig>();
  private readonly vrfConfigs = new Map<string, api.VrfConfig>();
  private readonly statics = new Map<string, StaticRoute>();
  private gateway: Ipv4Address | undefined;
  private readonly redistribution: Redistribution;
  private readonly history: api.PeerStatusView[] = [];
  private readonly pings = new PingTracker();
  private readonly timer: NodeJS.Timeout;
  private readonly log: RouterLogger;
  private readonly onPacketIn = (msg: PacketInMessage) => this.packetIn(msg);

  constructor(private readonly options: RouterOptions) {
    this.log = options.logger;
    this.redistribution = new Redistribution(options.logger);
    this.pusher = new FlowPusher(this.state.flows, { logger: options.logger, bundleThreshold: options.bundleThreshold });
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  // ---- lifecycle ------------------------------------------------------------------------

  /** The switch (re)connected: reconcile its flows and take its packet-ins. */
  async attach(dp: Datapath): Promise<void> {
    if (this.dp && this.dp !== dp) this.dp.off('packet_in', this.onPacketIn);
    this.dp = dp;
    dp.on('packet_in', this.onPacketIn);
    try {
      await this.pusher.attach(dp);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'reconcile after connect failed');
    }
    this.sendArpRequests();
  }

  /** The switch went away. */
  detach(dp: Datapath): void {
    if (this.dp !== dp) return;
    dp.off('packet_in', this.onPacketIn);
    this.dp = undefined;
    this.pusher.detach(dp);
  }

  /** Whether a switch is attached. */
  get connected(): boolean {
    return this.dp !== undefined;
  }

  /** Resolves when every flow change so far is in the switch. */
  flowsSettled(): Promise<void> {
    return this.pusher.idle();
  }

  /** Stops BGP (Cease to each peer) and the timers. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.speaker?.stop();
  }

  // ---- events ---------------------------------------------------------------------------

  private changed(): void {
    this.pusher.schedule();
    this.sendArpRequests();
  }

  private sendFrames(frames: readonly FrameOut[]): void {
    const dp = this.dp;
    if (!dp || !dp.connected) return;
    for (const f of frames) dp.send(packetOut(0, f.frame, [output(f.port)]));
  }

  private sendArpRequests(): void {
    if (!this.dp) return;
    const frames: FrameOut[] = [];
    for (const r of this.state.takeArpRequests()) {
      const f = arpRequestOut(this.state, r.port, r.ip);
      if (f) frames.push(f);
    }
    this.sendFrames(frames);
  }

  private tick(): void {
    const expired = this.state.tick(Date.now());
    for (const e of expired) this.redistribution.forgotten(e, this.speaker);
    this.changed();
  }

  private packetIn(msg: PacketInMessage): void {
    try {
      this.handlePacket(msg);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'packet-in not handled');
    }
  }

  private handlePacket(msg: PacketInMessage): void {
    const r = handlePacketIn(this.state, packetInPort(msg), msg.data, Date.now());
    this.sendFrames(r.out);
    if (r.learned && r.learned.result !== 'same') {
      this.log.info({ ip: formatIpv4(r.learned.entry.ip), mac: r.learned.entry.mac, port: r.learned.entry.port }, 'ARP learned');
      const port = this.state.hostPortOf(r.learned.entry);
      if (port && this.speaker) this.redistribution.learned(r.learned.entry, port, this.speaker);
    }
    if (r.echoReply) this.pings.deliver(r.echoReply);
    this.changed();
  }

  private routesIn(changes: readonly VrfRouteChange[]): void {
    const now = Date.now();
    let announced = 0;
    let withdrawn = 0;
    for (const c of changes) {
      // One route the pipeline cannot hold must never stop route programming (design §2.6:
      // the original's uncaught error on a withdraw ended it for good while BGP stayed up).
      try {
        this.state.applyRoute(c, now);
      } catch (err) {
        this.log.error({ vrf: formatRd(c.vrf), prefix: formatIpv4Prefix(c.prefix), err: (err as Error).message }, 'route not programmed');
      }
      if (c.withdraw) withdrawn++;
      else announced++;
    }
    if (changes.length <= 4) {
      for (const c of changes) {
        this.log.info(
          { vrf: formatRd(c.vrf), prefix: formatIpv4Prefix(c.prefix), nexthop: formatIpv4(c.nexthop), labels: c.labels, source: c.source },
          c.withdraw ? 'route withdrawn' : 'route in',
        );
      }
    } else {
      this.log.info({ announced, withdrawn }, 'routes changed');
    }
    this.changed();
  }

  /** Best-path changes of the global table from the speaker (IPv4 unicast): routes to the peer. */
  private globalRoutesIn(changes: readonly GlobalRouteChange[]): void {
    const now = Date.now();
    for (const c of changes) {
      try {
        this.state.applyGlobalRoute(c, now);
      } catch (err) {
        this.log.error({ prefix: formatIpv4Prefix(c.prefix), err: (err as Error).message }, 'global route not programmed');
      }
      if (changes.length <= 4) {
        this.log.info({ prefix: formatIpv4Prefix(c.prefix), nexthop: formatIpv4(c.nexthop), source: c.source }, c.withdraw ? 'global route withdrawn' : 'global route in');
      }
    }
    if (changes.length > 4) this.log.info({ changes: changes.length }, 'global routes changed');
    this.changed();
  }

  // ---- views ----------------------------------------------------------------------------------

  interfaces(): api.InterfaceView[] {
    return [...this.interfacesByPort.values()]
      .sort((a, b) => a.port - b.port)
      .map((i) => ({ routerPort: i.port, routerIpAddr: formatIpv4(i.address), routerMacAddr: i.macAddress, routeDist: i.vrf ? formatRd(i.vrf) : '' }));
  }

  arp(): api.ArpView[] {
    return this.state.arp.all().map((e) => ({ hostIpAddr: formatIpv4(e.ip), hostMacAddr: e.mac, routerPort: e.port }));
  }

  routes(): api.RouteView[] {
    const rows = [...this.statics.values()].filter((r) => !r.vrf).map((r) => prefixParts(r.prefix, r.nexthop));
    if (this.gateway !== undefined) rows.push(prefixParts(ipv4Prefix(0 as Ipv4Address, 0), this.gateway));
    // Then the routes learned over BGP (IPv4 unicast) that the global table forwards.
    for (const r of this.state.routesOf(GLOBAL_TABLE)) if (r.source === 'remote') rows.push(prefixParts(r.prefix, r.nexthop));
    return rows;
  }

  mpls(): api.MplsView[] {
    const rows: api.MplsView[] = [];
    for (const key of [...this.vrfConfigs.keys()].sort()) {
      const vrfRows: api.MplsView[] = [];
      for (const r of this.state.routesOf(key)) {
        const label = r.labels[0];
        if (label === undefined) continue;
        vrfRows.push({ routeDist: key, label, ...prefixParts(r.prefix, r.nexthop) });
      }
      vrfRows.sort((a, b) => a.label - b.label);
      for (const row of vrfRows) rows.push(row);
    }
    return rows;
  }

  vrfs(): api.VrfView[] {
    if (!this.speaker) return [];
    const speaker = this.speaker;
    return speaker.vrfs().map((v) => ({
      routeDist: formatRd(v.rd),
      importRts: v.importRts.map(formatRouteTarget),
      exportRts: v.exportRts.map(formatRouteTarget),
      routes: speaker.vrfRoutes(v.rd).map(vpnRouteView),
    }));
  }

  rib(): api.RibRouteView[] {
    if (!this.speaker) return [];
    // VPNv4 rows first, then the global IPv4 unicast table's (routeDist "").
    return [...this.speaker.vpnRib().map(ribRouteView), ...this.speaker.globalRib().map(globalRibRouteView)];
  }

  peerStatus(): api.PeerStatusView[] {
    return [...this.history];
  }

  neighbors(): api.NeighborView[] {
    return this.speaker ? this.speaker.neighbors().map(neighborView) : [];
  }

  portStats(): Promise<api.PortStatsView[]> {
    return readPortStats(this.requireSwitch());
  }

  flowStats(): Promise<api.FlowStatsView[]> {
    return readFlowStats(this.requireSwitch());
  }

  private requireSwitch(): Datapath {
    if (!this.dp) throw new ControllerError('not-found', 'switch not connected');
    return this.dp;
  }

  // ---- writes ---------------------------------------------------------------------------------

  async configureBgp(config: api.BgpConfig): Promise<void> {
    const existing = this.bgpConfig;
    if (existing) {
      const same =
        existing.asNumber === config.asNumber &&
        existing.routerId === config.routerId &&
        existing.labelRange.start === config.labelRange.start &&
        existing.labelRange.end === config.labelRange.end;
      if (same) return;
      throw new ControllerError('conflict', 'BGP is already configured with other settings', 'bgp.as_number');
    }
    const opts: BgpSpeakerOptions = {
      asn: config.asNumber,
      routerId: config.routerId,
      labelRange: config.labelRange,
      labelMode: this.options.labelMode ?? 'per-ce',
      listen: this.options.bgpListen === undefined ? { host: '0.0.0.0', port: 179 } : this.options.bgpListen,
      logger: this.log,
    };
    const speaker = new BgpSpeaker(opts);
    speaker.on('vrf-routes', (changes) => this.routesIn(changes));
    speaker.on('global-routes', (changes) => this.globalRoutesIn(changes));
    speaker.on('peer-up', (e) => {
      this.history.push({ occurTime: formatTime(Date.now()), status: 'Peer Up', myPeer: formatIpv4(config.routerId), remotePeer: formatIpv4(e.peer), asNumber: e.asn });
      this.log.info({ peer: formatIpv4(e.peer), asn: e.asn, holdTime: e.negotiated.holdTime }, 'BGP session up');
    });
    speaker.on('peer-down', (e) => {
      this.history.push({ occurTime: formatTime(Date.now()), status: 'Peer Down', myPeer: formatIpv4(config.routerId), remotePeer: formatIpv4(e.peer), asNumber: e.asn });
      this.log.warn({ peer: formatIpv4(e.peer), asn: e.asn, reason: e.reason }, 'BGP session down');
    });
    speaker.on('error', (err) => this.log.error({ err: err.message }, 'BGP speaker error'));
    try {
      await speaker.start();
    } catch (err) {
      await speaker.stop().catch(() => undefined);
      throw new ControllerError('invalid', `cannot start BGP: ${(err as Error).message}`, 'bgp');
    }
    this.speaker = speaker;
    this.bgpConfig = config;
    // Global routes configured before BGP are announced now (the gateway never is: see setGateway).
    for (const r of this.statics.values()) if (!r.vrf) this.announceGlobal(r.prefix, r.nexthop);
    this.log.info({ asn: config.asNumber, routerId: formatIpv4(config.routerId), labels: `${config.labelRange.start}-${config.labelRange.end}` }, 'BGP configured');
  }

  /** Announces a global static over IPv4 unicast (the original's `bgps.add_prefix(dest, mask, nexthop)`). */
  private announceGlobal(prefix: Ipv4Prefix, nexthop: Ipv4Address): void {
    try {
      this.speaker?.addGlobalRoute(prefix, nexthop, 'static');
    } catch (err) {
      mapBgpError(err, 'route.destination');
    }
  }

  private requireSpeaker(): BgpSpeaker {
    if (!this.speaker) throw new ControllerError('invalid', 'BGP is not configured (POST bgp first)', 'bgp');
    return this.speaker;
  }

  async addInterface(config: api.InterfaceConfig): Promise<void> {
    const existing = this.interfacesByPort.get(config.port);
    // The same interface again (OpenFlow.ini applied, then the same POST) is accepted as a no-op.
    if (existing && sameJson(existing, config)) return;
    if (existing) throw new ControllerError('conflict', `port ${config.port} is already configured`, 'interface.port');
    const now = Date.now();
    if (config.bgp) {
      const speaker = this.requireSpeaker();
      if (config.oppositeAddress === undefined) throw new ControllerError('invalid', 'the uplink needs opposite_ipaddress (the BGP peer)', 'interface.opposite_ipaddress');
      if (this.state.uplink) throw new ControllerError('conflict', 'an uplink is already configured', 'interface.port_offload_bgp');
      try {
        speaker.addNeighbor({
          address: config.oppositeAddress,
          remoteAsn: config.bgp.peerAsn,
          localAddress: config.address,
          port: this.options.bgpPeerPort,
          med: config.bgp.med,
          localPref: config.bgp.localPref,
          // bgp_filter_asnumber narrows bgp_local_pref to routes whose AS path starts with it
          // (the original's ASPathFilter POLICY_TOP); alone it does nothing, as in the original.
          localPrefFirstAs: config.bgp.filterAsn,
        });
      } catch (err) {
        mapBgpError(err, 'interface.opposite_ipaddress');
      }
      this.state.setUplink(
        { port: config.port, offloadPort: config.bgp.offloadPort, ip: config.address, prefixLength: config.prefixLength, mac: config.macAddress as string as MacAddress, peerIp: config.oppositeAddress },
        now,
      );
      this.log.info({ port: config.port, offloadPort: config.bgp.offloadPort, peer: formatIpv4(config.oppositeAddress), peerAsn: config.bgp.peerAsn }, 'uplink configured');
    } else if (config.vrf) {
      if (!this.vrfConfigs.has(formatRd(config.vrf))) throw new ControllerError('not-found', `no VRF ${formatRd(config.vrf)}`, 'interface.vrf_routeDist');
      this.state.bindPort({ port: config.port, ip: config.address, prefixLength: config.prefixLength, mac: config.macAddress as string as MacAddress, vrf: config.vrf }, now);
      if (config.oppositeAddress !== undefined) this.state.resolve(config.oppositeAddress, config.port, now);
      this.log.info({ port: config.port, ip: formatIpv4(config.address), vrf: formatRd(config.vrf) }, 'host port bound');
    } else {
      // A port of the global routing table (the original's non-VPN interfaces).
      this.state.bindPort({ port: config.port, ip: config.address, prefixLength: config.prefixLength, mac: config.macAddress as string as MacAddress }, now);
      if (config.oppositeAddress !== undefined) this.state.resolve(config.oppositeAddress, config.port, now);
      this.log.info({ port: config.port, ip: formatIpv4(config.address) }, 'global port bound');
    }
    this.interfacesByPort.set(config.port, config);
    this.changed();
  }

  async addVrf(config: api.VrfConfig): Promise<void> {
    const speaker = this.requireSpeaker();
    const key = formatRd(config.rd);
    if (this.vrfConfigs.has(key)) throw new ControllerError('conflict', `VRF ${key} exists`, 'vrf.route_dist');
    try {
      speaker.addVrf({ rd: config.rd, importRts: [...config.importRts], exportRts: [...config.exportRts] });
    } catch (err) {
      mapBgpError(err, 'vrf.route_dist');
    }
    this.vrfConfigs.set(key, config);
    this.state.addVrf(config.rd, Date.now());
    this.log.info({ vrf: key }, 'VRF added');
    this.changed();
  }

  async deleteVrf(rd: Rd): Promise<void> {
    const key = formatRd(rd);
    if (!this.vrfConfigs.has(key)) throw new ControllerError('not-found', `no VRF ${key}`, 'vrf.route_dist');
    if ([...this.interfacesByPort.values()].some((i) => i.vrf && formatRd(i.vrf) === key)) {
      throw new ControllerError('conflict', `a port is bound to VRF ${key}`, 'vrf.route_dist');
    }
    this.speaker?.removeVrf(rd);
    for (const [k, r] of this.statics) if (r.vrf && formatRd(r.vrf) === key) this.statics.delete(k);
    this.redistribution.dropVrf(rd);
    this.vrfConfigs.delete(key);
    this.state.removeVrf(rd, Date.now());
    this.log.info({ vrf: key }, 'VRF removed');
    this.changed();
  }

  async addRoute(route: api.StaticRouteConfig): Promise<void> {
    const key = routeKey(route.prefix, route.vrf);
    if (this.statics.has(key)) throw new ControllerError('conflict', `route ${formatIpv4Prefix(route.prefix)} exists`, 'route.destination');
    if (route.vrf) {
      const speaker = this.requireSpeaker();
      const vrfKey = formatRd(route.vrf);
      if (!this.vrfConfigs.has(vrfKey)) throw new ControllerError('not-found', `no VRF ${vrfKey}`, 'route.vrf_routeDist');
      const port = this.state.portFor(vrfKey, route.nexthop);
      if (!port) throw new ControllerError('invalid', `next hop ${formatIpv4(route.nexthop)} is on no interface of VRF ${vrfKey}`, 'route.nexthop');
      let label: number;
      try {
        label = speaker.addLocalRoute(route.vrf, route.prefix, route.nexthop, 'static');
      } catch (err) {
        mapBgpError(err, 'route.destination');
      }
      this.state.resolve(route.nexthop, port.port, Date.now());
      this.log.info({ vrf: vrfKey, prefix: formatIpv4Prefix(route.prefix), nexthop: formatIpv4(route.nexthop), label }, 'route out (static)');
    } else {
      // The global table: forwarded locally and announced over IPv4 unicast once BGP runs.
      const port = this.state.portFor(GLOBAL_TABLE, route.nexthop);
      if (!port) throw new ControllerError('invalid', `next hop ${formatIpv4(route.nexthop)} is on no global interface`, 'route.nexthop');
      this.announceGlobal(route.prefix, route.nexthop);
      this.state.setGlobalRoute(route.prefix, route.nexthop, false, Date.now());
      this.log.info({ prefix: formatIpv4Prefix(route.prefix), nexthop: formatIpv4(route.nexthop), announced: this.speaker !== undefined }, 'global route added');
    }
    this.statics.set(key, { prefix: route.prefix, nexthop: route.nexthop, vrf: route.vrf });
    this.changed();
  }

  async deleteRoute(route: api.StaticRouteKey): Promise<void> {
    const key = routeKey(route.prefix, route.vrf);
    if (!this.statics.has(key)) throw new ControllerError('not-found', `no route ${formatIpv4Prefix(route.prefix)}`, 'route.destination');
    if (route.vrf) {
      try {
        this.speaker?.removeLocalRoute(route.vrf, route.prefix);
      } catch (err) {
        mapBgpError(err, 'route.destination');
      }
    } else {
      try {
        this.speaker?.removeGlobalRoute(route.prefix);
      } catch (err) {
        mapBgpError(err, 'route.destination');
      }
      this.state.setGlobalRoute(route.prefix, this.statics.get(key)!.nexthop, true, Date.now());
    }
    this.statics.delete(key);
    this.log.info({ vrf: route.vrf ? formatRd(route.vrf) : '', prefix: formatIpv4Prefix(route.prefix) }, 'route withdrawn (static)');
    this.changed();
  }

  async setGateway(nexthop: Ipv4Address): Promise<void> {
    // The default route of the global table, toward a host on a global interface. Forwarded
    // only, never announced over BGP: the original's register_gateway installs a flow and never
    // calls bgps.add_prefix (ttsubo/simpleRouter ryu-app/openflowRouter.py).
    if (!this.state.portFor(GLOBAL_TABLE, nexthop)) {
      throw new ControllerError('invalid', `gateway ${formatIpv4(nexthop)} is on no global interface`, 'gateway.ipaddress');
    }
    const now = Date.now();
    const all = ipv4Prefix(0 as Ipv4Address, 0);
    if (this.gateway !== undefined) this.state.setGlobalRoute(all, this.gateway, true, now);
    this.gateway = nexthop;
    this.state.setGlobalRoute(all, nexthop, false, now);
    this.log.info({ gateway: formatIpv4(nexthop) }, 'gateway set');
    this.changed();
  }

  async setRedistribute(config: api.RedistributeConfig): Promise<void> {
    const speaker = this.requireSpeaker();
    const key = formatRd(config.vrf);
    if (!this.vrfConfigs.has(key)) throw new ControllerError('not-found', `no VRF ${key}`, 'bgp.vrf_routeDist');
    const hosts = this.state.arp
      .all()
      .map((entry) => ({ entry, port: this.state.hostPortOf(entry) }))
      .filter((h): h is { entry: ArpEntry; port: HostPortConfig } => h.port?.vrf !== undefined && formatRd(h.port.vrf) === key);
    this.redistribution.set(config.vrf, config.enabled, speaker, hosts);
    this.log.info({ vrf: key, redistribute: config.enabled ? 'ON' : 'OFF' }, 'redistribute connected');
    this.changed();
  }

  async ping(request: api.PingRequest): Promise<string[]> {
    if (!this.state.portAddress(request.outPort)) throw new ControllerError('not-found', `port ${request.outPort} has no router address`, 'ping.outPort');
    this.requireSwitch();
    let entry = this.state.arp.lookup(request.outPort, request.hostIp);
    if (!entry) {
      this.state.resolve(request.hostIp, request.outPort, Date.now());
      this.changed();
      for (let i = 0; i < 20 && !entry; i++) {
        await new Promise((r) => setTimeout(r, 50));
        entry = this.state.arp.lookup(request.outPort, request.hostIp);
      }
    }
    const lines: string[] = [];
    const id = this.pings.identifier();
    for (let seq = 1; seq <= PING_COUNT; seq++) {
      if (!entry) {
        lines.push(`Request timeout for icmp_seq ${seq} (no ARP reply from ${formatIpv4(request.hostIp)})`);
        continue;
      }
      const frame = echoRequestOut(this.state, request.outPort, request.hostIp, entry.mac, id, seq, Buffer.from(request.data));
      const { promise, sentAt } = this.pings.wait(id, seq, 1000);
      if (frame) this.sendFrames([frame]);
      const reply = await promise;
      lines.push(pingLine(request.hostIp, seq, reply, performance.now() - sentAt));
    }
    return lines;
  }

  async setNeighborMed(peer: Ipv4Address, med: number): Promise<void> {
    const speaker = this.requireSpeaker();
    try {
      speaker.setNeighborMed(peer, med);
    } catch (err) {
      mapBgpError(err, 'neighbor.peerIp');
    }
  }

  async addBmp(config: api.BmpConfig): Promise<void> {
    const speaker = this.requireSpeaker();
    try {
      // The speaker becomes a BMP client (RFC 7854) of the collector, as Ryu's bmp_server_add did.
      speaker.addBmpCollector({ address: config.address, port: config.port });
    } catch (err) {
      mapBgpError(err, 'bmp.address');
    }
    this.log.info({ collector: `${formatIpv4(config.address)}:${config.port}` }, 'BMP collector added');
  }

  async deleteBmp(config: api.BmpConfig): Promise<void> {
    const speaker = this.requireSpeaker();
    try {
      await speaker.removeBmpCollector({ address: config.address, port: config.port });
    } catch (err) {
      mapBgpError(err, 'bmp.address');
    }
    this.log.info({ collector: `${formatIpv4(config.address)}:${config.port}` }, 'BMP collector removed');
  }
}
