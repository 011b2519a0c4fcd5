/**
 * The end-to-end checks of the default WAN, shared by both runtimes: start the built CLI,
 * then routes, cross-WAN reachability with MPLS on the wire, VPN isolation proven by per-host
 * ICMP counters, the show scripts, status/exec, and a stop that leaves nothing behind.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { cli, namespacesOf, processesMentioning, ROOT, rootVeths, testPrefix } from './cli-support.js';

interface HostStatus {
  name: string;
  namespace: string;
  address: string;
  router: string;
  lans: string[];
}
interface StatusJson {
  running: boolean;
  runtime: string;
  sites: { id: string; rest: string; bgp: { status: string }; hosts: HostStatus[] }[];
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePortPair(from: number): Promise<number> {
  for (let p = from; p < from + 400; p += 2) if ((await portFree(p)) && (await portFree(p + 1))) return p;
  throw new Error('no free port pair');
}

async function ping(netns: string, ip: string, count = 1): Promise<boolean> {
  const r = await execa('ip', ['netns', 'exec', netns, 'ping', '-c', String(count), '-W', '1', '-i', '0.2', '-q', ip], { reject: false });
  return r.exitCode === 0;
}

/** ICMP echo requests received by a namespace (its own /proc/net/snmp). */
async function inEchos(netns: string): Promise<number> {
  const snmp = String((await execa('ip', ['netns', 'exec', netns, 'cat', '/proc/net/snmp'])).stdout).split('\n');
  const header = snmp.find((l) => l.startsWith('Icmp:') && l.includes('InEchos'));
  const values = snmp.find((l) => l.startsWith('Icmp:') && /^Icmp: \d/.test(l));
  assert.ok(header && values, 'no Icmp counters');
  return Number(values.split(/\s+/)[header.split(/\s+/).indexOf('InEchos')]);
}

/** Runs tcpdump on an interface of a namespace while `during` runs; resolves to its lines. */
async function capture(netns: string, iface: string, filter: string, during: () => Promise<unknown>): Promise<string[]> {
  const child = spawn('ip', ['netns', 'exec', netns, 'tcpdump', '-i', iface, '-nn', '-e', '-l', '-c', '20', filter], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  // tcpdump says "listening on" on stderr once its socket is open: only then is traffic seen.
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
      if (err.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${err}`)));
  });
  try {
    await during();
    await new Promise((r) => setTimeout(r, 300)); // let the last frames reach the capture buffer
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
  }
  return out.split('\n').filter(Boolean);
}

/** Registers the whole default-WAN suite for one runtime. */
export function defaultWanSuite(runtime: 'netns' | 'docker', env: () => Record<string, string>): void {
  const prefix = testPrefix(runtime === 'netns' ? 'pwn' : 'pwd');
  let port = 0;
  let status: StatusJson;
  const hostNs = (name: string) => `${prefix}-${name}`;
  const url = (site: 0 | 1) => `http://127.0.0.1:${port + site}`;
  const run = (args: string[]) => cli(prefix, args, { env: env() });
  let rootVethsBefore: string[] = [];

  before(async function () {
    this.timeout(300_000);
    port = await freePortPair(runtime === 'netns' ? 18280 : 18680);
    rootVethsBefore = await rootVeths();
    const started = await run(['start', '--runtime', runtime, '--rest-port', String(port)]);
    assert.equal(started.exitCode, 0, `start failed:\n${started.stdout}\n${started.stderr}`);
    assert.match(started.stdout, /ping across the WAN \(host_001_101 → 50\.1\.0\.2\)/);
    const s = await run(['status', '--json']);
    assert.equal(s.exitCode, 0, s.stderr);
    status = JSON.parse(s.stdout) as StatusJson;
  });

  after(async function () {
    this.timeout(120_000);
    await run(['stop']);
    for (const ns of await namespacesOf(prefix)) await execa('ip', ['netns', 'del', ns], { reject: false });
  });

  it('status: two sites, BGP Peer Up on both, every host present', () => {
    assert.equal(status.running, true);
    assert.equal(status.runtime, runtime);
    assert.deepEqual(status.sites.map((s) => s.id), ['a', 'b']);
    for (const site of status.sites) assert.equal(site.bgp.status, 'Peer Up');
    assert.equal(status.sites[0].hosts.length, 12);
    assert.equal(status.sites[1].hosts.length, 6);
  });

  it('a second start is refused while this WAN is up', async () => {
    const again = await run(['start', '--runtime', runtime, '--rest-port', String(port + 10)]);
    assert.equal(again.exitCode, 4);
    assert.match(again.stderr, /still up.*\n.*pseudo-wan stop/);
  });

  it("every host's addresses and routes are present (eth0, default via the router, each LAN)", async () => {
    for (const site of status.sites) {
      for (const host of site.hosts) {
        const routes = String((await execa('ip', ['-n', host.namespace, 'route', 'show'])).stdout);
        assert.match(routes, new RegExp(`^default via ${host.router.replace(/\./g, '\\.')} dev eth0`, 'm'), host.name);
        const [ip, len] = host.address.split('/');
        const net = ip.split('.').slice(0, 3).join('.');
        assert.match(routes, new RegExp(`^${net.replace(/\./g, '\\.')}\\.0/${len} dev eth0 .*src ${ip.replace(/\./g, '\\.')}`, 'm'), host.name);
        for (const lan of host.lans) {
          const lanNet = `${lan.split('.').slice(0, 3).join('.')}.0/24`;
          assert.ok(routes.includes(`${lanNet} dev eth`), `${host.name}: no route for ${lanNet}`);
        }
      }
    }
  });

  it("every host's static routes are in its VRF on the router (GET mpls)", async () => {
    const mpls = JSON.parse(String((await execa('curl', ['-sf', `${url(0)}/openflow/0000000000000001/mpls`])).stdout)) as { mpls: { routeDist: string; prefix: string }[] };
    const have = new Set(mpls.mpls.map((r) => `${r.routeDist} ${r.prefix}`));
    assert.ok(have.has('65001:101 110.1.9.0/24'));
    assert.ok(have.has('65001:402 140.2.0.0/24'));
    assert.ok(have.has('65001:101 150.1.3.0/24'), 'remote LAN of host_b01_101');
  });

  it('host_001_101 reaches 50.1.0.2 and 150.1.3.1 across the WAN, with MPLS frames on the WAN link', async () => {
    const mpls = JSON.parse(String((await execa('curl', ['-sf', `${url(0)}/openflow/0000000000000001/mpls`])).stdout)) as { mpls: { routeDist: string; prefix: string; label: string | number }[] };
    const remote = mpls.mpls.find((r) => r.routeDist === '65001:101' && r.prefix === '50.1.0.2/32');
    assert.ok(remote, 'no MPLS entry for 50.1.0.2/32 in 65001:101');
    let reached: boolean[] = [];
    const lines = await capture(`${prefix}-a`, 'wan0', 'mpls', async () => {
      reached = [await ping(hostNs('host_001_101'), '50.1.0.2', 3), await ping(hostNs('host_001_101'), '150.1.3.1', 3)];
    });
    assert.deepEqual(reached, [true, true]);
    const labelled = lines.filter((l) => /MPLS \(label \d+/.test(l));
    assert.ok(labelled.length >= 6, `MPLS frames seen on wan0: ${labelled.length}\n${lines.join('\n')}`);
    assert.ok(labelled.some((l) => l.includes(`MPLS (label ${remote.label},`) && l.includes('10.1.0.2 > 50.1.0.2')), `no request with label ${remote.label}:\n${lines.join('\n')}`);
    assert.ok(labelled.some((l) => l.includes('50.1.0.2 > 10.1.0.2')), 'no MPLS-labelled reply');
  });

  it('host_001_101 reaches neither 60.1.0.2 (another VPN) nor 10.2.0.2 (another VRF on its own site)', async () => {
    const b02 = await inEchos(hostNs('host_b02_201'));
    const h002 = await inEchos(hostNs('host_002_102'));
    assert.equal(await ping(hostNs('host_001_101'), '60.1.0.2', 2), false);
    assert.equal(await ping(hostNs('host_001_101'), '10.2.0.2', 2), false);
    assert.equal(await inEchos(hostNs('host_b02_201')), b02, 'host_b02_201 saw an echo request');
    assert.equal(await inEchos(hostNs('host_002_102')), h002, 'host_002_102 saw an echo request');
  });

  it('red reaches red and never blue, blue reaches blue and never red (per-host ICMP counters)', async () => {
    const count = () => Promise.all(['host_red_b', 'host_blue_b', 'host_red_a', 'host_blue_a'].map((h) => inEchos(hostNs(h))));
    // Warm the paths first (ARP on each PE), so the counted pings below are all delivered.
    for (const [from, to] of [['host_red_a', '172.16.2.2'], ['host_blue_a', '172.16.2.2'], ['host_blue_b', '172.16.1.2']]) {
      let ok = false;
      for (let i = 0; i < 5 && !ok; i++) ok = await ping(hostNs(from), to);
      assert.ok(ok, `${from} → ${to} never answered`);
    }
    const [redB0, blueB0] = await count();
    assert.equal(await ping(hostNs('host_red_a'), '172.16.2.2', 3), true);
    const [redB1, blueB1] = await count();
    assert.equal(redB1 - redB0, 3, 'host_red_b answered red');
    assert.equal(blueB1, blueB0, 'host_blue_b must not see red');
    assert.equal(await ping(hostNs('host_blue_a'), '172.16.2.2', 4), true);
    const [redB2, blueB2] = await count();
    assert.equal(blueB2 - blueB1, 4, 'host_blue_b answered blue');
    assert.equal(redB2, redB1, 'host_red_b must not see blue');
    const [, , redA0, blueA0] = await count();
    assert.equal(await ping(hostNs('host_blue_b'), '172.16.1.2', 2), true);
    const [, , redA1, blueA1] = await count();
    assert.equal(blueA1 - blueA0, 2);
    assert.equal(redA1, redA0);
  });

  it('the show scripts print their tables', async () => {
    const script = async (name: string, site: 0 | 1 = 0) => {
      const r = await execa('sh', [join(ROOT, 'scripts', name)], {
        env: { PSEUDO_WAN_URL: url(site), DPID: site === 0 ? '0000000000000001' : '0000000000000002' },
        reject: false,
      });
      assert.equal(r.exitCode, 0, `${name}: ${r.stderr}`);
      return String(r.stdout);
    };
    assert.match(await script('get_peer_status.sh'), /Peer Status[\s\S]*occurTime\s+status[\s\S]*Peer Up\s+10\.10\.10\.1\s+192\.168\.0\.2\s+65002/);
    assert.match(await script('get_peer_status.sh', 1), /Peer Up\s+10\.10\.10\.2\s+192\.168\.0\.1\s+65001/);
    const vrf = await script('get_vrf.sh');
    assert.match(vrf, /VPN: \('65001:101', 'ipv4'\)/);
    assert.match(vrf, /50\.1\.0\.2\/32/);
    assert.match(await script('get_mpls.sh'), /65001:101\s+110\.1\.0\.0\/24\s+10\.1\.0\.2/);
    assert.match(await script('get_interface.sh'), /3 10\.1\.0\.1\s+00:00:00:00:00:01 65001:101/);
    assert.match(await script('get_arp.sh'), /00:00:00:02:02:02|192\.168\.0\.2/);
    assert.match(await script('get_rib.sh'), /65002:101/);
    assert.match(await script('get_port_stats.sh'), /\n\s+1\s+\d+/);
    assert.match(await script('get_flow_stats.sh'), /\d+\s+\d+\s*$/m);
  });

  it('exec runs a command inside a host', async () => {
    const r = await run(['exec', 'host_001_101', 'ping', '-c', '1', '-W', '2', '50.1.0.2']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /1 packets transmitted, 1 (packets )?received/);
    const fails = await run(['exec', 'host_001_101', 'sh', '-c', 'exit 3']);
    assert.equal(fails.exitCode, 3);
    const flows = await run(['exec', 'a', 'ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br0']);
    assert.equal(flows.exitCode, 0, flows.stderr);
    assert.match(flows.stdout, /push_mpls/);
  });

  it('stop leaves no namespace, veth, container, OVS or controller process behind', async function () {
    this.timeout(120_000);
    const stateDir = `/run/pseudo-wan/${prefix}`;
    assert.notDeepEqual(await processesMentioning(stateDir), [], 'the WAN processes should be running before stop');
    const stopped = await run(['stop']);
    assert.equal(stopped.exitCode, 0, stopped.stderr);
    assert.match(stopped.stdout, /nothing left/);
    assert.deepEqual(await namespacesOf(prefix), [], 'namespaces left');
    assert.deepEqual(await processesMentioning(stateDir), [], 'OVS / controller / publisher processes left');
    // Every veth of the WAN lives in its namespaces; one left in the machine's namespace would
    // carry one of these names. (Other programs' veths may come and go meanwhile.)
    const ours = /^(p\d+|wan0|eth\d+|bgpPort|ofl0)(@|$)/;
    const leaked = (await rootVeths()).filter((v) => ours.test(v) && !rootVethsBefore.includes(v));
    assert.deepEqual(leaked, [], 'veths left in the root namespace');
    assert.equal(await portFree(port), true, 'REST port of site A still taken');
    assert.equal(await portFree(port + 1), true, 'REST port of site B still taken');
    if (runtime === 'docker') {
      const ps = await execa('docker', ['ps', '-a', '--filter', `label=pseudo-wan.prefix=${prefix}`, '--format', '{{.Names}}'], { env: env() });
      assert.equal(String(ps.stdout).trim(), '', 'containers left');
    }
    const again = await run(['stop']);
    assert.equal(again.exitCode, 0);
  });
}
