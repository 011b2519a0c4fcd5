/**
 * Route leaking between VRFs of one site, with real OVS and real pings (issue 3 item 3): a
 * VRF-local route lands in every other local VRF whose import RTs meet its export RTs, and the
 * controller forwards it out of the origin VRF's host port. No BGP neighbour is needed: the
 * site runs its speaker with no uplink.
 *
 * Shared services, one site, three host namespaces (ping needs a way back, so the shared VRF
 * imports its clients' RT; the clients import only the shared RT):
 *   X  65001:1  import 65000:1 65000:2  export 65000:1   host lkh3 10.1.0.2, and 172.16.1.1 behind it
 *   Y  65001:2  import 65000:1 65000:2  export 65000:2   host lkh4 10.2.0.2
 *   Z  65001:3  import 65000:1 65000:3  export 65000:3   host lkh5 10.3.0.2 (X does not import 65000:3)
 * Y ↔ X work; Z's echo reaches X's host but X has no route back; Y and Z never meet (leaking is
 * not transitive).
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addAddress, addRoute, createNetns, createVeth, deleteNetns, OvsInstance, run, stopPid } from '../../../pseudo-wan/system/index.js';
import { capture, restRequest, until, type RestReply } from './site-env.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SITE = 'lks';
const DIR = `/tmp/lk-${process.pid}-site`;
const REST_SOCKET = join(DIR, 'rest.sock');
const LOG = join(DIR, 'site.log');
const HOSTS = [
  { port: 3, ns: 'lkh3', ip: '10.1.0.2', gw: '10.1.0.1', mac: '02:00:00:00:1c:03', rd: '65001:1', imp: '65000:1,65000:2', exp: '65000:1' },
  { port: 4, ns: 'lkh4', ip: '10.2.0.2', gw: '10.2.0.1', mac: '02:00:00:00:1c:04', rd: '65001:2', imp: '65000:1,65000:2', exp: '65000:2' },
  { port: 5, ns: 'lkh5', ip: '10.3.0.2', gw: '10.3.0.1', mac: '02:00:00:00:1c:05', rd: '65001:3', imp: '65000:1,65000:3', exp: '65000:3' },
] as const;
const [X, Y, Z] = HOSTS;

let ovs: OvsInstance | undefined;
let site: ChildProcess | undefined;

function rest(method: string, path: string, body?: unknown): Promise<RestReply> {
  return restRequest(REST_SOCKET, method, path, body);
}

async function ok(method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await rest(method, path, body);
  if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The prefixes of every VRF table, sorted (GET vrf: rows with routeDist and routes, wherever the envelope puts them). */
async function vrfPrefixes(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as { routeDist?: unknown; routes?: unknown };
    if (typeof o.routeDist === 'string' && Array.isArray(o.routes)) {
      out[o.routeDist] = [...new Set((o.routes as Array<{ prefix: string }>).map((r) => r.prefix))].sort();
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(await ok('GET', 'vrf'));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Whether `count` echoes from `ns` to `dst` are all answered. */
async function pings(ns: string, dst: string, count = 2): Promise<boolean> {
  try {
    const out = await run('ping', ['-c', String(count), '-i', '0.3', '-W', '1', dst], { netns: ns, timeoutMs: 20_000 });
    return out.includes(`${count} received`);
  } catch {
    return false; // ping exits 1 when nothing came back
  }
}

async function destroy(): Promise<void> {
  if (site && site.exitCode === null && site.pid) await stopPid(site.pid, 5000).catch(() => undefined);
  site = undefined;
  await ovs?.stop({ keepDir: true }).catch(() => undefined);
  ovs = undefined;
  for (const h of HOSTS) await deleteNetns(h.ns).catch(() => undefined);
  await deleteNetns(SITE).catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
}

describe('controller integration: route leaking between VRFs of one site (real OVS, real pings)', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(180_000);
    await destroy();
    await mkdir(DIR, { recursive: true });
    await createNetns(SITE);
    ovs = await OvsInstance.start({ dir: join(DIR, 'ovs'), netns: SITE });
    await ovs.addBridge({ name: 'br0', dpid: '0000000000000001', controller: 'tcp:127.0.0.1:6633' });
    for (const h of HOSTS) {
      await createNetns(h.ns);
      await createVeth({ name: `h${h.port}`, netns: SITE }, { name: 'eth0', netns: h.ns, mac: h.mac });
      await ovs.addPort('br0', `h${h.port}`, h.port);
      await addAddress('eth0', `${h.ip}/24`, h.ns);
      await addRoute('default', h.gw, h.ns);
    }
    await run('ip', ['address', 'add', '172.16.1.1/32', 'dev', 'lo'], { netns: X.ns });

    const fd = openSync(LOG, 'a');
    site = spawn(
      'ip',
      ['netns', 'exec', SITE, process.execPath, '--import', 'tsx', join(ROOT, 'controller/main.ts'),
        '--rest-socket', REST_SOCKET, '--bgp-listen', 'off', '--log-level', 'debug'],
      { cwd: ROOT, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    await until('the site process and its switch', async () => (await rest('GET', 'interface').catch(() => undefined))?.status === 200, 60_000);

    await ok('POST', 'bgp', { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    for (const h of HOSTS) {
      await ok('POST', 'vrf', { vrf: { route_dist: h.rd, import: h.imp, export: h.exp } });
      await ok('POST', 'interface', {
        interface: {
          port: String(h.port), macaddress: `00:00:00:00:1c:${h.port.toString(16).padStart(2, '0')}`, ipaddress: h.gw, netmask: '255.255.255.0',
          opposite_ipaddress: h.ip, opposite_asnumber: '', port_offload_bgp: '', bgp_med: '', bgp_local_pref: '', bgp_filter_asnumber: '', vrf_routeDist: h.rd,
        },
      });
      await ok('POST', 'redistribute', { bgp: { redistribute: 'ON', vrf_routeDist: h.rd } });
    }
    // A static prefix behind X's host (172.16.1.1 on its loopback).
    await ok('POST', 'route', { route: { destination: '172.16.1.0', netmask: '255.255.255.0', nexthop: X.ip, vrf_routeDist: X.rd } });
    // Every host answers ARP for its gateway once, so the router learns it and redistributes its /32.
    for (const h of HOSTS) assert.ok(await pings(h.ns, h.gw), `${h.ns} reaches its gateway`);
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') console.log((await readFile(LOG, 'utf8').catch(() => '')).split('\n').slice(-60).join('\n')); // eslint-disable-line no-console
    await destroy();
  });

  it('leaks X’s routes into Y and Z by RT (GET vrf shows them), Y’s into X, and nothing between Y and Z', async () => {
    const want: Record<string, string[]> = {
      [X.rd]: ['10.1.0.2/32', '10.2.0.2/32', '172.16.1.0/24'],
      [Y.rd]: ['10.1.0.2/32', '10.2.0.2/32', '172.16.1.0/24'],
      [Z.rd]: ['10.1.0.2/32', '10.3.0.2/32', '172.16.1.0/24'],
    };
    let last = '';
    await until('the leaked routes in GET vrf', async () => {
      const got = await vrfPrefixes();
      last = JSON.stringify(got);
      return JSON.stringify(got) === JSON.stringify(want);
    }).catch((err: Error) => assert.fail(`${err.message}; GET vrf: ${last}`));
  });

  it('a host of Y pings X’s host and the static prefix behind it', async () => {
    assert.ok(await until('Y → X host', async () => pings(Y.ns, X.ip)), 'Y reaches 10.1.0.2');
    assert.ok(await pings(Y.ns, '172.16.1.1'), 'Y reaches 172.16.1.1 behind X');
    assert.ok(await pings(X.ns, Y.ip), 'X reaches Y (X imports 65000:2)');
  });

  it('Z’s echo reaches X’s host, but X has no route back (X does not import 65000:3)', async () => {
    const seen = await capture(X.ns, 'eth0', `icmp and src host ${Z.ip}`, 1, () => pings(Z.ns, X.ip, 1), 3000);
    assert.equal(seen.length, 1, 'the echo request crossed from Z into X (X’s routes leak into Z)');
    assert.equal(await pings(Z.ns, X.ip), false, 'no reply: Z’s routes are not in X');
    assert.equal(await pings(X.ns, Z.ip), false, 'X cannot reach Z');
  });

  it('leaking is not transitive: Y and Z both import X’s RT, yet never reach each other', async () => {
    for (const [from, to] of [[Y, Z], [Z, Y]] as const) {
      const seen = await capture(to.ns, 'eth0', `icmp and src host ${from.ip}`, 1, () => pings(from.ns, to.ip, 1), 3000);
      assert.equal(seen.length, 0, `${from.ns} → ${to.ns} delivered nothing`);
    }
  });

  it('removing X’s static route withdraws the leaked copies: Y no longer reaches 172.16.1.1', async () => {
    await ok('DELETE', 'route', { route: { destination: '172.16.1.0', netmask: '255.255.255.0', vrf_routeDist: X.rd } });
    await until('the leaked flow gone', async () => !(await pings(Y.ns, '172.16.1.1', 1)));
    assert.ok(await pings(Y.ns, X.ip), 'the /32 of X’s host still leaks');
  });
});
