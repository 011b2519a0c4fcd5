/**
 * The router's ARP table (RFC 826), pure: it takes `now` and says which requests to send,
 * never sends anything itself. Entries are keyed by (port, IP): one port can hold several hosts,
 * and two VRFs may use the same addresses behind different ports (design §2.3, red/blue).
 * A learned entry is refreshed by a request after `refreshMs` and dropped if nothing was
 * heard for `expireMs`; an address someone needs is requested with a doubling back-off.
 */
import type { Ipv4Address } from '../deps/bgp.js';
import type { MacAddress } from '../deps/openflow.js';

/** One learned neighbour. */
export interface ArpEntry {
  readonly ip: Ipv4Address;
  readonly mac: MacAddress;
  readonly port: number;
  readonly updatedAt: number;
}

/** A request to send: ask for `ip` on `port`. */
export interface ArpRequestOut {
  readonly ip: Ipv4Address;
  readonly port: number;
}

/** Timers, in milliseconds. */
export interface ArpTimers {
  readonly refreshMs: number;
  readonly expireMs: number;
  readonly retryMs: number;
  readonly maxRetryMs: number;
}

/** Defaults: refresh after a minute, forget after three silent minutes, retry from 1 s up to 8 s. */
export const DEFAULT_ARP_TIMERS: ArpTimers = { refreshMs: 60_000, expireMs: 180_000, retryMs: 1000, maxRetryMs: 8000 };

/** How `learn` changed the table. */
export type LearnResult = 'new' | 'changed' | 'same';

/** The table key of `ip` behind `port`. */
export function arpKey(port: number, ip: Ipv4Address): number {
  return port * 0x1_0000_0000 + ip;
}

interface Pending {
  port: number;
  nextAt: number;
  intervalMs: number;
}

/** ARP cache with resolution state. */
export class ArpTable {
  private readonly entries = new Map<number, ArpEntry>();
  private readonly pending = new Map<number, Pending & { ip: Ipv4Address }>();
  private readonly refreshAsked = new Map<number, number>();

  constructor(private readonly timers: ArpTimers = DEFAULT_ARP_TIMERS) {}

  /** Records that `ip` is at `mac` behind `port` (from a reply, or the sender of a request). */
  learn(ip: Ipv4Address, mac: MacAddress, port: number, now: number): LearnResult {
    const key = arpKey(port, ip);
    const old = this.entries.get(key);
    this.entries.set(key, { ip, mac, port, updatedAt: now });
    this.pending.delete(key);
    this.refreshAsked.delete(key);
    if (!old) return 'new';
    return old.mac === mac ? 'same' : 'changed';
  }

  /** The entry for `ip` behind `port`, if known. */
  lookup(port: number, ip: Ipv4Address): ArpEntry | undefined {
    return this.entries.get(arpKey(port, ip));
  }

  /**
   * Asks for `ip` to be resolved on `port`. Returns a request to send now if the address is
   * neither known nor already being asked for; later retries come from `tick`.
   */
  want(ip: Ipv4Address, port: number, now: number): ArpRequestOut | undefined {
    const key = arpKey(port, ip);
    if (this.entries.has(key) || this.pending.has(key)) return undefined;
    this.pending.set(key, { ip, port, nextAt: now + this.timers.retryMs, intervalMs: this.timers.retryMs });
    return { ip, port };
  }

  /** Stops resolving `ip` (nobody needs it any more). Learned entries stay until they age out. */
  unwant(port: number, ip: Ipv4Address): void {
    this.pending.delete(arpKey(port, ip));
  }

  /** Forgets an entry (e.g. its port was unbound). */
  forget(port: number, ip: Ipv4Address): ArpEntry | undefined {
    const key = arpKey(port, ip);
    const e = this.entries.get(key);
    this.entries.delete(key);
    this.refreshAsked.delete(key);
    return e;
  }

  /** Requests due at `now` (retries and refreshes) and entries that aged out (already removed). */
  tick(now: number): { requests: ArpRequestOut[]; expired: ArpEntry[] } {
    const requests: ArpRequestOut[] = [];
    const expired: ArpEntry[] = [];
    for (const p of this.pending.values()) {
      if (now >= p.nextAt) {
        requests.push({ ip: p.ip, port: p.port });
        p.intervalMs = Math.min(p.intervalMs * 2, this.timers.maxRetryMs);
        p.nextAt = now + p.intervalMs;
      }
    }
    for (const [key, e] of this.entries) {
      const age = now - e.updatedAt;
      if (age >= this.timers.expireMs) {
        expired.push(e);
        continue;
      }
      if (age >= this.timers.refreshMs) {
        const asked = this.refreshAsked.get(key);
        if (asked === undefined || now - asked >= this.timers.maxRetryMs) {
          requests.push({ ip: e.ip, port: e.port });
          this.refreshAsked.set(key, now);
        }
      }
    }
    for (const e of expired) this.forget(e.port, e.ip);
    return { requests, expired };
  }

  /** All entries, by port then IP. */
  all(): ArpEntry[] {
    return [...this.entries.values()].sort((a, b) => a.port - b.port || a.ip - b.ip);
  }
}
