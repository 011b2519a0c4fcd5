/**
 * Configures a site through its REST API in the original's order: POST bgp, the uplink
 * interface, the VRFs, the host interfaces, redistribute, the static routes. Bodies carry
 * text values, as the original's clients sent them.
 */
import { hostNetmask } from '../topology/default-wan.js';
import { netmaskOf } from '../topology/ipv4.js';
import type { HostSpec, SiteSpec } from '../topology/model.js';
import { mapLimit } from './concurrency.js';
import type { RestClient } from './rest-client.js';

/** How many writes may be in flight at once (the controller applies them one at a time anyway). */
const WRITE_CONCURRENCY = 8;

/** The `POST interface` body of a host's router port, bound to the host's VRF. */
export function hostInterfaceBody(host: HostSpec): { interface: Record<string, string> } {
  return {
    interface: {
      port: String(host.port),
      macaddress: host.routerMac,
      ipaddress: host.routerIp,
      netmask: hostNetmask(host),
      opposite_ipaddress: host.hostIp,
      opposite_asnumber: '',
      port_offload_bgp: '',
      bgp_med: '',
      bgp_local_pref: '',
      bgp_filter_asnumber: '',
      vrf_routeDist: host.vrf.rd,
    },
  };
}

/** The `POST route` bodies of a host's static routes (its LANs via the host). */
export function hostRouteBodies(host: HostSpec): { route: Record<string, string> }[] {
  return host.routes.map((cidr) => {
    const [destination, length] = cidr.split('/');
    return { route: { destination, netmask: netmaskOf(Number(length)), nexthop: host.hostIp, vrf_routeDist: host.vrf.rd } };
  });
}

/** The `POST vrf` body of a host's VRF. */
export function vrfBody(host: HostSpec): { vrf: Record<string, string> } {
  return { vrf: { route_dist: host.vrf.rd, import: host.vrf.importRts.join(','), export: host.vrf.exportRts.join(',') } };
}

/** Sends the whole configuration of a site; `step` is told each stage as it begins. */
export async function configureSite(rest: RestClient, site: SiteSpec, step: (what: string) => void = () => {}): Promise<void> {
  step('bgp');
  await rest.post('bgp', { bgp: site.bgp });
  step('uplink interface');
  await rest.post('interface', { interface: site.uplink });
  step('vrfs');
  const seen = new Set<string>();
  const vrfHosts = site.hosts.filter((h) => !seen.has(h.vrf.rd) && seen.add(h.vrf.rd));
  await mapLimit(vrfHosts, WRITE_CONCURRENCY, (h) => rest.post('vrf', vrfBody(h)));
  step('host interfaces');
  await mapLimit(site.hosts, WRITE_CONCURRENCY, (h) => rest.post('interface', hostInterfaceBody(h)));
  step('redistribute');
  await mapLimit(
    vrfHosts.filter((h) => h.redistributeConnected),
    WRITE_CONCURRENCY,
    (h) => rest.post('redistribute', { bgp: { redistribute: 'ON', vrf_routeDist: h.vrf.rd } }),
  );
  step('routes');
  await mapLimit(site.hosts.flatMap(hostRouteBodies), WRITE_CONCURRENCY, (body) => rest.post('route', body));
}
