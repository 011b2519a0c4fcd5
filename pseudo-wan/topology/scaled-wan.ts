/**
 * A two-site WAN with N hosts per site, for scale runs (`pseudo-wan topology --hosts-per-site N`
 * writes one for `start --topology FILE`). Host k of site A and host k of site B share VPN k.
 */
import { DEFAULT_SITE_A_BGP, DEFAULT_SITE_A_UPLINK, routerMac, siteBSettings, tenantHost } from './default-wan.js';
import type { HostSpec, Topology } from './model.js';

/** Largest N: host k uses 10.(k+1).0.0/24, and OpenFlow ports 3..N+2 stay well below OVS's limits. */
export const MAX_HOSTS_PER_SITE = 250;

/** Options of the scaled WAN. */
export interface ScaledWanOptions {
  readonly hostsPerSite: number;
  /** LAN interfaces (and static routes) per host, default 10 as the original. */
  readonly lansPerHost?: number;
  readonly restPort?: number;
}

/** Builds the scaled WAN; throws a RangeError for N outside 1..{@link MAX_HOSTS_PER_SITE}. */
export function scaledWan(options: ScaledWanOptions): Topology {
  const n = options.hostsPerSite;
  const lans = options.lansPerHost ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > MAX_HOSTS_PER_SITE) throw new RangeError(`hosts per site must be 1..${MAX_HOSTS_PER_SITE}, got ${n}`);
  if (!Number.isInteger(lans) || lans < 0 || lans > 250) throw new RangeError(`LANs per host must be 0..250, got ${lans}`);
  const restPort = options.restPort ?? 8080;
  const aBgp = DEFAULT_SITE_A_BGP;
  const b = siteBSettings(DEFAULT_SITE_A_UPLINK, aBgp);
  const hosts = (site: 'a' | 'b'): HostSpec[] =>
    Array.from({ length: n }, (_, k) => {
      const rdNumber = 1000 + k;
      const rt = `${aBgp.as_number}:${rdNumber}`;
      const asn = site === 'a' ? aBgp.as_number : b.bgp.as_number;
      const serial = String(k + 1).padStart(3, '0');
      return tenantHost({
        name: site === 'a' ? `host_${serial}_${rdNumber}` : `host_b${serial}_${rdNumber}`,
        port: k + 3,
        connect: site === 'a' ? `10.${k + 1}.0.0` : `50.${k + 1}.0.0`,
        local: site === 'a' ? `110.${k + 1}.0.0` : `150.${k + 1}.0.0`,
        lanCount: lans,
        mac: routerMac(site === 'a' ? 0 : 2, k + 1),
        vrf: { rd: `${asn}:${rdNumber}`, importRts: [rt], exportRts: [rt] },
      });
    });
  return {
    sites: [
      { id: 'a', dpid: '0000000000000001', restPort, bgp: aBgp, uplink: DEFAULT_SITE_A_UPLINK, hosts: hosts('a') },
      { id: 'b', dpid: '0000000000000002', restPort: restPort + 1, ...b, hosts: hosts('b') },
    ],
  };
}
