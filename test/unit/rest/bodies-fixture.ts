/** Valid request bodies of every write endpoint, for the REST and script tests. */

/** The original's site A bodies, as its clients sent them (all strings). */
export const BODIES = {
  bgp: { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } },
  uplink: {
    interface: {
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
    },
  },
  host: {
    interface: {
      port: '3',
      macaddress: '00:00:00:00:00:01',
      ipaddress: '10.1.0.1',
      netmask: '255.255.255.0',
      opposite_ipaddress: '10.1.0.2',
      opposite_asnumber: '',
      port_offload_bgp: '',
      bgp_med: '',
      bgp_local_pref: '',
      bgp_filter_asnumber: '',
      vrf_routeDist: '65001:101',
    },
  },
  vrf: { vrf: { route_dist: '65001:101', import: '65001:101', export: '65001:101' } },
  route: { route: { destination: '110.1.0.0', netmask: '255.255.255.0', nexthop: '10.1.0.2', vrf_routeDist: '65001:101' } },
  routeDelete: { route: { destination: '110.1.0.0', netmask: '255.255.255.0', vrf_routeDist: '65001:101' } },
  gateway: { gateway: { ipaddress: '192.168.0.2' } },
  redistribute: { bgp: { redistribute: 'ON', vrf_routeDist: '65001:101' } },
  ping: { ping: { hostIp: '10.1.0.2', outPort: '3', data: 'abcd' } },
  neighbor: { neighbor: { peerIp: '192.168.0.2', med: '500' } },
  bmp: { bmp: { address: '127.0.0.1', port: '11019' } },
};
