/**
 * The global routing table over BGP IPv4 unicast, end to end with real components (the site
 * process, a private ovs-vswitchd, gobgpd with ipv4-unicast and l3vpn-ipv4-unicast on one
 * session): our global static reaches gobgpd with next hop 192.168.0.1 and the MED; gobgpd's
 * 10.99.0.0/16 reaches the site's global table; a host on a port without a VRF pings an
 * address behind gobgpd's namespace as plain IP on the uplink (no MPLS, uplink MAC → peer
 * MAC), the reply comes back through the global table; a VRF host cannot; the withdrawal ends it.
 */
import { strict as assert } from 'node:assert';
import { addRoute, run } from '../../../pseudo-wan/system/index.js';
import { capture, SiteEnv, until } from './site-env.js';
import { parseGobgpVpnRib } from './helpers.js';

const env = new SiteEnv('g', 'v4c');
const UPLINK = {
  port: '1', macaddress: '00:00:00:01:01:01', ipaddress: '192.168.0.1', netmask: '255.255.255.252',
  opposite_ipaddress: '192.168.0.2', opposite_asnumber: '65002', port_offload_bgp: '2', bgp_med: '100',
  bgp_local_pref: '', bgp_filter_asnumber: '', vrf_routeDist: '',
};

function hostInterface(port: number, ip: string, mac: string, host: string, rd: string) {
  return {
    interface: {
      port: String(port), macaddress: mac, ipaddress: ip, netmask: '255.255.255.0', opposite_ipaddress: host,
      opposite_asnumber: '', port_offload_bgp: '', bgp_med: '', bgp_local_pref: '', bgp_filter_asnumber: '', vrf_routeDist: rd,
    },
  };
}

async function ping(netns: string, dst: string): Promise<boolean> {
  try {
    await env.exec(netns, 'ping', ['-c', '2', '-i', '0.3', '-W', '1', dst]);
    return true;
  } catch {
    return false;
  }
}

async function globalRoutes(): Promise<string[]> {
  const rows = (await env.ok('GET', 'route')).route as Array<{ prefix: string; nextHopIpAddr: string }>;
  return rows.map((r) => `${r.prefix} ${r.nextHopIpAddr}`);
}

describe('controller integration: the global table over BGP IPv4 unicast', function () {
  this.timeout(120_000);
  let h3 = '';
  let h6 = '';

  before(async function () {
    this.timeout(180_000);
    await env.create({ families: ['ipv4-unicast', 'l3vpn-ipv4-unicast'] });
    h3 = (await env.addHost(3, '10.1.0.2/24', '02:00:00:00:01:03', '10.1.0.1')).netns;
    h6 = (await env.addHost(6, '172.30.0.2/24', '02:00:00:00:01:06', '172.30.0.1')).netns;
    // Behind gobgpd: 10.99.0.1 in its namespace; back to the site's global hosts via the uplink
    // (gobgpd programs no kernel routes).
    await run('ip', ['addr', 'add', '10.99.0.1/32', 'dev', 'lo'], { netns: env.peerNs });
    await run('ip', ['link', 'set', 'lo', 'up'], { netns: env.peerNs });
    await addRoute('172.30.0.0/24', '192.168.0.1', env.peerNs);
    await addRoute('10.1.0.0/24', '192.168.0.1', env.peerNs);
    await env.startSite();
    await env.waitSwitch();
    await env.ok('POST', 'bgp', { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    await env.ok('POST', 'interface', { interface: UPLINK });
    await env.ok('POST', 'vrf', { vrf: { route_dist: '65001:101', import: '65001:101', export: '65001:101' } });
    await env.ok('POST', 'interface', hostInterface(3, '10.1.0.1', '00:00:00:00:00:03', '10.1.0.2', '65001:101'));
    await env.ok('POST', 'interface', hostInterface(6, '172.30.0.1', '00:00:00:00:00:06', '172.30.0.2', ''));
    await env.ok('POST', 'route', { route: { destination: '172.31.0.0', netmask: '255.255.255.0', nexthop: '172.30.0.2', vrf_routeDist: '' } });
    await env.ok('POST', 'gateway', { gateway: { ipaddress: '172.30.0.2' } });
    await env.gobgpd!.waitForState('192.168.0.1', 'established', 30_000);
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') console.log(await env.logTail(80)); // eslint-disable-line no-console
    await env.destroy();
  });

  it('gobgpd receives our global static as IPv4 unicast with next hop 192.168.0.1 and MED 100, not the gateway', async () => {
    const rib = await until('our global route in gobgpd', async () => {
      const r = parseGobgpVpnRib(await env.gobgpd!.gobgpJson(['global', 'rib', '-a', 'ipv4']));
      return r.some((x) => x.prefix === '172.31.0.0/24') ? r : undefined;
    }, 30_000);
    const p = rib.find((x) => x.prefix === '172.31.0.0/24')!;
    assert.equal(p.nexthop, '192.168.0.1');
    assert.equal(p.med, 100);
    assert.deepEqual(p.asPath, [65001]);
    assert.equal(p.rd, '');
    assert.ok(!rib.some((x) => x.prefix === '0.0.0.0/0'), 'the gateway is not announced');
  });

  it("gobgpd's 10.99.0.0/16 reaches GET route and GET rib (routeDist \"\")", async () => {
    await env.gobgpd!.gobgp(['global', 'rib', 'add', '10.99.0.0/16', '-a', 'ipv4']);
    await until('10.99.0.0/16 in GET route', async () => (await globalRoutes()).includes('10.99.0.0/16 192.168.0.2'));
    const rib = (await env.ok('GET', 'rib')).rib as Array<{ routeDist: string; prefix: string; nexthop: string; labels: number[] }>;
    const row = rib.find((r) => r.prefix === '10.99.0.0/16');
    assert.ok(row, JSON.stringify(rib));
    assert.equal(row.routeDist, '');
    assert.equal(row.nexthop, '192.168.0.2');
    assert.deepEqual(row.labels, []);
  });

  it('a host of the global table pings behind gobgpd as plain IP on the uplink: uplink MAC → peer MAC, no MPLS', async () => {
    const lines = await capture(env.peerNs, 'wan0', 'icmp and dst host 10.99.0.1', 1, () => until('ping through the global table', () => ping(h6, '10.99.0.1'), 20_000), 4000);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^.*00:00:00:01:01:01 > 00:00:00:02:02:02, ethertype IPv4 \(0x0800\).*172\.30\.0\.2 > 10\.99\.0\.1: ICMP echo request/);
    assert.ok(!/MPLS/i.test(lines[0]!), lines[0]);
  });

  it('a VRF host never reaches the global route', async () => {
    assert.equal(await ping(h3, '10.99.0.1'), false);
  });

  it("gobgpd's withdrawal removes the route and the reachability", async () => {
    await env.gobgpd!.gobgp(['global', 'rib', 'del', '10.99.0.0/16', '-a', 'ipv4']);
    await until('10.99.0.0/16 gone from GET route', async () => !(await globalRoutes()).some((r) => r.startsWith('10.99.0.0/16')));
    await until('no flow for 10.99.0.0/16', async () => !(await env.flows('table=1')).some((f) => f.includes('nw_dst=10.99.0.0/16')));
    assert.equal(await ping(h6, '10.99.0.1'), false);
  });

  it('DELETE route withdraws our global static from gobgpd', async () => {
    await env.ok('DELETE', 'route', { route: { destination: '172.31.0.0', netmask: '255.255.255.0', vrf_routeDist: '' } });
    await until('withdrawal in gobgpd', async () => {
      const r = parseGobgpVpnRib(await env.gobgpd!.gobgpJson(['global', 'rib', '-a', 'ipv4']));
      return !r.some((x) => x.prefix === '172.31.0.0/24');
    }, 30_000);
  });
});
