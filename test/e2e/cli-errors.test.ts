/**
 * The CLI's clear errors, each on the built CLI: not root, OVS missing, port taken, a WAN
 * from an earlier run, a bad OpenFlow.ini — and that none of them leaves anything behind.
 */
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, access } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { cli, namespacesOf, processesMentioning, ROOT, testPrefix } from './cli-support.js';

const prefix = testPrefix('pwe');
const stateDir = `/run/pseudo-wan/${prefix}`;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function assertNothingMade(): Promise<void> {
  assert.deepEqual(await namespacesOf(prefix), []);
  assert.equal(await exists(stateDir), false, `${stateDir} should not exist`);
}

describe('e2e: pseudo-wan CLI errors', function () {
  this.timeout(120_000);
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pw-cli-e2e-'));
  });
  after(async () => {
    await cli(prefix, ['stop']);
    for (const ns of await namespacesOf(prefix)) await execa('ip', ['netns', 'del', ns], { reject: false });
    await rm(scratch, { recursive: true, force: true });
  });

  it('every command has --help', async () => {
    for (const args of [['--help'], ...['install', 'start', 'stop', 'status', 'exec', 'topology'].map((c) => [c, '--help'])]) {
      const run = await cli(prefix, args);
      assert.equal(run.exitCode, 0, args.join(' '));
      assert.match(run.stdout, /Usage: pseudo-wan/);
    }
  });

  it('start without root privileges: must run as root', async () => {
    // Root's uid without root's capabilities (what `sudo` would give back). Dropping
    // capabilities rather than the uid keeps the repository readable wherever CI cloned it.
    const run = await execa('setpriv', ['--inh-caps=-all', '--bounding-set=-all', process.execPath, join(ROOT, 'dist/pseudo-wan/cli.js'), 'start'], {
      reject: false,
      env: { ...process.env, PSEUDO_WAN_PREFIX: prefix },
    });
    assert.equal(run.exitCode, 4, String(run.stderr));
    assert.match(String(run.stderr), /must run as root .*lacks CAP_NET_ADMIN, CAP_SYS_ADMIN/);
    assert.match(String(run.stderr), /sudo/);
    await assertNothingMade();
  });

  it('start without Open vSwitch: says it is missing and how to install it', async () => {
    // A PATH holding every tool start needs except OVS's.
    const bin = join(scratch, 'bin');
    await mkdir(bin, { recursive: true });
    for (const tool of ['ip', 'ethtool', 'ping']) {
      const where = String((await execa('sh', ['-c', `command -v ${tool}`])).stdout).trim();
      await symlink(where, join(bin, tool)).catch(() => undefined);
    }
    const run = await cli(prefix, ['start', '--rest-port', '18580'], { env: { PATH: bin } });
    assert.equal(run.exitCode, 4, run.stderr);
    assert.match(run.stderr, /Open vSwitch is not installed \(ovs-vswitchd, ovsdb-server, ovsdb-tool, ovs-vsctl not found\)/);
    assert.match(run.stderr, /pseudo-wan install.*apt-get install openvswitch-switch/);
    await assertNothingMade();
  });

  it('start with the REST port taken: names the port', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await cli(prefix, ['start', '--rest-port', String(port)]);
      assert.equal(run.exitCode, 4, run.stderr);
      assert.match(run.stderr, new RegExp(`port ${port} of 127\\.0\\.0\\.1 is taken`));
      assert.match(run.stderr, /--rest-port/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    await assertNothingMade();
  });

  it('start with a bad OpenFlow.ini: names key and line, before anything starts', async () => {
    const text = (await readFile(join(ROOT, 'pseudo-wan/OpenFlow.ini'), 'utf8')).replace('label_range_end = "1999"', 'label_range_end = "abc"');
    const line = text.split('\n').findIndex((l) => l.startsWith('label_range_end')) + 1;
    const path = join(scratch, 'bad.ini');
    await writeFile(path, text);
    const run = await cli(prefix, ['start', '--config', path, '--rest-port', '18580']);
    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, new RegExp(`bad\\.ini:${line}:.*label_range_end`));
    await assertNothingMade();
  });

  it('start while a WAN from an earlier run is up: clear error suggesting stop; stop clears it', async () => {
    // What a crashed start leaves: a state file listing a namespace that still exists.
    await mkdir(stateDir, { recursive: true });
    await execa('ip', ['netns', 'add', `${prefix}-a`]);
    await writeFile(join(stateDir, 'state.json'), JSON.stringify({
      version: 1, prefix, runtime: 'netns', dir: stateDir, startedAt: new Date().toISOString(), phase: 'starting',
      topology: { sites: [] }, resources: [{ kind: 'netns', name: `${prefix}-a` }],
    }));
    const run = await cli(prefix, ['start', '--rest-port', '18580']);
    assert.equal(run.exitCode, 4, run.stderr);
    assert.match(run.stderr, /a WAN from an earlier run is still up/);
    assert.match(run.stderr, /pseudo-wan stop/);
    assert.deepEqual(await namespacesOf(prefix), [`${prefix}-a`], 'the failed start removed nothing of the earlier WAN');
    const stop = await cli(prefix, ['stop']);
    assert.equal(stop.exitCode, 0, stop.stderr);
    await assertNothingMade();
    const again = await cli(prefix, ['stop']);
    assert.equal(again.exitCode, 0);
    assert.match(again.stdout, /nothing to stop/);
  });

  it('start with namespaces left without a state file: names them', async () => {
    await execa('ip', ['netns', 'add', `${prefix}-host_001_101`]);
    try {
      const run = await cli(prefix, ['start', '--rest-port', '18580']);
      assert.equal(run.exitCode, 4, run.stderr);
      assert.match(run.stderr, new RegExp(`namespaces from an earlier run are still there: ${prefix}-host_001_101`));
    } finally {
      await execa('ip', ['netns', 'del', `${prefix}-host_001_101`]);
    }
    await assertNothingMade();
  });

  it('start --runtime docker without an engine: says how to get one', async () => {
    const run = await cli(prefix, ['start', '--runtime', 'docker', '--rest-port', '18580'], {
      env: { DOCKER_HOST: `unix://${join(scratch, 'no-engine.sock')}` },
    });
    assert.equal(run.exitCode, 4, run.stderr);
    assert.match(run.stderr, /no Docker engine answers at unix:\/\/.*no-engine\.sock/);
    assert.match(run.stderr, /apt-get install docker\.io/);
    await assertNothingMade();
  });

  it('install: packages present and the kernel checks (netns, veth, tun, bridge) pass; idempotent', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await cli(prefix, ['install']);
      assert.equal(run.exitCode, 0, run.stderr);
      assert.match(run.stdout, /packages: all present/);
      for (const feature of ['network namespaces', 'veth links', 'tun devices', 'bridge links']) {
        assert.match(run.stdout, new RegExp(`kernel: ${feature}[^:]*: ok`));
      }
    }
    assert.deepEqual((await execa('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith('pwchk-')), [], 'scratch namespace removed');
  });

  it('a start that fails half-way (REST refuses a route) removes everything it made', async () => {
    const topo = await cli(prefix, ['topology', '--hosts-per-site', '2', '--lans', '1', '--rest-port', '18590']);
    const topology = JSON.parse(topo.stdout);
    topology.sites[0].hosts[1].routes = ['110.2.0.1/24']; // host bits set: POST route answers 400
    const path = join(scratch, 'refused-route.json');
    await writeFile(path, JSON.stringify(topology));
    const run = await cli(prefix, ['start', '--topology', path]);
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stdout, /✘ .*configured through REST/);
    assert.match(run.stderr, /POST http:\/\/127\.0\.0\.1:18590\/openflow\/0000000000000001\/route → 400/);
    assert.match(run.stderr, /everything made so far was removed again/);
    await assertNothingMade();
    assert.deepEqual(await processesMentioning(stateDir), []);
  });

  it('status and exec without a WAN say so', async () => {
    const status = await cli(prefix, ['status']);
    assert.notEqual(status.exitCode, 0);
    assert.match(status.stderr, /no WAN is up/);
    const exec = await cli(prefix, ['exec', 'host_001_101', 'true']);
    assert.notEqual(exec.exitCode, 0);
    assert.match(exec.stderr, /no WAN is up/);
  });

  it('topology --hosts-per-site prints a topology start accepts', async () => {
    const run = await cli(prefix, ['topology', '--hosts-per-site', '3', '--lans', '1']);
    assert.equal(run.exitCode, 0, run.stderr);
    const topology = JSON.parse(run.stdout);
    assert.equal(topology.sites.length, 2);
    assert.equal(topology.sites[1].hosts.length, 3);
    const bad = await cli(prefix, ['topology', '--hosts-per-site', '999']);
    assert.equal(bad.exitCode, 2);
    const oneSite = join(scratch, 'one-site.json');
    await writeFile(oneSite, JSON.stringify({ sites: [topology.sites[0]] }));
    const lonely = await cli(prefix, ['start', '--topology', oneSite]);
    assert.equal(lonely.exitCode, 2);
    assert.match(lonely.stderr, /has one site: it needs --peer external --uplink IFACE/);
    const typo = join(scratch, 'typo.json');
    topology.sites[0].hosts[0].routerMac = 'zz:00:00:00:00:01';
    await writeFile(typo, JSON.stringify(topology));
    const refused = await cli(prefix, ['start', '--topology', typo]);
    assert.equal(refused.exitCode, 3);
    assert.match(refused.stderr, /sites\.0\.hosts\.0\.routerMac: a MAC address/);
    await assertNothingMade();
  });
});
