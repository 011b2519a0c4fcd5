/**
 * Adj-RIB-Out (RFC 4271 §3.2) toward one neighbour: what was sent, and changes gathered during
 * one event-loop turn, then handed over at once grouped by attribute set, so the encoder can
 * pack every NLRI sharing attributes into as few UPDATEs as fit.
 */
import type { Ipv4Prefix, Label, Rd } from '../types/index.js';
import type { RouteAttrs } from './attributes.js';
import { VpnTable } from './keys.js';

/** A VPNv4 route as advertised (attributes before per-neighbour rewriting). */
export interface OutRoute {
  readonly rd: Rd;
  readonly prefix: Ipv4Prefix;
  readonly labels: readonly Label[];
  readonly attrs: RouteAttrs;
}

/** Changes to send in one go. */
export interface OutBatch {
  /** Announcements grouped by shared attribute set. */
  readonly announce: ReadonlyArray<{ readonly attrs: RouteAttrs; readonly routes: readonly OutRoute[] }>;
  readonly withdraw: ReadonlyArray<{ readonly rd: Rd; readonly prefix: Ipv4Prefix }>;
}

/** What to advertise, or `null` to withdraw. */
type Pending = { route: OutRoute | null; rdk: number };

function sameRoute(a: OutRoute, b: OutRoute): boolean {
  return a.attrs === b.attrs && a.labels.length === b.labels.length && a.labels.every((l, i) => l === b.labels[i]);
}

/** One neighbour's Adj-RIB-Out. */
export class AdjRibOut {
  private readonly sent = new VpnTable<OutRoute>();
  private pending = new VpnTable<Pending>();
  private force = false;
  private scheduled = false;

  constructor(
    private readonly send: (batch: OutBatch) => void,
    private readonly schedule: (fn: () => void) => void = setImmediate,
  ) {}

  /** Routes currently advertised. */
  get size(): number {
    return this.sent.size;
  }

  /** Every route currently advertised. */
  routes(): IterableIterator<OutRoute> {
    return this.sent.values();
  }

  /** Queues an announcement (replacing whatever is queued for the same RD and prefix). */
  advertise(rdk: number, route: OutRoute): void {
    this.pending.set(route.rd, rdk, route.prefix.address, route.prefix.length, { route, rdk });
    this.kick();
  }

  /** Queues a withdrawal. */
  withdraw(rd: Rd, rdk: number, prefix: Ipv4Prefix): void {
    this.pending.set(rd, rdk, prefix.address, prefix.length, { route: null, rdk });
    this.kick();
  }

  /** Sends every advertised route again (ROUTE-REFRESH received, or outbound attributes changed). */
  resendAll(): void {
    this.force = true;
    this.kick();
  }

  /** Forgets everything (session down): nothing is advertised any more. */
  clear(): void {
    this.sent.clear();
    this.pending = new VpnTable<Pending>();
    this.force = false;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Computes and hands over the batch now (also called by the scheduled turn end). */
  flush(): void {
    const groups = new Map<RouteAttrs, OutRoute[]>();
    const withdraw: Array<{ rd: Rd; prefix: Ipv4Prefix }> = [];
    const add = (r: OutRoute): void => {
      let g = groups.get(r.attrs);
      if (!g) groups.set(r.attrs, (g = []));
      g.push(r);
    };
    const pending = this.pending;
    this.pending = new VpnTable<Pending>();
    for (const [rd, address, length, p] of pending.entries()) {
      const old = this.sent.get(p.rdk, address, length);
      if (p.route === null) {
        if (!old) continue;
        this.sent.delete(p.rdk, address, length);
        withdraw.push({ rd, prefix: old.prefix });
      } else {
        if (old && sameRoute(old, p.route) && !this.force) continue;
        this.sent.set(rd, p.rdk, address, length, p.route);
        if (!this.force) add(p.route);
      }
    }
    if (this.force) {
      this.force = false;
      for (const r of this.sent.values()) add(r);
    }
    if (groups.size === 0 && withdraw.length === 0) return;
    this.send({ announce: [...groups].map(([attrs, routes]) => ({ attrs, routes })), withdraw });
  }
}
