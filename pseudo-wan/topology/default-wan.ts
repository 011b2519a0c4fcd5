/**
 * The default WAN: site A exactly as the original built it (design §2.2) and site B, the
 * remote PE this project adds so that nobody needs an external router (design §2.3).
 */
import { addIp, netmaskOf } from './ipv4.js';
import type { BgpSettings, HostSpec, SiteSpec, Topology, UplinkSettings, VrfSpec } from './model.js';

/** A group of site A's tenants: (connect prefix, local prefix, first RD, count) of design §2.2. */
interface TenantGroup {
  readonly connect: string;
  readonly local: string;
  readonly firstRd: number;
  readonly count: number;
}

const SITE_A_GROUPS: readonly TenantGroup[] = [
  { connect: '10.1.0.0', local: '110.1.0.0', firstRd: 101, count: 3 },
  { connect: '20.1.0.0', local: '120.1.0.0', firstRd: 201, count: 3 },
  { connect: '30.1.0.0', local: '130.1.0.0', firstRd: 301, count: 2 },
  { connect: '40.1.0.0', local: '140.1.0.0', firstRd: 401, count: 2 },
];

/** Number of LAN interfaces (eth1..eth10) and static routes per host, as the original. */
export const LANS_PER_HOST = 10;

/** The red/blue isolation demo: the same addresses in two VPNs on both sites (design §2.3). */
const RED_RT = '65000:900';
const BLUE_RT = '65000:901';

/** The original's OpenFlow.ini values (design §2.1): site A when no file says otherwise. */
export const DEFAULT_SITE_A_BGP: BgpSettings = {
  as_number: '65001',
  router_id: '10.10.10.1',
  label_range_start: '1000',
  label_range_end: '1999',
};

/** The original's [Port] section. */
export const DEFAULT_SITE_A_UPLINK: UplinkSettings = {
  port: '1',
  macaddress: '00:00:00:01:01:01',
  ipaddress: '192.168.0.1',
  netmask: '255.255.255.252',
  opposite_ipaddress: '192.168.0.2',
  opposite_asnumber: '65002',
  port_offload_bgp: '2',
  bgp_med: '100',
  bgp_local_pref: '',
  bgp_filter_asnumber: '',
  vrf_routeDist: '',
};

/** What varies between WANs built from the defaults. */
export interface DefaultWanOptions {
  /** Site A's [Bgp] and [Port] (from OpenFlow.ini). */
  readonly bgp?: BgpSettings;
  readonly uplink?: UplinkSettings;
  /** Build site B (false when the peer is external). */
  readonly withSiteB: boolean;
  /** REST port of site A; site B's is the next one. */
  readonly restPort?: number;
}

/** MAC of a router port: `00:00:00:00:SS:NN` (site byte SS = 0 for A as the original, NN = serial, hex). */
export function routerMac(siteByte: number, serial: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `00:00:00:00:${hex(siteByte)}:${hex(serial)}`;
}

/** A host with a /24 toward the router (.1) and LANs local + 256·k + 1 /24, routes to each LAN. */
export function tenantHost(fields: {
  name: string;
  port: number;
  connect: string;
  local: string | undefined;
  lanCount: number;
  mac: string;
  vrf: VrfSpec;
}): HostSpec {
  const lans: string[] = [];
  const routes: string[] = [];
  for (let k = 0; fields.local !== undefined && k < fields.lanCount; k++) {
    const net = addIp(fields.local, 256 * k);
    lans.push(`${addIp(net, 1)}/24`);
    routes.push(`${net}/24`);
  }
  return {
    name: fields.name,
    port: fields.port,
    routerIp: addIp(fields.connect, 1),
    routerMac: fields.mac,
    hostIp: addIp(fields.connect, 2),
    prefixLength: 24,
    vrf: fields.vrf,
    lans,
    routes,
    redistributeConnected: true,
  };
}

function ownVrf(rd: string): VrfSpec {
  return { rd, importRts: [rd], exportRts: [rd] };
}

/** Site A's ten hosts, named and numbered as the original (host_001_101 ... host_010_402). */
export function siteAHosts(asn: string): HostSpec[] {
  const hosts: HostSpec[] = [];
  let serial = 0;
  for (const group of SITE_A_GROUPS) {
    for (let i = 0; i < group.count; i++) {
      serial++;
      const rdNumber = group.firstRd + i;
      hosts.push(
        tenantHost({
          name: `host_${String(serial).padStart(3, '0')}_${rdNumber}`,
          port: serial + 2,
          connect: addIp(group.connect, i * 65536),
          local: addIp(group.local, i * 65536),
          lanCount: LANS_PER_HOST,
          mac: routerMac(0, serial),
          vrf: ownVrf(`${asn}:${rdNumber}`),
        }),
      );
    }
  }
  return hosts;
}

/** Site B's four hosts, one per VPN of the first RD of each site-A group (design §2.3). */
export function siteBHosts(siteAAsn: string, siteBAsn: string): HostSpec[] {
  return SITE_A_GROUPS.map((group, index) => {
    const serial = index + 1;
    const rdNumber = group.firstRd;
    const first = Number(group.connect.split('.')[0]);
    const connect = `${first + 40}.1.0.0`;
    return tenantHost({
      name: `host_b${String(serial).padStart(2, '0')}_${rdNumber}`,
      port: serial + 2,
      connect,
      local: `${first + 140}.1.0.0`,
      lanCount: LANS_PER_HOST,
      mac: routerMac(2, serial),
      vrf: { rd: `${siteBAsn}:${rdNumber}`, importRts: [`${siteAAsn}:${rdNumber}`], exportRts: [`${siteAAsn}:${rdNumber}`] },
    });
  });
}

/** The red and blue hosts of one site: same address, different VPNs. */
export function redBlueHosts(siteId: 'a' | 'b', asn: string, firstPort: number, siteByte: number, firstSerial: number): HostSpec[] {
  const connect = siteId === 'a' ? '172.16.1.0' : '172.16.2.0';
  return [
    ['red', RED_RT, 900],
    ['blue', BLUE_RT, 901],
  ].map(([color, rt, rdNumber], i) =>
    tenantHost({
      name: `host_${color}_${siteId}`,
      port: firstPort + i,
      connect,
      local: undefined,
      lanCount: 0,
      mac: routerMac(siteByte, firstSerial + i),
      vrf: { rd: `${asn}:${rdNumber}`, importRts: [rt as string], exportRts: [rt as string] },
    }),
  );
}

/** Site B's settings, mirroring site A's uplink: AS = A's peer AS, router-id 10.10.10.2, labels 2000–2999. */
export function siteBSettings(a: UplinkSettings, aBgp: BgpSettings): { bgp: BgpSettings; uplink: UplinkSettings } {
  return {
    bgp: { as_number: a.opposite_asnumber, router_id: '10.10.10.2', label_range_start: '2000', label_range_end: '2999' },
    uplink: {
      port: '1',
      macaddress: '00:00:00:02:02:02',
      ipaddress: a.opposite_ipaddress,
      netmask: a.netmask,
      opposite_ipaddress: a.ipaddress,
      opposite_asnumber: aBgp.as_number,
      port_offload_bgp: '2',
      bgp_med: '',
      bgp_local_pref: '',
      bgp_filter_asnumber: '',
      vrf_routeDist: '',
    },
  };
}

/** The default WAN: site A (+ red/blue) and, unless the peer is external, site B (+ red/blue). */
export function defaultWan(options: DefaultWanOptions): Topology {
  const bgp = options.bgp ?? DEFAULT_SITE_A_BGP;
  const uplink = options.uplink ?? DEFAULT_SITE_A_UPLINK;
  const restPort = options.restPort ?? 8080;
  const aHosts = siteAHosts(bgp.as_number);
  if (options.withSiteB) aHosts.push(...redBlueHosts('a', bgp.as_number, aHosts.length + 3, 0, aHosts.length + 1));
  const siteA: SiteSpec = { id: 'a', dpid: '0000000000000001', restPort, bgp, uplink, hosts: aHosts };
  if (!options.withSiteB) return { sites: [siteA] };
  const b = siteBSettings(uplink, bgp);
  const bHosts = siteBHosts(bgp.as_number, b.bgp.as_number);
  bHosts.push(...redBlueHosts('b', b.bgp.as_number, bHosts.length + 3, 2, bHosts.length + 1));
  const siteB: SiteSpec = { id: 'b', dpid: '0000000000000002', restPort: restPort + 1, ...b, hosts: bHosts };
  return { sites: [siteA, siteB] };
}

/** Dotted netmask of a host's link (REST takes netmasks, not lengths). */
export function hostNetmask(host: Pick<HostSpec, 'prefixLength'>): string {
  return netmaskOf(host.prefixLength);
}
