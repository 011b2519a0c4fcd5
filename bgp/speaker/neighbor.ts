/**
 * One configured neighbour: its session, its Adj-RIB-Out and counters, and the glue between
 * the session's events and the RIB.
 */
import type { Asn, Ipv4Address } from '../types/index.js';
import { AFI_IPV4, SAFI_MPLS_VPN, SAFI_UNICAST, encodeMessage, endOfRib, type Family, type UpdateMessage } from '../wire/index.js';
import type { BgpSession, Negotiated, PeerDownReason } from '../session/index.js';
import { AdjRibOut, GLOBAL_RD, GLOBAL_RDK, isGlobal, peerSource, type Destination, type Rib } from '../rib/index.js';
import type { NeighborView } from './events.js';
import { applyUpdate, encodeBatch, encodeGlobalBatch, type OutboundPolicy } from './wire-adapter.js';

/** A neighbour as configured through `addNeighbor`. */
export interface NeighborConfig {
  readonly address: Ipv4Address;
  readonly remoteAsn: Asn;
  /** Our address toward it: bound for outgoing connections and sent as next hop (next-hop-self). */
  readonly localAddress?: Ipv4Address;
  /** TCP port to connect to (default 179). */
  readonly port?: number;
  /** Wait for the neighbour to connect. */
  readonly passive?: boolean;
  /** MED sent with our routes. */
  readonly med?: number;
  /**
   * Local preference: given to the routes received from it at import (Adj-RIB-In, before best
   * path; replaces any received LOCAL_PREF), and sent with our routes if it is internal.
   */
  readonly localPref?: number;
  /**
   * Narrows `localPref` to routes whose AS path starts with this AS (`bgp_filter_asnumber`,
   * Ryu's `ASPathFilter` POLICY_TOP); other routes keep their received LOCAL_PREF. Our own
   * routes (empty AS path) never match, so toward an iBGP neighbour they then carry the default.
   * Without `localPref` it has no effect (as in the original). See bgp/policy/local-pref.ts.
   */
  readonly localPrefFirstAs?: Asn;
  /** Hold time proposed (default 90 s). */
  readonly holdTime?: number;
  readonly connectRetrySeconds?: number;
}

/** What the neighbour needs from its speaker. */
export interface NeighborHost {
  readonly rib: Rib;
  readonly localAsn: Asn;
  readonly routerId: Ipv4Address;
  peerUp(n: Neighbor, negotiated: Negotiated): void;
  peerDown(n: Neighbor, reason: PeerDownReason): void;
  fail(err: Error): void;
}

const VPNV4 = { afi: AFI_IPV4, safi: SAFI_MPLS_VPN };
/** IPv4 unicast: the global table (see bgp/rib/global.ts). */
const IPV4 = { afi: AFI_IPV4, safi: SAFI_UNICAST };

function has(negotiated: Negotiated | undefined, f: Family): boolean {
  return negotiated?.families.some((x) => x.afi === f.afi && x.safi === f.safi) ?? false;
}

/** A neighbour and its state. */
export class Neighbor {
  med: number | undefined;
  out: AdjRibOut | undefined;
  /** Adj-RIB-Out of the global IPv4 unicast table, while that family is negotiated. */
  out4: AdjRibOut | undefined;
  upSince: number | undefined;
  lastDownReason: PeerDownReason | undefined;
  updatesReceived = 0;
  updatesSent = 0;
  treatedAsWithdraw = 0;
  establishedTransitions = 0;

  constructor(
    readonly config: NeighborConfig,
    readonly session: BgpSession,
    private readonly host: NeighborHost,
  ) {
    this.med = config.med;
    host.rib.addPeer(peerSource(config.address, config.remoteAsn, host.localAsn, 0 as Ipv4Address));
    session.on('established', (n) => this.onEstablished(n));
    session.on('update', (u) => this.onUpdate(u));
    session.on('route-refresh', (m) => {
      const family = m.afi === VPNV4.afi && m.safi === VPNV4.safi ? VPNV4 : m.afi === IPV4.afi && m.safi === IPV4.safi ? IPV4 : undefined;
      if (!family) return;
      // Subtypes 1/2 (BoRR/EoRR, RFC 7313 §4) frame the peer's own re-sent routes of that
      // family: what it does not re-send between them is gone.
      if (m.subtype === 0) this.onRefreshRequest(family);
      else if (m.subtype === 1) host.rib.beginRefresh(this.address, family === IPV4);
      else if (m.subtype === 2) host.rib.endRefresh(this.address);
    });
    session.on('down', (reason) => this.onDown(reason));
  }

  /** The address as a number. */
  get address(): Ipv4Address {
    return this.config.address;
  }

  private policy(): OutboundPolicy {
    return {
      localAsn: this.host.localAsn,
      ebgp: this.config.remoteAsn !== this.host.localAsn,
      nextHop: this.config.localAddress ?? this.host.routerId,
      med: this.med,
      localPref: this.config.localPref,
      localPrefFirstAs: this.config.localPrefFirstAs,
      ctx: { fourOctetAs: this.session.negotiated?.fourOctetAs ?? true },
    };
  }

  private onEstablished(negotiated: Negotiated): void {
    const rib = this.host.rib;
    // A new session starts from an empty Adj-RIB-In whatever happened to the last one.
    rib.clearPeer(this.address);
    rib.setPeerSource(peerSource(this.address, negotiated.peerAsn, this.host.localAsn, negotiated.peerBgpId));
    this.upSince = Date.now();
    this.establishedTransitions++;
    // RFC 4760 §7: nothing of a family the neighbour did not negotiate.
    if (has(negotiated, VPNV4)) {
      const out = new AdjRibOut((batch) => this.send(encodeBatch(batch, this.policy())));
      this.out = out;
      for (const p of rib.exported()) out.advertise(p.dest.rdk, { rd: p.dest.rd, prefix: { address: p.dest.address, length: p.dest.length }, labels: p.labels, attrs: p.attrs });
      out.flush();
      // RFC 4724 §2: End-of-RIB once the initial table is out (frames keep their order).
      this.send([encodeMessage(endOfRib(VPNV4), { fourOctetAs: negotiated.fourOctetAs })], false);
    }
    if (has(negotiated, IPV4)) {
      const out4 = new AdjRibOut((batch) => this.send(encodeGlobalBatch(batch, this.policy())));
      this.out4 = out4;
      for (const p of rib.exportedGlobal()) out4.advertise(GLOBAL_RDK, { rd: GLOBAL_RD, prefix: { address: p.dest.address, length: p.dest.length }, labels: [], attrs: p.attrs });
      out4.flush();
      this.send([encodeMessage(endOfRib(IPV4), { fourOctetAs: negotiated.fourOctetAs })], false);
    }
    this.host.peerUp(this, negotiated);
  }

  /**
   * ROUTE-REFRESH received (RFC 2918 §4): send the Adj-RIB-Out again, framed by BoRR and EoRR
   * when enhanced route refresh was negotiated (RFC 7313 §4). All three go through the same
   * ordered frame queue.
   */
  private onRefreshRequest(family: Family): void {
    const out = family === IPV4 ? this.out4 : this.out;
    const negotiated = this.session.negotiated;
    if (!out || !negotiated) return;
    const ctx = { fourOctetAs: negotiated.fourOctetAs };
    const marker = (subtype: number): Buffer => encodeMessage({ type: 'route-refresh', afi: family.afi, safi: family.safi, subtype }, ctx);
    if (negotiated.enhancedRouteRefresh) this.send([marker(1)], false);
    out.resendAll();
    out.flush();
    if (negotiated.enhancedRouteRefresh) this.send([marker(2)], false);
  }

  private send(frames: Buffer[], count = true): void {
    if (frames.length === 0) return;
    if (count) this.updatesSent += frames.length;
    this.session.sendUpdates(frames).catch((err: unknown) => this.host.fail(err instanceof Error ? err : new Error(String(err))));
  }

  private onUpdate(u: UpdateMessage): void {
    this.updatesReceived++;
    if (u.treatAsWithdraw) this.treatedAsWithdraw++;
    try {
      const negotiated = this.session.negotiated;
      const policy = { fourOctetAs: negotiated?.fourOctetAs ?? true, localPref: this.config.localPref, localPrefFirstAs: this.config.localPrefFirstAs };
      applyUpdate(this.host.rib, this.address, u, policy, has(negotiated, IPV4));
    } catch (err) {
      // A bug here must not take the session (and every other neighbour's routes) down.
      this.host.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private onDown(reason: PeerDownReason): void {
    this.lastDownReason = reason;
    this.upSince = undefined;
    this.out?.clear();
    this.out = undefined;
    this.out4?.clear();
    this.out4 = undefined;
    this.host.rib.clearPeer(this.address);
    this.host.peerDown(this, reason);
  }

  /** Tells the Adj-RIB-Out that an exported destination changed. */
  exportChanged(dest: Destination): void {
    const out = isGlobal(dest) ? this.out4 : this.out;
    if (!out) return;
    const best = dest.best;
    if (best && best.source.kind === 'local') {
      out.advertise(dest.rdk, { rd: dest.rd, prefix: { address: dest.address, length: dest.length }, labels: best.labels, attrs: best.attrs });
    } else {
      out.withdraw(dest.rd, dest.rdk, { address: dest.address, length: dest.length });
    }
  }

  /** Changes the MED and re-advertises everything with it. */
  setMed(med: number | undefined): void {
    this.med = med;
    this.out?.resendAll();
    this.out4?.resendAll();
  }

  /** The neighbour as shown by `neighbors()`. */
  view(): NeighborView {
    const adj = this.host.rib.adjRibIn(this.address);
    return {
      address: this.address,
      remoteAsn: this.config.remoteAsn,
      state: this.session.state,
      upSince: this.upSince,
      uptimeSeconds: this.upSince === undefined ? 0 : Math.floor((Date.now() - this.upSince) / 1000),
      negotiated: this.session.negotiated,
      med: this.med,
      localPref: this.config.localPref,
      counters: {
        updatesReceived: this.updatesReceived,
        updatesSent: this.updatesSent,
        notificationsSent: this.session.notifications.sent,
        notificationsReceived: this.session.notifications.received,
        prefixesReceived: adj?.size ?? 0,
        prefixesAdvertised: (this.out?.size ?? 0) + (this.out4?.size ?? 0),
        announcements: adj?.counters.announced ?? 0,
        withdrawals: adj?.counters.withdrawn ?? 0,
        loopsDropped: adj?.counters.loops ?? 0,
        treatedAsWithdraw: this.treatedAsWithdraw,
        establishedTransitions: this.establishedTransitions,
      },
      lastDownReason: this.lastDownReason,
    };
  }
}
