/**
 * "Redistribute connected" (POST redistribute): hosts learned by ARP on a VRF's ports are
 * originated as /32 VRF routes (the original's MPLS table: 10.1.0.2/32 with its own label),
 * and withdrawn when their ARP entry ages out or redistribution is turned OFF.
 */
import { formatIpv4, formatRd, ipv4Prefix, type Ipv4Address, type Label, type Rd } from '../deps/bgp.js';
import type { ArpEntry } from '../core/arp-table.js';
import type { HostPortConfig } from '../core/forwarding-state.js';

/** What redistribution needs of the BGP speaker. */
export interface LocalRouteSink {
  addLocalRoute(rd: Rd, prefix: { address: Ipv4Address; length: number }, nexthop: Ipv4Address, origin: 'connected'): Label;
  removeLocalRoute(rd: Rd, prefix: { address: Ipv4Address; length: number }): void;
}

/** Logs like pino. */
interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Connected-host routes per VRF. */
export class Redistribution {
  private readonly on = new Set<string>();
  /** `${rd}|${port}|${ip}` → the route we originated. */
  private readonly originated = new Map<string, { rd: Rd; ip: Ipv4Address; port: number }>();

  constructor(private readonly log: Log) {}

  /** Whether a VRF redistributes its hosts. */
  enabled(rd: Rd): boolean {
    return this.on.has(formatRd(rd));
  }

  /** Turns a VRF ON (originating every known host there) or OFF (withdrawing them). */
  set(rd: Rd, enabled: boolean, sink: LocalRouteSink, hosts: Iterable<{ entry: ArpEntry; port: HostPortConfig }>): void {
    const key = formatRd(rd);
    if (enabled) {
      this.on.add(key);
      for (const h of hosts) this.learned(h.entry, h.port, sink);
      return;
    }
    this.on.delete(key);
    for (const [k, r] of this.originated) {
      if (formatRd(r.rd) !== key) continue;
      this.originated.delete(k);
      sink.removeLocalRoute(r.rd, ipv4Prefix(r.ip, 32));
    }
  }

  /** A host was learned (or re-learned) behind a VRF port. */
  learned(e: ArpEntry, port: HostPortConfig, sink: LocalRouteSink): void {
    const rd = port.vrf;
    if (!rd || !this.on.has(formatRd(rd))) return;
    const key = `${formatRd(rd)}|${e.port}|${e.ip}`;
    if (this.originated.has(key)) return;
    try {
      const label = sink.addLocalRoute(rd, ipv4Prefix(e.ip, 32), e.ip, 'connected');
      this.originated.set(key, { rd, ip: e.ip, port: e.port });
      this.log.info({ vrf: formatRd(rd), prefix: `${formatIpv4(e.ip)}/32`, label }, 'route out (connected)');
    } catch (err) {
      this.log.warn({ vrf: formatRd(rd), host: formatIpv4(e.ip), err: (err as Error).message }, 'cannot redistribute host');
    }
  }

  /** A host's ARP entry aged out. */
  forgotten(e: ArpEntry, sink: LocalRouteSink | undefined): void {
    for (const [k, r] of this.originated) {
      if (r.ip !== e.ip || r.port !== e.port) continue;
      this.originated.delete(k);
      sink?.removeLocalRoute(r.rd, ipv4Prefix(r.ip, 32));
      this.log.info({ vrf: formatRd(r.rd), prefix: `${formatIpv4(r.ip)}/32` }, 'route withdrawn (connected host gone)');
    }
  }

  /** A VRF was deleted: forget its state (its routes left with the VRF). */
  dropVrf(rd: Rd): void {
    const key = formatRd(rd);
    this.on.delete(key);
    for (const [k, r] of this.originated) if (formatRd(r.rd) === key) this.originated.delete(k);
  }
}
