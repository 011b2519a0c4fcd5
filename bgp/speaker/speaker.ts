/**
 * The BGP speaker of a PE (contract E): neighbours over MP-BGP VPNv4, VRFs importing by route
 * target, VRF-local routes exported with allocated labels, and a stream of VRF best-path
 * changes for the forwarding plane. Management calls are synchronous and either apply fully
 * or throw a typed error having changed nothing.
 *
 * Beside VPNv4 every neighbour also negotiates IPv4 unicast (AFI 1/SAFI 1) for the router's
 * global table (no VRF), as the original's `prefix_add(prefix, next_hop)` did:
 * {@link BgpSpeaker.addGlobalRoute} announces with next-hop-self in the classic NLRI field,
 * and the global table's best-path changes arrive on their own events, `'global-route'` (one
 * {@link GlobalRouteChange}) and `'global-routes'` (the turn's batch, first) — a parallel
 * stream rather than a variant of `'vrf-route'`, whose listeners all expect a VRF and labels.
 * Received routes follow the same rules as VPNv4 ones: best path with the same steps and
 * reasons, AS-path loops dropped, treat-as-withdraw, peer down and route refresh.
 */
import { EventEmitter } from 'node:events';
import { formatIpv4, type Asn, type Ipv4Address, type Ipv4Prefix, type Label, type Rd } from '../types/index.js';
import { AFI_IPV4, SAFI_MPLS_VPN, SAFI_UNICAST } from '../wire/index.js';
import { BgpListener, BgpSession, type SessionLogger } from '../session/index.js';
import { LabelBook, type LabelMode, type LabelRange, type LocalOrigin } from '../labels/index.js';
import {
  BgpConflictError,
  BgpNotFoundError,
  Rib,
  globalRouteViews,
  vpnRibViews,
  vrfRouteViews,
  vrfView,
  type Destination,
  type GlobalRouteChange,
  type GlobalRouteView,
  type RouteView,
  type VrfConfig,
  type VrfRouteChange,
  type VrfView,
} from '../rib/index.js';
import type { NeighborView, SpeakerEvents } from './events.js';
import { Neighbor, type NeighborConfig, type NeighborHost } from './neighbor.js';
import { BmpClient, collectorKey } from '../bmp/index.js';
import { bmpPeer, bmpSource } from './bmp-source.js';

/** How to build a speaker. */
export interface BgpSpeakerOptions {
  readonly asn: Asn;
  readonly routerId: Ipv4Address;
  readonly labelRange: LabelRange;
  /** Label sharing of local routes (default per-ce). */
  readonly labelMode?: LabelMode;
  /** Where to accept neighbours' connections; false (default) accepts none. */
  readonly listen?: { readonly host: string; readonly port: number } | false;
  /** pino-compatible logger. */
  readonly logger?: SessionLogger;
}

/** The speaker. Events: see {@link SpeakerEvents}. */
export class BgpSpeaker extends EventEmitter<{ [K in keyof SpeakerEvents]: Parameters<SpeakerEvents[K]> }> {
  readonly rib: Rib;
  readonly labels: LabelBook;
  private readonly peers = new Map<number, Neighbor>();
  private listener: BgpListener | undefined;
  private started = false;
  private readonly host: NeighborHost;
  /** BMP clients (RFC 7854) by collector `address:port`. */
  private readonly bmp = new Map<string, BmpClient>();

  constructor(readonly options: BgpSpeakerOptions) {
    super();
    this.labels = new LabelBook(options.labelRange, options.labelMode ?? 'per-ce');
    this.rib = new Rib({
      localAsn: options.asn,
      routerId: options.routerId,
      labels: this.labels,
      onVrfChanges: (changes) => this.deliver(changes),
      onGlobalChanges: (changes) => this.deliverGlobal(changes),
      onExport: (dest) => this.exportChanged(dest),
    });
    this.host = {
      rib: this.rib,
      localAsn: options.asn,
      routerId: options.routerId,
      peerUp: (n, negotiated) => {
        options.logger?.info({ peer: formatIpv4(n.address), asn: negotiated.peerAsn }, 'peer up');
        const p = this.bmp.size > 0 ? bmpPeer(n) : undefined;
        if (p) for (const c of this.bmp.values()) c.peerUp(p);
        this.emit('peer-up', { peer: n.address, asn: n.config.remoteAsn, negotiated });
      },
      peerDown: (n, reason) => {
        options.logger?.warn({ peer: formatIpv4(n.address), reason }, 'peer down');
        for (const c of this.bmp.values()) c.peerDown(n.address, reason);
        this.emit('peer-down', { peer: n.address, asn: n.config.remoteAsn, reason });
      },
      fail: (err) => {
        options.logger?.error({ err: String(err) }, 'speaker error');
        if (this.listenerCount('error') > 0) this.emit('error', err);
      },
    };
  }

  private deliver(changes: VrfRouteChange[]): void {
    this.emit('vrf-routes', changes);
    for (const c of changes) this.emit('vrf-route', c);
  }

  private deliverGlobal(changes: GlobalRouteChange[]): void {
    this.emit('global-routes', changes);
    for (const c of changes) this.emit('global-route', c);
  }

  private exportChanged(dest: Destination): void {
    for (const n of this.peers.values()) n.exportChanged(dest);
  }

  /** Starts listening (if configured) and every neighbour's session. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const listen = this.options.listen;
    if (listen) {
      this.listener = new BgpListener({ host: listen.host, port: listen.port });
      for (const n of this.peers.values()) this.listener.register(n.session);
      await this.listener.listen();
    }
    for (const n of this.peers.values()) n.session.start();
  }

  /** The port the listener is bound to (useful with port 0), while listening. */
  get listenPort(): number | undefined {
    return this.listener?.port;
  }

  /** Stops every session (Cease to each neighbour) and the listener. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.peers.values()].map((n) => n.session.stop()));
    await this.listener?.close();
    this.listener = undefined;
    const clients = [...this.bmp.values()];
    this.bmp.clear();
    await Promise.all(clients.map((c) => c.close()));
  }

  // ---- BMP (RFC 7854) -----------------------------------------------------------------------

  /**
   * Streams peers and their pre-policy Adj-RIB-In to a BMP collector (reconnecting while it is
   * away). BgpConflictError if that collector is already configured.
   */
  addBmpCollector(collector: { readonly address: Ipv4Address; readonly port: number; readonly statsIntervalSeconds?: number }): void {
    const key = collectorKey(collector.address, collector.port);
    if (this.bmp.has(key)) throw new BgpConflictError(`BMP collector ${key} exists`);
    const client = new BmpClient({
      host: formatIpv4(collector.address),
      port: collector.port,
      source: bmpSource(this.options.routerId, this.rib, () => this.peers.values()),
      logger: this.options.logger,
      statsIntervalSeconds: collector.statsIntervalSeconds,
    });
    this.bmp.set(key, client);
    client.start();
  }

  /** Sends the collector a Termination and stops streaming to it. BgpNotFoundError if unknown. */
  async removeBmpCollector(collector: { readonly address: Ipv4Address; readonly port: number }): Promise<void> {
    const key = collectorKey(collector.address, collector.port);
    const client = this.bmp.get(key);
    if (!client) throw new BgpNotFoundError('bmp-collector', key);
    this.bmp.delete(key);
    await client.close();
  }

  /** Configured BMP collectors and whether each is connected. */
  bmpCollectors(): { collector: string; connected: boolean }[] {
    return [...this.bmp.values()].map((c) => ({ collector: c.collector, connected: c.connected }));
  }

  // ---- neighbours ---------------------------------------------------------------------------

  /** Adds a neighbour (VPNv4 and IPv4 unicast) and starts its session if the speaker runs. */
  addNeighbor(config: NeighborConfig): void {
    if (this.peers.has(config.address)) throw new BgpConflictError(`neighbor ${formatIpv4(config.address)} exists`);
    const session = new BgpSession({
      localAsn: this.options.asn,
      routerId: this.options.routerId,
      peerAddress: formatIpv4(config.address),
      peerAsn: config.remoteAsn,
      localAddress: config.localAddress === undefined ? undefined : formatIpv4(config.localAddress),
      port: config.port,
      passive: config.passive,
      holdTime: config.holdTime,
      connectRetrySeconds: config.connectRetrySeconds,
      // A neighbour that offers only one of them gets only that one (RFC 4760 §8).
      families: [
        { afi: AFI_IPV4, safi: SAFI_MPLS_VPN },
        { afi: AFI_IPV4, safi: SAFI_UNICAST },
      ],
      logger: this.options.logger,
    });
    const n = new Neighbor(config, session, this.host);
    session.on('update-frame', (frame) => {
      for (const c of this.bmp.values()) c.routeMonitoring(config.address, frame);
    });
    this.peers.set(config.address, n);
    this.listener?.register(session);
    if (this.started) session.start();
  }

  private neighbor(address: Ipv4Address): Neighbor {
    const n = this.peers.get(address);
    if (!n) throw new BgpNotFoundError('neighbor', formatIpv4(address));
    return n;
  }

  /** Removes a neighbour: Cease, its routes leave every VRF. */
  async removeNeighbor(address: Ipv4Address): Promise<void> {
    const n = this.neighbor(address);
    this.peers.delete(address);
    this.listener?.unregister(n.session.peerAddress);
    await n.session.stop();
    this.rib.removePeer(address);
  }

  /** Changes the MED sent to a neighbour and re-advertises every route with it. */
  setNeighborMed(address: Ipv4Address, med: number | undefined): void {
    if (med !== undefined && (!Number.isInteger(med) || med < 0 || med > 0xffffffff)) throw new RangeError(`MED ${med}`);
    this.neighbor(address).setMed(med);
  }

  /** Every neighbour with state, uptime, capabilities and counters. */
  neighbors(): NeighborView[] {
    return [...this.peers.values()].map((n) => n.view());
  }

  /** The session of a neighbour (for diagnostics and tests). */
  neighborSession(address: Ipv4Address): BgpSession {
    return this.neighbor(address).session;
  }

  /** Asks a neighbour to send its VPNv4 (or, with `'ipv4'`, IPv4 unicast) routes again (RFC 2918). */
  refreshFrom(address: Ipv4Address, family: 'vpnv4' | 'ipv4' = 'vpnv4'): boolean {
    return this.neighbor(address).session.sendRouteRefresh(AFI_IPV4, family === 'ipv4' ? SAFI_UNICAST : SAFI_MPLS_VPN);
  }

  // ---- VRFs and routes ----------------------------------------------------------------------

  /** Adds a VRF (BgpConflictError if the RD exists). */
  addVrf(config: VrfConfig): void {
    this.rib.addVrf(config);
  }

  /** Removes a VRF, its routes and their labels. */
  removeVrf(rd: Rd): void {
    this.rib.removeVrf(rd);
  }

  /**
   * Originates a route in a VRF and exports it; returns its label. Throws LabelExhaustedError,
   * BgpConflictError (route exists) or BgpNotFoundError (no such VRF), changing nothing.
   */
  addLocalRoute(rd: Rd, prefix: Ipv4Prefix, nexthop: Ipv4Address, origin: LocalOrigin): Label {
    return this.rib.addLocalRoute(rd, prefix, nexthop, origin);
  }

  /** Withdraws a VRF-local route. */
  removeLocalRoute(rd: Rd, prefix: Ipv4Prefix): void {
    this.rib.removeLocalRoute(rd, prefix);
  }

  /** Every VRF. */
  vrfs(): VrfView[] {
    return this.rib.vrfs().map(vrfView);
  }

  /** A VRF's routes (every candidate, best first per prefix). */
  vrfRoutes(rd: Rd): RouteView[] {
    return [...vrfRouteViews(this.rib.vrf(rd))];
  }

  /** The VPNv4 Loc-RIB. */
  vpnRib(): RouteView[] {
    return [...vpnRibViews(this.rib)];
  }

  // ---- the global table (IPv4 unicast) ------------------------------------------------------

  /**
   * Originates an IPv4 unicast route of the global table: announced to every neighbour that
   * negotiated IPv4 unicast with next-hop-self (NEXT_HOP = our session address), the
   * neighbour's MED, AS_PATH prepended toward eBGP. `nexthop` is where we forward it locally.
   * BgpConflictError if the prefix is already originated.
   */
  addGlobalRoute(prefix: Ipv4Prefix, nexthop: Ipv4Address, origin: LocalOrigin): void {
    this.rib.addGlobalRoute(prefix, nexthop, origin);
  }

  /** Withdraws a global route we originate (BgpNotFoundError if there is none). */
  removeGlobalRoute(prefix: Ipv4Prefix): void {
    this.rib.removeGlobalRoute(prefix);
  }

  /** The global IPv4 unicast Loc-RIB: every path, best first per prefix. */
  globalRib(): GlobalRouteView[] {
    return [...globalRouteViews(this.rib.globalRib.values())];
  }
}
