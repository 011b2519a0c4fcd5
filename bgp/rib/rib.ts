/**
 * The RIBs of a PE: Adj-RIB-In per neighbour, the VPNv4 Loc-RIB with best path per (RD, prefix),
 * and the VRFs that import from it by route target and originate local routes. A functional
 * core with no I/O: changes of VRF best paths are queued and handed over once per event-loop
 * turn, in order; changes of what we export are reported synchronously to the speaker, whose
 * Adj-RIB-Outs batch them.
 */
import { asn as toAsn, formatIpv4Prefix, formatRd, type Asn, type Ipv4Address, type Ipv4Prefix, type Label, type Rd } from '../types/index.js';
import type { LabelBook, LocalOrigin } from '../labels/index.js';
import { AdjRibIn } from './adj-rib-in.js';
import { AttrInterner, asPathContains, type RouteAttrs } from './attributes.js';
import { selectBest } from './best-path.js';
import { BgpConflictError, BgpNotFoundError } from './errors.js';
import { PrefixTable, VpnTable, rdKey } from './keys.js';
import { GLOBAL_RD, GLOBAL_RDK, globalChange, isGlobal, type GlobalRouteChange } from './global.js';
import { Destination, Path, labelStack, type PathSource } from './path.js';
import { appendExact } from './append.js';
import { Vrf, type LocalRoute, type VrfConfig, type VrfRouteChange } from './vrf.js';

/** How the RIB reports and schedules. */
export interface RibOptions {
  readonly localAsn: Asn;
  readonly routerId: Ipv4Address;
  readonly labels: LabelBook;
  /** Runs a callback at the end of the current event-loop turn (default setImmediate). */
  readonly schedule?: (fn: () => void) => void;
  /** Receives the VRF best-path changes of one turn, in order. */
  readonly onVrfChanges?: (changes: VrfRouteChange[]) => void;
  /** Receives the global IPv4 unicast table's best-path changes of one turn, in order. */
  readonly onGlobalChanges?: (changes: GlobalRouteChange[]) => void;
  /** Told when a destination's exported (locally originated) best path appears, changes or goes. */
  readonly onExport?: (dest: Destination) => void;
}

const NO_VRFS: readonly Vrf[] = [];



/** Adj-RIBs-In, Loc-RIB and VRFs. */
export class Rib {
  readonly interner = new AttrInterner();
  readonly locRib = new VpnTable<Destination>();
  /** The global IPv4 unicast Loc-RIB (see global.ts): destinations keyed GLOBAL_RDK. */
  readonly globalRib = new PrefixTable<Destination>();
  /** Global routes we originate, by prefix. */
  private readonly globalLocals = new PrefixTable<Path>();
  readonly localSource: PathSource;
  private readonly vrfMap = new Map<number, Vrf>();
  private vrfGeneration = 0;
  private readonly importCache = new WeakMap<RouteAttrs, { gen: number; vrfs: readonly Vrf[] }>();
  private readonly adjIn = new Map<number, AdjRibIn>();
  /** One Rd object per RD value: decoded NLRI each bring their own, a million of them. */
  private readonly rds = new Map<number, Rd>();
  private pending: VrfRouteChange[] = [];
  private pendingGlobal: GlobalRouteChange[] = [];
  private scheduled = false;
  private loopAttrs: RouteAttrs | undefined;
  private loopResult = false;
  private readonly schedule: (fn: () => void) => void;

  constructor(private readonly options: RibOptions) {
    this.schedule = options.schedule ?? setImmediate;
    this.localSource = Object.freeze({
      kind: 'local',
      address: 0 as Ipv4Address,
      asn: options.localAsn,
      routerId: options.routerId,
      ebgp: false,
    });
  }

  /** Interns attributes (shared by every path that carries them). */
  intern(...args: Parameters<AttrInterner['intern']>): RouteAttrs {
    return this.interner.intern(...args);
  }

  // ---- neighbours -------------------------------------------------------------------------

  /** Starts an Adj-RIB-In for a neighbour. */
  addPeer(source: PathSource): void {
    if (this.adjIn.has(source.address)) throw new BgpConflictError(`neighbor ${source.address} exists`);
    this.adjIn.set(source.address, new AdjRibIn(source));
  }

  /** The Adj-RIB-In of a neighbour. */
  adjRibIn(address: Ipv4Address): AdjRibIn | undefined {
    return this.adjIn.get(address);
  }

  /**
   * Replaces a neighbour's identity (it is learnt at OPEN: BGP identifier, iBGP/eBGP); its
   * Adj-RIB-In must be empty (call {@link clearPeer} first).
   */
  setPeerSource(source: PathSource): void {
    const adj = this.adjIn.get(source.address);
    if (!adj) throw new BgpNotFoundError('neighbor', String(source.address));
    if (adj.size > 0) throw new BgpConflictError('neighbor still has routes');
    this.adjIn.set(source.address, new AdjRibIn(source));
  }

  /** Removes every path of a neighbour (session down); returns how many went. */
  clearPeer(address: Ipv4Address): number {
    const adj = this.adjIn.get(address);
    if (!adj) return 0;
    const paths = [...adj.table.values()];
    adj.table.clear();
    adj.stale = undefined;
    for (const p of paths) this.dropPath(p);
    return paths.length;
  }

  /** Clears a neighbour and forgets it. */
  removePeer(address: Ipv4Address): void {
    this.clearPeer(address);
    this.adjIn.delete(address);
  }

  private canonicalRd(rd: Rd, rdk: number): Rd {
    const known = this.rds.get(rdk);
    if (known) return known;
    this.rds.set(rdk, rd);
    return rd;
  }

  /**
   * RFC 7313 §4 BoRR: every path the neighbour holds in the family (VPNv4, or the global IPv4
   * unicast table when `global`) becomes stale until re-announced.
   */
  beginRefresh(peer: Ipv4Address, global = false): void {
    const adj = this.adjIn.get(peer);
    if (!adj) throw new BgpNotFoundError('neighbor', String(peer));
    const stale = new Set<Path>();
    for (const p of adj.table.values()) if (isGlobal(p.dest) === global) stale.add(p);
    adj.stale = stale;
  }

  /** RFC 7313 §4 EoRR: paths still stale are withdrawn; returns how many. Without a BoRR, nothing. */
  endRefresh(peer: Ipv4Address): number {
    const adj = this.adjIn.get(peer);
    if (!adj) throw new BgpNotFoundError('neighbor', String(peer));
    const stale = adj.stale;
    adj.stale = undefined;
    if (!stale) return 0;
    let n = 0;
    for (const p of stale) {
      const d = p.dest;
      if (adj.table.get(d.rdk, d.address, d.length) !== p) continue;
      adj.table.delete(d.rdk, d.address, d.length);
      this.dropPath(p);
      n++;
    }
    return n;
  }

  private looped(attrs: RouteAttrs): boolean {
    if (attrs !== this.loopAttrs) {
      this.loopAttrs = attrs;
      this.loopResult = asPathContains(attrs.asPath, this.options.localAsn);
    }
    return this.loopResult;
  }

  /** A neighbour announces (or re-announces) a VPNv4 route. */
  announce(peer: Ipv4Address, rd: Rd, prefix: Ipv4Prefix, labels: readonly Label[], attrs: RouteAttrs): void {
    this.place(peer, rd, rdKey(rd), prefix, labels, attrs);
  }

  /** A neighbour announces (or re-announces) an IPv4 unicast route of the global table. */
  announceGlobal(peer: Ipv4Address, prefix: Ipv4Prefix, attrs: RouteAttrs): void {
    this.place(peer, GLOBAL_RD, GLOBAL_RDK, prefix, [], attrs);
  }

  /** A neighbour withdraws an IPv4 unicast route of the global table (unknown ones are ignored). */
  withdrawGlobal(peer: Ipv4Address, prefix: Ipv4Prefix): void {
    const adj = this.adjIn.get(peer);
    if (!adj) throw new BgpNotFoundError('neighbor', String(peer));
    adj.counters.withdrawn++;
    this.withdrawFrom(adj, GLOBAL_RDK, prefix);
  }

  /** The destination of (rdk, prefix) in its Loc-RIB (the global one for GLOBAL_RDK), created if missing. */
  private destination(rd: Rd, rdk: number, address: number, length: number): Destination {
    if (rdk === GLOBAL_RDK) {
      let d = this.globalRib.get(address, length);
      if (!d) this.globalRib.set(address, length, (d = new Destination(GLOBAL_RD, GLOBAL_RDK, address as Ipv4Address, length)));
      return d;
    }
    let dest = this.locRib.get(rdk, address, length);
    if (!dest) {
      dest = new Destination(this.canonicalRd(rd, rdk), rdk, address as Ipv4Address, length);
      this.locRib.set(rd, rdk, address, length, dest);
    }
    return dest;
  }

  private place(peer: Ipv4Address, rd: Rd, rdk: number, prefix: Ipv4Prefix, labels: readonly Label[], attrs: RouteAttrs): void {
    const adj = this.adjIn.get(peer);
    if (!adj) throw new BgpNotFoundError('neighbor', String(peer));
    if (this.looped(attrs)) {
      adj.counters.loops++;
      this.withdrawFrom(adj, rdk, prefix);
      return;
    }
    adj.counters.announced++;
    const { address, length } = prefix;
    const old = adj.table.get(rdk, address, length);
    const dest = old?.dest ?? this.destination(rd, rdk, address, length);
    const path = new Path(adj.source, attrs, labelStack(labels), dest);
    adj.table.set(rd, rdk, address, length, path);
    if (old) dest.paths[dest.paths.indexOf(old)] = path;
    else dest.paths = appendExact(dest.paths, path);
    this.reselect(dest);
  }

  /** A neighbour withdraws a VPNv4 route (unknown routes are ignored). */
  withdraw(peer: Ipv4Address, rd: Rd, prefix: Ipv4Prefix): void {
    const adj = this.adjIn.get(peer);
    if (!adj) throw new BgpNotFoundError('neighbor', String(peer));
    adj.counters.withdrawn++;
    this.withdrawFrom(adj, rdKey(rd), prefix);
  }

  private withdrawFrom(adj: AdjRibIn, rdk: number, prefix: Ipv4Prefix): void {
    const old = adj.table.get(rdk, prefix.address, prefix.length);
    if (!old) return;
    adj.table.delete(rdk, prefix.address, prefix.length);
    this.dropPath(old);
  }

  private dropPath(p: Path): void {
    const paths = p.dest.paths;
    const i = paths.indexOf(p);
    if (i >= 0) paths.splice(i, 1);
    this.reselect(p.dest);
  }

  private reselect(dest: Destination): void {
    const before = dest.best;
    const chosen = selectBest(dest.paths);
    dest.best = chosen?.best;
    dest.reason = chosen?.reason ?? 'only-path';
    if (dest.paths.length === 0) {
      if (isGlobal(dest)) this.globalRib.delete(dest.address, dest.length);
      else this.locRib.delete(dest.rdk, dest.address, dest.length);
    }
    if (before !== dest.best) this.bestChanged(dest, before, dest.best);
  }

  /** The VRFs importing a path with these attributes (cached per attribute set). */
  private importers(attrs: RouteAttrs): readonly Vrf[] {
    const c = this.importCache.get(attrs);
    if (c && c.gen === this.vrfGeneration) return c.vrfs;
    const vrfs: Vrf[] = [];
    for (const v of this.vrfMap.values()) if (v.imports(attrs.rtKeys)) vrfs.push(v);
    const result = vrfs.length === 0 ? NO_VRFS : vrfs;
    this.importCache.set(attrs, { gen: this.vrfGeneration, vrfs: result });
    return result;
  }

  /**
   * The VRFs a best path lands in by route target. A local path sits in its own VRF directly
   * (see addLocalRoute), so by RT it lands only in the OTHER local VRFs that import one of its
   * export RTs — route leaking between VRFs of this PE. The leaked copy is not exported again
   * (only the Loc-RIB's local paths are, under the origin VRF's RD): no duplicate VPNv4 route.
   */
  private targets(p: Path): readonly Vrf[] {
    const vrfs = this.importers(p.attrs);
    if (p.source.kind === 'peer') return vrfs;
    const home = p.dest.rdk;
    return vrfs.some((v) => v.rdk === home) ? vrfs.filter((v) => v.rdk !== home) : vrfs;
  }

  private bestChanged(dest: Destination, before: Path | undefined, after: Path | undefined): void {
    if (isGlobal(dest)) {
      // Never imported into a VRF: the global table has its own change stream.
      const change = globalChange(dest, before, after);
      if (change) {
        this.pendingGlobal.push(change);
        this.kick();
      }
      if (before?.source.kind === 'local' || after?.source.kind === 'local') this.options.onExport?.(dest);
      return;
    }
    const oldVrfs = before ? this.targets(before) : NO_VRFS;
    const newVrfs = after ? this.targets(after) : NO_VRFS;
    for (const v of oldVrfs) this.queue(v.update(dest.address, dest.length, before, newVrfs.includes(v) ? after : undefined));
    for (const v of newVrfs) if (!oldVrfs.includes(v)) this.queue(v.update(dest.address, dest.length, undefined, after));
    if (before?.source.kind === 'local' || after?.source.kind === 'local') this.options.onExport?.(dest);
  }

  private queue(change: VrfRouteChange | undefined): void {
    if (!change) return;
    this.pending.push(change);
    this.kick();
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Hands over the queued VRF and global changes now (the scheduled turn end calls this too). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.options.onVrfChanges?.(batch);
    }
    if (this.pendingGlobal.length > 0) {
      const batch = this.pendingGlobal;
      this.pendingGlobal = [];
      this.options.onGlobalChanges?.(batch);
    }
  }

  // ---- VRFs ---------------------------------------------------------------------------------

  /** Adds a VRF and imports the matching best paths already known. */
  addVrf(config: VrfConfig): Vrf {
    const v = new Vrf(config);
    if (this.vrfMap.has(v.rdk)) throw new BgpConflictError(`VRF ${formatRd(config.rd)} exists`);
    this.vrfMap.set(v.rdk, v);
    this.vrfGeneration++;
    for (const dest of this.locRib.values()) {
      const best = dest.best;
      // Local routes of other VRFs too (leaking); a new VRF has no local routes of its own yet.
      if (best && v.imports(best.attrs.rtKeys)) {
        this.queue(v.update(dest.address, dest.length, undefined, best));
      }
    }
    return v;
  }

  /** Removes a VRF: its local routes are withdrawn and labels freed, its table emptied. */
  removeVrf(rd: Rd): void {
    const v = this.vrf(rd);
    for (const local of [...v.locals.values()]) this.removeLocalRoute(rd, local.prefix);
    for (const c of v.withdrawAll()) this.queue(c);
    this.vrfMap.delete(v.rdk);
    this.vrfGeneration++;
  }

  /** The VRF of an RD; throws {@link BgpNotFoundError}. */
  vrf(rd: Rd): Vrf {
    const v = this.vrfMap.get(rdKey(rd));
    if (!v) throw new BgpNotFoundError('vrf', formatRd(rd));
    return v;
  }

  /** Every VRF. */
  vrfs(): Vrf[] {
    return [...this.vrfMap.values()];
  }

  /**
   * Originates a route in a VRF: allocates its label (may throw LabelExhaustedError, changing
   * nothing), puts it in the VRF table and exports it as VPNv4 with the VRF's RD and export RTs.
   */
  addLocalRoute(rd: Rd, prefix: Ipv4Prefix, nexthop: Ipv4Address, origin: LocalOrigin): Label {
    const v = this.vrf(rd);
    const { address, length } = prefix;
    if (v.locals.get(address, length)) {
      throw new BgpConflictError(`route ${formatIpv4Prefix(prefix)} exists in VRF ${formatRd(rd)}`);
    }
    const l = this.options.labels.acquire({ rd, prefix, nexthop, origin });
    const attrs = this.interner.intern({
      // Redistributed connected routes are conventionally INCOMPLETE; configured ones IGP.
      origin: origin === 'connected' ? 'incomplete' : 'igp',
      asPath: [],
      nextHop: nexthop,
      routeTargets: v.config.exportRts,
    });
    let dest = this.locRib.get(v.rdk, address, length);
    if (!dest) {
      dest = new Destination(v.rd, v.rdk, address, length);
      this.locRib.set(rd, v.rdk, address, length, dest);
    }
    const path = new Path(this.localSource, attrs, labelStack([l]), dest);
    const local: LocalRoute = { prefix: { address, length }, nexthop, origin, label: l, path };
    v.locals.set(address, length, local);
    this.queue(v.update(address, length, undefined, path));
    dest.paths = appendExact(dest.paths, path);
    this.reselect(dest);
    return l;
  }

  /** Removes a VRF-local route: withdrawn from the VRF and from every neighbour, label released. */
  removeLocalRoute(rd: Rd, prefix: Ipv4Prefix): void {
    const v = this.vrf(rd);
    const local = v.locals.get(prefix.address, prefix.length);
    if (!local) throw new BgpNotFoundError('route', `${formatRd(rd)} ${formatIpv4Prefix(prefix)}`);
    v.locals.delete(prefix.address, prefix.length);
    this.queue(v.update(prefix.address, prefix.length, local.path, undefined));
    this.dropPath(local.path);
    this.options.labels.release({ rd, prefix, nexthop: local.nexthop, origin: local.origin });
  }

  // ---- the global IPv4 unicast table --------------------------------------------------------

  /**
   * Originates an IPv4 unicast route of the global table (announced with next-hop-self);
   * BgpConflictError if we already originate the prefix.
   */
  addGlobalRoute(prefix: Ipv4Prefix, nexthop: Ipv4Address, origin: LocalOrigin): void {
    const { address, length } = prefix;
    if (this.globalLocals.get(address, length)) throw new BgpConflictError(`global route ${formatIpv4Prefix(prefix)} exists`);
    const attrs = this.interner.intern({ origin: origin === 'connected' ? 'incomplete' : 'igp', asPath: [], nextHop: nexthop, routeTargets: [] });
    const dest = this.destination(GLOBAL_RD, GLOBAL_RDK, address, length);
    const path = new Path(this.localSource, attrs, [], dest);
    this.globalLocals.set(address, length, path);
    dest.paths = appendExact(dest.paths, path);
    this.reselect(dest);
  }

  /** Withdraws a global route we originate; BgpNotFoundError if there is none. */
  removeGlobalRoute(prefix: Ipv4Prefix): void {
    const path = this.globalLocals.get(prefix.address, prefix.length);
    if (!path) throw new BgpNotFoundError('route', formatIpv4Prefix(prefix));
    this.globalLocals.delete(prefix.address, prefix.length);
    this.dropPath(path);
  }

  /** Every global route we originate that is the best of its prefix (what we advertise). */
  *exportedGlobal(): IterableIterator<Path> {
    for (const p of this.globalLocals.values()) if (p.dest.best === p) yield p;
  }

  /** Every locally originated route that is the best of its destination (what we advertise). */
  *exported(): IterableIterator<Path> {
    for (const v of this.vrfMap.values()) {
      for (const local of v.locals.values()) if (local.path.dest.best === local.path) yield local.path;
    }
  }
}

/** A {@link PathSource} for a neighbour. */
export function peerSource(address: Ipv4Address, peerAsn: number, localAsn: Asn, routerId: Ipv4Address): PathSource {
  return Object.freeze({ kind: 'peer', address, asn: toAsn(peerAsn), routerId, ebgp: peerAsn !== localAsn });
}
