/**
 * The PE router against real components (issue 4 item 5): a private ovs-vswitchd (userspace
 * datapath) in the site namespace, the site process (controller/main.ts) started inside it,
 * and a real gobgpd (AS 65002, 192.168.0.2) in a peer namespace at the far end of the uplink.
 * The site is configured only through REST, in the original's order. Traffic is real: hosts
 * ping, tcpdump captures, a raw socket injects MPLS frames.
 *
 * Hosts: h3 10.1.0.2 in VRF 65001:101, h4 10.1.0.2 (the same address) in VRF 65001:102,
 * h5 30.1.0.2 in VRF 65001:103 (which imports nothing the peer sends).
 */
import { strict as assert } from 'node:assert';
import { capture, SiteEnv, until } from './site-env.js';
import { injectMplsEcho, parseGobgpVpnRib, type GobgpVpnPath } from './helpers.js';

const env = new SiteEnv('a');
const ROOT = new URL('../../../', import.meta.url).pathname;
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

async function gobgp(args: string[]): Promise<string> {
  return env.gobgpd!.gobgp(args);
}

async function announce(prefix: string, label: number, rd: string, rt: string): Promise<void> {
  await gobgp(['global', 'rib', '-a', 'vpnv4', 'add', prefix, 'label', String(label), 'rd', rd, 'rt', rt, 'nexthop', '192.168.0.2']);
}

async function withdraw(prefix: string, label: number, rd: string): Promise<void> {
  await gobgp(['global', 'rib', '-a', 'vpnv4', 'del', prefix, 'label', String(label), 'rd', rd]);
}

/** Labels of the MPLS frames seen on the peer's side of the uplink while `host` pings `dst`. */
async function labelsOnUplink(hostNs: string, dst: string): Promise<number[]> {
  const lines = await capture(env.peerNs, 'wan0', 'mpls', 1, () => env.exec(hostNs, 'ping', ['-c', '2', '-i', '0.3', '-W', '1', dst]), 3000);
  return lines.flatMap((l) => [...l.matchAll(/label (\d+)/g)].map((m) => Number(m[1])));
}

async function localLabel(rd: string, prefix: string): Promise<number> {
  const mpls = (await env.ok('GET', 'mpls')).mpls as Array<{ routeDist: string; prefix: string; label: number }>;
  const row = mpls.find((r) => r.routeDist === rd && r.prefix === prefix);
  assert.ok(row, `GET mpls has ${rd} ${prefix}: ${JSON.stringify(mpls)}`);
  return row.label;
}

async function vpnRib(): Promise<GobgpVpnPath[]> {
  return parseGobgpVpnRib(await env.gobgpd!.gobgpJson(['global', 'rib', '-a', 'vpnv4']));
}

describe('controller integration: PE router with real OVS and gobgpd', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(180_000);
    await env.create();
    const h3 = await env.addHost(3, '10.1.0.2/24', '02:00:00:00:01:03', '10.1.0.1');
    const h4 = await env.addHost(4, '10.1.0.2/24', '02:00:00:00:01:04', '10.1.0.1');
    const h5 = await env.addHost(5, '30.1.0.2/24', '02:00:00:00:01:05', '30.1.0.1');
    const h6 = await env.addHost(6, '172.30.0.2/24', '02:00:00:00:01:06', '172.30.0.1');
    await env.startSite();
    await env.waitSwitch();
    // The original's order: bgp, the uplink interface, vrf, host interfaces, redistribute, routes.
    await env.ok('POST', 'bgp', { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    await env.ok('POST', 'interface', { interface: UPLINK });
    for (const n of ['101', '102', '103']) {
      await env.ok('POST', 'vrf', { vrf: { route_dist: `65001:${n}`, import: `65001:${n}`, export: `65001:${n}` } });
    }
    await env.ok('POST', 'interface', hostInterface(3, '10.1.0.1', '00:00:00:00:00:03', h3.ip, '65001:101'));
    await env.ok('POST', 'interface', hostInterface(4, '10.1.0.1', '00:00:00:00:00:04', h4.ip, '65001:102'));
    await env.ok('POST', 'interface', hostInterface(5, '30.1.0.1', '00:00:00:00:00:05', h5.ip, '65001:103'));
    await env.ok('POST', 'interface', hostInterface(6, '172.30.0.1', '00:00:00:00:00:06', h6.ip, ''));
    for (const n of ['101', '102', '103']) await env.ok('POST', 'redistribute', { bgp: { redistribute: 'ON', vrf_routeDist: `65001:${n}` } });
    await env.ok('POST', 'route', { route: { destination: '110.1.0.0', netmask: '255.255.255.0', nexthop: '10.1.0.2', vrf_routeDist: '65001:101' } });
    await env.ok('POST', 'route', { route: { destination: '120.1.0.0', netmask: '255.255.255.0', nexthop: '10.1.0.2', vrf_routeDist: '65001:102' } });
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') console.log(await env.logTail(80)); // eslint-disable-line no-console
    await env.destroy();
  });

  it('runs the BGP session across OVS (uplink ↔ offload) to Established; GET status/peer shows "Peer Up"', async () => {
    await env.gobgpd!.waitForState('192.168.0.1', 'established', 30_000);
    const status = await until('Peer Up in GET status/peer', async () => {
      const s = (await env.ok('GET', 'status/peer')).status as Array<{ status: string; remotePeer: string; asNumber: number; myPeer: string }>;
      return s.find((e) => e.status === 'Peer Up') ? s : undefined;
    });
    const up = status.find((e) => e.status === 'Peer Up')!;
    assert.equal(up.remotePeer, '192.168.0.2');
    assert.equal(up.asNumber, 65002);
    assert.equal(up.myPeer, '10.10.10.1');
    // The session's packets passed the bridge: the offload→uplink flow counted them.
    const counted = await until('offload flow counters', async () => {
      const out = await env.ovs!.ofctl(['-O', 'OpenFlow13', 'dump-flows', 'br0', 'in_port=2']);
      const n = Number(/n_packets=(\d+).*in_port=2 actions=output:1/.exec(out)?.[1] ?? 0);
      return n > 0 ? n : undefined;
    });
    assert.ok(counted > 0);
  });

  it('gobgpd receives the static routes and each host /32 with our RD and RT, labels from our range, next hop 192.168.0.1, MED 100', async () => {
    const want = [
      ['65001:101', '110.1.0.0/24'], ['65001:101', '10.1.0.2/32'],
      ['65001:102', '120.1.0.0/24'], ['65001:102', '10.1.0.2/32'],
      ['65001:103', '30.1.0.2/32'],
    ] as const;
    const rib = await until('our routes in gobgpd', async () => {
      const r = await vpnRib();
      return want.every(([rd, p]) => r.some((x) => x.rd === rd && x.prefix === p)) ? r : undefined;
    }, 30_000);
    for (const [rd, prefix] of want) {
      const path = rib.find((x) => x.rd === rd && x.prefix === prefix)!;
      assert.ok(path.labels.length === 1 && path.labels[0]! >= 1000 && path.labels[0]! <= 1999, `${rd} ${prefix} label ${path.labels}`);
      assert.equal(path.nexthop, '192.168.0.1', `${rd} ${prefix}`);
      assert.equal(path.med, 100, `${rd} ${prefix}`);
      assert.deepEqual(path.routeTargets, [rd], `${rd} ${prefix} RT`);
      assert.deepEqual(path.asPath, [65001]);
    }
    // Per-CE labels: the static routes via 10.1.0.2 in VRF 101 share one label (the original's
    // MPLS table: 110.1.x.0/24 → one label); the same next hop in VRF 102 gets another.
    await env.ok('POST', 'route', { route: { destination: '110.1.1.0', netmask: '255.255.255.0', nexthop: '10.1.0.2', vrf_routeDist: '65001:101' } });
    const l = async (rd: string, p: string) =>
      until(`${rd} ${p} in gobgpd`, async () => (await vpnRib()).find((x) => x.rd === rd && x.prefix === p)?.labels[0]);
    assert.equal(await l('65001:101', '110.1.1.0/24'), await l('65001:101', '110.1.0.0/24'));
    assert.notEqual(await l('65001:101', '110.1.0.0/24'), await l('65001:102', '120.1.0.0/24'));
  });

  it("installs gobgpd's VPNv4 routes per VRF: GET vrf, GET mpls, and push-MPLS flows with the peer's MAC", async () => {
    await announce('50.1.0.0/24', 3001, '65002:101', '65001:101');
    await announce('50.1.0.0/24', 3002, '65002:102', '65001:102');
    const fib = await until('two push-MPLS flows for 50.1.0.0/24', async () => {
      const f = (await env.flows('table=1')).filter((x) => x.includes('nw_dst=50.1.0.0/24'));
      return f.length === 2 ? f : undefined;
    });
    const f3001 = fib.find((x) => x.includes('set_field:3001->mpls_label'));
    const f3002 = fib.find((x) => x.includes('set_field:3002->mpls_label'));
    assert.ok(f3001 && f3002, fib.join('\n'));
    for (const f of [f3001, f3002]) {
      assert.match(f, /push_mpls:0x8847/);
      assert.match(f, /set_field:00:00:00:02:02:02->eth_dst/, "the peer's MAC, learned by ARP");
      assert.match(f, /set_field:00:00:00:01:01:01->eth_src/);
      assert.match(f, /output:1$/);
      assert.match(f, /metadata=0x[0-9a-f]+/);
      assert.ok(f.indexOf('dec_ttl') < f.indexOf('output'), 'TTL action before output');
    }
    assert.notEqual(/metadata=(0x[0-9a-f]+)/.exec(f3001)![1], /metadata=(0x[0-9a-f]+)/.exec(f3002)![1], 'one flow per VRF');

    const vrfs = (await env.ok('GET', 'vrf')).vrfs as Array<{ routeDist: string; routes: Array<{ prefix: string; labels: number[]; nexthop: string; asPath: string; best: boolean }> }>;
    const v101 = vrfs.find((v) => v.routeDist === '65001:101')!.routes.find((r) => r.prefix === '50.1.0.0/24');
    assert.deepEqual(v101 && { labels: v101.labels, nexthop: v101.nexthop, asPath: v101.asPath, best: v101.best }, { labels: [3001], nexthop: '192.168.0.2', asPath: '65002', best: true });
    assert.ok(!vrfs.find((v) => v.routeDist === '65001:103')!.routes.some((r) => r.prefix === '50.1.0.0/24'), 'VRF 103 imports nothing of it');
    const mpls = (await env.ok('GET', 'mpls')).mpls as Array<{ routeDist: string; prefix: string; label: number; nextHopIpAddr: string }>;
    assert.ok(mpls.some((r) => r.routeDist === '65001:101' && r.prefix === '50.1.0.0/24' && r.label === 3001 && r.nextHopIpAddr === '192.168.0.2'));
    assert.ok(mpls.some((r) => r.routeDist === '65001:102' && r.prefix === '50.1.0.0/24' && r.label === 3002));
  });

  it('sends a host’s traffic to a remote prefix as MPLS with its VRF’s label (two VRFs, same addresses)', async () => {
    assert.deepEqual(await labelsOnUplink(env.hosts[0]!.netns, '50.1.0.9'), [3001]);
    assert.deepEqual(await labelsOnUplink(env.hosts[1]!.netns, '50.1.0.9'), [3002]);
  });

  it("keeps a host of another VRF away from those remote prefixes", async () => {
    assert.deepEqual(await labelsOnUplink(env.hosts[2]!.netns, '50.1.0.9'), []);
    // Positive control: the same capture sees VRF 101's frames.
    assert.deepEqual(await labelsOnUplink(env.hosts[0]!.netns, '50.1.0.9'), [3001]);
  });

  it('pops an MPLS frame with one of our labels and delivers it to the right host only', async () => {
    const label101 = await localLabel('65001:101', '10.1.0.2/32');
    const label102 = await localLabel('65001:102', '10.1.0.2/32');
    const [h3, h4] = env.hosts;
    const filter = 'icmp and src host 50.1.0.9';
    const [at3, at4] = await Promise.all([
      capture(h3!.netns, 'eth0', filter, 1, () => injectMplsEcho(env.peerNs, 'wan0', label101, '50.1.0.9', '10.1.0.2'), 3000),
      capture(h4!.netns, 'eth0', filter, 1, async () => undefined, 4000),
    ]);
    assert.equal(at3.length, 1, 'h3 (VRF 101) receives it');
    assert.match(at3[0]!, /ethertype IPv4/, 'label popped');
    assert.match(at3[0]!, /00:00:00:00:00:03 > 02:00:00:00:01:03/, 'router MAC → host MAC');
    assert.equal(at4.length, 0, `h4 (same address, VRF 102) does not: ${at4.join('\n')}\n${(await env.flows('table=2')).join('\n')}\nlabels ${label101} ${label102}`);
    const again = await capture(h4!.netns, 'eth0', filter, 1, () => injectMplsEcho(env.peerNs, 'wan0', label102, '50.1.0.9', '10.1.0.2'), 3000);
    assert.equal(again.length, 1, "VRF 102's label reaches h4");
  });

  it('lets the longest prefix win, in both insertion orders', async () => {
    await announce('60.0.0.0/8', 3108, '65002:101', '65001:101');
    await announce('60.1.0.0/24', 3124, '65002:101', '65001:101');
    await announce('61.1.0.0/24', 3224, '65002:101', '65001:101');
    await announce('61.0.0.0/8', 3208, '65002:101', '65001:101');
    await until('the four flows', async () => (await env.flows('table=1')).filter((f) => /nw_dst=6[01]\./.test(f)).length === 4);
    const h3 = env.hosts[0]!.netns;
    assert.deepEqual(await labelsOnUplink(h3, '60.1.0.5'), [3124]);
    assert.deepEqual(await labelsOnUplink(h3, '60.2.0.5'), [3108]);
    assert.deepEqual(await labelsOnUplink(h3, '61.1.0.5'), [3224]);
    assert.deepEqual(await labelsOnUplink(h3, '61.2.0.5'), [3208]);
  });

  it('changes nothing in our LFIB when a remote label equals one of our local labels', async () => {
    const local = await localLabel('65001:101', '10.1.0.2/32');
    const lfibBefore = await env.flows('table=2');
    await announce('70.0.0.0/24', local, '65002:101', '65001:101');
    await until('the 70.0.0.0/24 flow', async () => (await env.flows('table=1')).some((f) => f.includes('nw_dst=70.0.0.0/24') && f.includes(`set_field:${local}->mpls_label`)));
    assert.deepEqual(await env.flows('table=2'), lfibBefore);
    const got = await capture(env.hosts[0]!.netns, 'eth0', 'icmp and src host 50.1.0.9', 1, () => injectMplsEcho(env.peerNs, 'wan0', local, '50.1.0.9', '10.1.0.2'), 3000);
    assert.equal(got.length, 1, 'our label still pops to h3');
  });

  it('leaves the flow table as before after announce + withdraw', async () => {
    const before = await env.flows();
    const routes = [['80.1.0.0/24', 3301, '65002:101', '65001:101'], ['80.1.0.0/24', 3302, '65002:102', '65001:102'], ['80.0.0.0/8', 3303, '65002:101', '65001:101']] as const;
    for (const [p, l, rd, rt] of routes) await announce(p, l, rd, rt);
    await until('the announced flows', async () => (await env.flows('table=1')).filter((f) => f.includes('nw_dst=80.')).length === 3);
    for (const [p, l, rd] of routes) await withdraw(p, l, rd);
    await until('the flow table to return to what it was', async () => JSON.stringify(await env.flows()) === JSON.stringify(before));
  });

  it("answers ping to the router's interface IP (in both VRFs that share it)", async () => {
    assert.match(await env.exec(env.hosts[0]!.netns, 'ping', ['-c', '2', '-i', '0.3', '-W', '2', '10.1.0.1']), /2 received/);
    assert.match(await env.exec(env.hosts[1]!.netns, 'ping', ['-c', '2', '-i', '0.3', '-W', '2', '10.1.0.1']), /2 received/);
  });

  it('serves the global table (a port without VRF, the gateway) apart from the VRFs', async () => {
    const h6 = env.hosts[3]!;
    assert.match(await env.exec(h6.netns, 'ping', ['-c', '2', '-i', '0.3', '-W', '2', '172.30.0.1']), /2 received/);
    await env.ok('POST', 'gateway', { gateway: { ipaddress: '172.30.0.2' } });
    const routes = (await env.ok('GET', 'route')).route as Array<{ prefix: string; nextHopIpAddr: string }>;
    assert.deepEqual(routes.map((r) => [r.prefix, r.nextHopIpAddr]), [['0.0.0.0/0', '172.30.0.2']]);
    await until('the default route flow', async () => (await env.flows('table=1')).some((f) => f.includes('metadata=0') && f.includes('set_field:02:00:00:00:01:06->eth_dst') && !f.includes('nw_dst')));
    // A VRF host cannot reach the global table's hosts.
    await assert.rejects(env.exec(env.hosts[0]!.netns, 'ping', ['-c', '1', '-W', '1', '172.30.0.2']));
  });

  it('answers PUT ping with five result lines', async () => {
    const r = await env.ok('PUT', 'ping', { ping: { hostIp: '10.1.0.2', outPort: '4', data: 'pseudo-wan' } });
    assert.equal(r.ping.length, 5);
    for (const line of r.ping as string[]) assert.match(line, /bytes from 10\.1\.0\.2: icmp_seq=\d ttl=64 time=/);
    const lost = await env.ok('PUT', 'ping', { ping: { hostIp: '10.1.0.77', outPort: '4', data: 'x' } });
    assert.equal(lost.ping.length, 5);
    for (const line of lost.ping as string[]) assert.match(line, /timeout/);
  });

  it('reconciles after a switch reconnect: stale flows removed, missing ones restored', async () => {
    const before = await env.flows();
    await env.ovs!.vsctl(['del-controller', 'br0']);
    await env.ovs!.ofctl(['-O', 'OpenFlow13', 'add-flow', 'br0', 'cookie=0x99,table=1,priority=7,ip,actions=drop']);
    await env.ovs!.ofctl(['-O', 'OpenFlow13', 'del-flows', 'br0', 'table=1,ip,nw_dst=50.1.0.0/24']);
    assert.notDeepEqual(await env.flows(), before);
    await env.ovs!.vsctl(['set-controller', 'br0', 'tcp:127.0.0.1:6633']);
    await until('the flow table to be reconciled', async () => JSON.stringify(await env.flows()) === JSON.stringify(before));
    // And after ovs-vswitchd itself restarts (its flow table starts empty).
    await env.ovs!.killVswitchd();
    await env.ovs!.startVswitchd();
    await until('the flows to be reinstalled', async () => JSON.stringify(await env.flows()) === JSON.stringify(before), 30_000);
  });

  it("withdraws the remote routes' flows when the gobgpd session drops", async () => {
    assert.ok((await env.flows('table=1')).some((f) => f.includes('push_mpls')));
    await gobgp(['neighbor', '192.168.0.1', 'shutdown']);
    await until('no push-MPLS flow', async () => !(await env.flows('table=1')).some((f) => f.includes('push_mpls')));
    const s = (await env.ok('GET', 'status/peer')).status as Array<{ status: string }>;
    assert.equal(s.at(-1)!.status, 'Peer Down');
    // Local forwarding is untouched.
    assert.ok((await env.flows('table=2')).length > 1);
    await gobgp(['neighbor', '192.168.0.1', 'enable']);
    await env.gobgpd!.waitForState('192.168.0.1', 'established', 30_000);
    await until('the remote routes to return', async () => (await env.flows('table=1')).some((f) => f.includes('nw_dst=50.1.0.0/24')), 30_000);
  });

  it('prints every show script against the live site', async () => {
    const scripts: Array<[string, RegExp[]]> = [
      ['get_peer_status.sh', [/Peer Status/, /Peer Up\s+10\.10\.10\.1\s+192\.168\.0\.2\s+65002/]],
      ['get_interface.sh', [/10\.1\.0\.1\s+00:00:00:00:00:03\s+65001:101/, /192\.168\.0\.1\s+00:00:00:01:01:01/]],
      ['get_arp.sh', [/10\.1\.0\.2/, /192\.168\.0\.2/]],
      ['get_vrf.sh', [/VPN: \('65001:101', 'ipv4'\)/, /50\.1\.0\.0\/24/, /110\.1\.0\.0\/24/]],
      ['get_mpls.sh', [/65001:101\s+110\.1\.0\.0\/24/]],
      ['get_rib.sh', [/50\.1\.0\.0\/24/]],
      ['get_flow_stats.sh', [/50\.1\.0\.0\/24/]],
      ['get_port_stats.sh', [/\s+1\s+\d+/]],
      ['get_neighbor.sh', [/192\.168\.0\.2/]],
    ];
    for (const [script, patterns] of scripts) {
      const out = await env.exec(env.siteNs, 'env', ['PSEUDO_WAN_URL=http://127.0.0.1:18080', 'sh', `${ROOT}scripts/${script}`]);
      for (const p of patterns) assert.match(out, p, `${script}:\n${out}`);
    }
  });

  it('refuses bad requests on the live site without changing anything (400/404/409, eval-style payload inert)', async () => {
    const vrfsBefore = JSON.stringify((await env.ok('GET', 'vrf')).vrfs);
    const flowsBefore = await env.flows();
    const marker = `${env.dir}/pwned`;
    const evil = `{'vrf': {'route_dist': __import__('os').system('touch ${marker}'), 'import': '65001:9', 'export': '65001:9'}}`;
    const r1 = await env.rest('POST', 'vrf', evil);
    assert.equal(r1.status, 400);
    const r2 = await env.rest('POST', 'vrf', { vrf: { route_dist: '65001:101', import: '65001:101', export: '65001:101' } });
    assert.equal(r2.status, 409, 'duplicate VRF');
    const r3 = await env.rest('POST', 'route', { route: { destination: '10.9.0.0', netmask: '255.255.255.0', nexthop: 'not-an-ip', vrf_routeDist: '65001:101' } });
    assert.equal(r3.status, 400);
    assert.match(JSON.stringify(r3.body), /nexthop/);
    const r4 = await env.rest('POST', 'interface', hostInterface(3, '10.1.0.1', '00:00:00:00:00:03', '10.1.0.9', '65001:101'));
    assert.equal(r4.status, 409, 'port already bound');
    assert.equal((await env.rest('GET', 'vrf', undefined, '00000000000000ff')).status, 404, 'unknown dpid');
    assert.equal(JSON.stringify((await env.ok('GET', 'vrf')).vrfs), vrfsBefore);
    assert.deepEqual(await env.flows(), flowsBefore);
    await assert.rejects(env.exec(env.siteNs, 'test', ['-e', marker]), 'the payload ran nothing');
  });

  it('shuts down cleanly on SIGTERM (exit 0, gobgpd sees the session end)', async () => {
    const code = await env.stopSite();
    assert.equal(code, 0, await env.logTail(20));
    await until('gobgpd to leave Established', async () => (await env.gobgpd!.neighborState('192.168.0.1')) !== 'established');
  });
});
