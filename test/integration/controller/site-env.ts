/**
 * A whole site for the controller's integration tests, wired as design §3 says, with real
 * components only:
 *
 *   ns ctlXs (site): private OVS, bridge br0 (dpid 1, controller tcp:127.0.0.1:6633), the site
 *     process (controller/main.ts) started with `ip netns exec`, REST on a unix socket and on
 *     127.0.0.1:18080 inside the namespace (for the show scripts);
 *     port 1 `up1` ── veth ── `wan0` in ns ctlXp (the external PE: gobgpd AS 65002, 192.168.0.2)
 *     port 2 `of2`  ── veth ── `bgpPort` (192.168.0.1/30, 00:00:00:01:01:01, the site's host stack)
 *     port N `hN`   ── veth ── `eth0` in ns ctlXhN (a host)
 *
 * Everything made here is named `<prefix><tag>...` (prefix `ctl` unless given) and removed by
 * `destroy()`, daemons by pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  addAddress,
  addRoute,
  createNetns,
  createVeth,
  deleteNetns,
  OvsInstance,
  run,
  stopPid,
} from '../../../pseudo-wan/system/index.js';
import { startGobgpd, type Gobgpd, type GobgpFamily } from '../../support/gobgpd.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** A host behind a router port. */
export interface SiteHost {
  readonly netns: string;
  readonly port: number;
  readonly ip: string;
  readonly mac: string;
}

/** A REST answer. */
export interface RestReply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A REST call to a site process through its unix socket; the body is parsed as JSON when it is JSON. */
export function restRequest(socketPath: string, method: string, path: string, body?: unknown, dpid = '0000000000000001'): Promise<RestReply> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      // Content-Length always: Node sends a DELETE body unframed otherwise.
      { socketPath, method, path: `/openflow/${dpid}/${path}`,
        headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`REST ${method} ${path} timed out`)));
    if (data) req.write(data);
    req.end();
  });
}

/** Polls `probe` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastErr ? `: ${(lastErr as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The site under test. */
export class SiteEnv {
  readonly siteNs: string;
  readonly peerNs: string;
  readonly dir: string;
  readonly restSocket: string;
  readonly hosts: SiteHost[] = [];
  ovs: OvsInstance | undefined;
  gobgpd: Gobgpd | undefined;
  private site: ChildProcess | undefined;
  readonly logPath: string;

  constructor(
    readonly tag: string,
    readonly prefix = 'ctl',
  ) {
    this.siteNs = `${prefix}${tag}s`;
    this.peerNs = `${prefix}${tag}p`;
    this.dir = `/tmp/${prefix}-${process.pid}-${tag}`;
    this.restSocket = join(this.dir, 'rest.sock');
    this.logPath = join(this.dir, 'site.log');
  }

  /** Namespaces, OVS, the uplink/offload wiring and the peer's gobgpd. */
  async create(options: { gobgpd?: boolean; holdTime?: number; controller?: boolean; families?: readonly GobgpFamily[] } = {}): Promise<void> {
    await this.destroy();
    await mkdir(this.dir, { recursive: true });
    await createNetns(this.siteNs);
    await createNetns(this.peerNs);
    this.ovs = await OvsInstance.start({ dir: join(this.dir, 'ovs'), netns: this.siteNs });
    await this.ovs.addBridge({ name: 'br0', dpid: '0000000000000001', controller: options.controller === false ? undefined : 'tcp:127.0.0.1:6633' });
    await createVeth({ name: 'up1', netns: this.siteNs }, { name: 'wan0', netns: this.peerNs, mac: '00:00:00:02:02:02' });
    await this.ovs.addPort('br0', 'up1', 1);
    await addAddress('wan0', '192.168.0.2/30', this.peerNs);
    await createVeth({ name: 'of2', netns: this.siteNs }, { name: 'bgpPort', netns: this.siteNs, mac: '00:00:00:01:01:01' });
    await this.ovs.addPort('br0', 'of2', 2);
    await addAddress('bgpPort', '192.168.0.1/30', this.siteNs);
    if (options.gobgpd !== false) {
      this.gobgpd = await startGobgpd({
        netns: this.peerNs,
        dir: join(this.dir, 'gobgpd'),
        asn: 65002,
        routerId: '10.10.10.2',
        neighbors: [
          { address: '192.168.0.1', asn: 65001, families: options.families ?? ['l3vpn-ipv4-unicast'], connectRetry: 1, idleHoldAfterReset: 1, holdTime: options.holdTime ?? 90 },
        ],
        logLevel: 'info',
      });
    }
  }

  /** A host namespace on router port `port`. */
  async addHost(port: number, cidr: string, mac: string, gateway: string): Promise<SiteHost> {
    const netns = `${this.prefix}${this.tag}h${port}`;
    await createNetns(netns);
    await createVeth({ name: `h${port}`, netns: this.siteNs }, { name: 'eth0', netns, mac });
    await this.ovs!.addPort('br0', `h${port}`, port);
    await addAddress('eth0', cidr, netns);
    await addRoute('default', gateway, netns);
    const host = { netns, port, ip: cidr.split('/')[0]!, mac };
    this.hosts.push(host);
    return host;
  }

  /** Starts the site process inside the site namespace; resolves once REST answers. */
  async startSite(extraArgs: readonly string[] = [], nodeArgs: readonly string[] = []): Promise<void> {
    const fd = openSync(this.logPath, 'a');
    this.site = spawn(
      'ip',
      ['netns', 'exec', this.siteNs, process.execPath, ...nodeArgs, '--import', 'tsx', join(ROOT, 'controller/main.ts'),
        '--rest-socket', this.restSocket, '--rest', '127.0.0.1:18080', '--log-level', 'debug', ...extraArgs],
      { cwd: ROOT, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    const child = this.site;
    let exited = false;
    child.once('exit', () => (exited = true));
    await until('the site process REST socket', async () => {
      if (exited) throw new Error(`site process exited:\n${await this.logTail()}`);
      const r = await this.rest('GET', 'interface').catch(() => undefined);
      return r !== undefined;
    });
  }

  /** Waits until the switch is connected (GET interface answers 200). */
  async waitSwitch(): Promise<void> {
    await until('the switch to connect', async () => (await this.rest('GET', 'interface')).status === 200);
  }

  /** The site process's pid (the child of `ip netns exec`, which execs in place). */
  get sitePid(): number | undefined {
    return this.site?.pid;
  }

  /** SIGTERM to the site process; resolves with its exit code. */
  async stopSite(): Promise<number | null> {
    const child = this.site;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const code = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    await stopPid(child.pid!, 5000);
    this.site = undefined;
    return code;
  }

  /** A REST call through the unix socket. */
  rest(method: string, path: string, body?: unknown, dpid = '0000000000000001'): Promise<RestReply> {
    return restRequest(this.restSocket, method, path, body, dpid);
  }

  /** A REST call that must succeed. */
  async ok(method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.rest(method, path, body);
    if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** `ovs-ofctl -O OpenFlow13 dump-flows br0 [filter]`, counters and durations removed, sorted. */
  async flows(filter?: string): Promise<string[]> {
    const out = await this.ovs!.ofctl(['-O', 'OpenFlow13', '--no-stats', 'dump-flows', 'br0', ...(filter ? [filter] : [])]);
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('OFPST_FLOW') && !l.startsWith('NXST_FLOW'))
      .sort();
  }

  /** Runs a command in a namespace. */
  exec(netns: string, file: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
    return run(file, args, { netns, timeoutMs });
  }

  /** The last lines of the site log. */
  async logTail(n = 60): Promise<string> {
    try {
      return (await readFile(this.logPath, 'utf8')).split('\n').slice(-n - 1).join('\n');
    } catch {
      return '';
    }
  }

  /** Removes everything this env made (idempotent). */
  async destroy(): Promise<void> {
    await this.stopSite().catch(() => undefined);
    await this.gobgpd?.stop({ keepDir: true }).catch(() => undefined);
    this.gobgpd = undefined;
    await this.ovs?.stop({ keepDir: true }).catch(() => undefined);
    this.ovs = undefined;
    for (const h of this.hosts) await deleteNetns(h.netns).catch(() => undefined);
    this.hosts.length = 0;
    for (const p of [3, 4, 5, 6, 7, 8]) await deleteNetns(`${this.prefix}${this.tag}h${p}`).catch(() => undefined);
    await deleteNetns(this.siteNs).catch(() => undefined);
    await deleteNetns(this.peerNs).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Captures on `iface` in `netns` while `action` runs: `tcpdump -nn -e -l -c COUNT FILTER`,
 * resolving to its text lines (empty when nothing matched within `timeoutMs`).
 */
export async function capture(netns: string, iface: string, filter: string, count: number, action: () => Promise<unknown>, timeoutMs = 6000): Promise<string[]> {
  const child = spawn('ip', ['netns', 'exec', netns, 'tcpdump', '-nn', '-e', '-l', '-i', iface, '-c', String(count), filter], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      if (line) lines.push(line);
      buf = buf.slice(i + 1);
    }
  });
  // tcpdump says "listening on" on stderr once the socket is open.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 3000);
    child.stderr!.on('data', (c: Buffer) => {
      if (c.toString().includes('listening on')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await action().catch(() => undefined);
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  await done;
  clearTimeout(timer);
  return lines;
}
