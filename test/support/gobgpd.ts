/**
 * A real gobgpd (Debian's 3.10) for integration tests: started inside a network namespace
 * with a generated TOML config in a private directory, ready once its gRPC API answers,
 * stopped by pid. Interop claims in this project are only ever made against this daemon.
 *
 * Usage (the test process runs in the root namespace; `createPeerNamespace` gives gobgpd a
 * namespace joined to it by a veth /30):
 * ```ts
 * const ns = await createPeerNamespace('bgsA', '10.255.1.0'); // us 10.255.1.1, gobgpd 10.255.1.2
 * const g = await startGobgpd({
 *   netns: 'bgsA', dir: '/tmp/bgs-123-a', asn: 65001, routerId: '10.255.1.2',
 *   neighbors: [{ address: '10.255.1.1', asn: 65000, families: ['ipv4-unicast', 'l3vpn-ipv4-unicast'] }],
 * });
 * await g.waitForState('10.255.1.1', 'established');
 * await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '10.9.0.0/24', 'label', '100', 'rd', '65001:1', 'rt', '65001:1', 'nexthop', '10.255.1.2']);
 * await g.stop();
 * await ns.remove();
 * ```
 * Notes:
 * - The API listens on 127.0.0.1:apiPort *inside the namespace*, so the `gobgp` CLI is run
 *   there too; every namespace has its own loopback, so the default port never collides.
 * - gobgpd always advertises the 4-octet AS capability (it has no knob to turn it off); a
 *   2-octet-only peer has to be played by a raw test socket.
 * - pprof is disabled: its default `localhost:6060` would be one more listener per daemon.
 * - Timers default to test-friendly values: hold 9 s, connect-retry 1 s, idle hold after a
 *   reset 1 s (gobgpd's own defaults are 90, 120 and 30 s). gobgpd still waits a few seconds
 *   before its first active connect.
 * - gobgpd 3.10 never sends ROUTE-REFRESH (`softresetin` re-applies the Adj-RIB-In it keeps),
 *   and sends End-of-RIB only when both sides announce graceful restart.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addAddress,
  CommandError,
  createNetns,
  createVeth,
  deleteLink,
  deleteNetns,
  isAlive,
  run,
  stopPid,
} from '../../pseudo-wan/system/index.js';

/** gobgpd's AFI/SAFI names as its config and CLI spell them. */
export type GobgpFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'l3vpn-ipv4-unicast' | 'l3vpn-ipv6-unicast';

/** One neighbour of the generated config. */
export interface GobgpNeighbor {
  /** The peer's address as gobgpd sees it (our end of the veth). */
  readonly address: string;
  readonly asn: number;
  readonly families: readonly GobgpFamily[];
  /** gobgpd waits for us to connect (`passive-mode`). */
  readonly passive?: boolean;
  /** Source address gobgpd binds for this neighbour. */
  readonly localAddress?: string;
  /** TCP port gobgpd connects to (our listener), default 179. */
  readonly remotePort?: number;
  /** Hold time in seconds (keepalive = hold / 3); gobgpd's default is 90. */
  readonly holdTime?: number;
  /** Seconds between gobgpd's connect attempts; its default is 120, far too slow for tests. */
  readonly connectRetry?: number;
  /** Seconds gobgpd stays idle after a session reset before retrying; its default is 30. */
  readonly idleHoldAfterReset?: number;
  /** Announce graceful restart (RFC 4724) for every family (gobgpd sends End-of-RIB only when both sides announce it). */
  readonly gracefulRestart?: boolean;
}

/** How to start one gobgpd. */
export interface GobgpdOptions {
  /** Namespace the daemon (and its CLI calls) run in; the root namespace if absent. */
  readonly netns?: string;
  /** Private directory for config, log and pidfile; created, and removed by `stop()`. */
  readonly dir: string;
  readonly asn: number;
  readonly routerId: string;
  /** BGP listen port; default 179. `-1` disables listening. */
  readonly listenPort?: number;
  /** Addresses to listen on (default: all). */
  readonly listenAddresses?: readonly string[];
  /** gRPC API port on 127.0.0.1 inside the namespace; default 50051. */
  readonly apiPort?: number;
  readonly neighbors: readonly GobgpNeighbor[];
  /** gobgpd log level, default `debug` (the log is where a failing test's story is). */
  readonly logLevel?: 'panic' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** How long to wait for the API, default 15 s. */
  readonly readyTimeoutMs?: number;
}

/** gobgpd's session states as its JSON output names them. */
export type GobgpSessionState = 'idle' | 'connect' | 'active' | 'opensent' | 'openconfirm' | 'established' | 'unknown';

/** A running gobgpd. */
export interface Gobgpd {
  readonly pid: number;
  readonly dir: string;
  readonly netns: string | undefined;
  readonly apiPort: number;
  readonly configPath: string;
  /** gobgpd's stdout+stderr (plain text, one line per event). */
  readonly logPath: string;
  /** Runs `gobgp -p APIPORT ARGS...` in the namespace; resolves to its stdout. */
  gobgp(args: readonly string[]): Promise<string>;
  /** Runs `gobgp -j ...` and parses the JSON. */
  gobgpJson<T = unknown>(args: readonly string[]): Promise<T>;
  /** The session state of one neighbour (`unknown` if gobgpd does not know it). */
  neighborState(address: string): Promise<GobgpSessionState>;
  /** Polls until the neighbour is in `state`; throws after `timeoutMs` (default 30 s) with the log tail. */
  waitForState(address: string, state: GobgpSessionState, timeoutMs?: number): Promise<void>;
  /** The last lines of the log, for assertion messages. */
  logTail(lines?: number): Promise<string>;
  /** Kills the daemon with SIGKILL (no NOTIFICATION is sent) — to test a peer that vanishes. */
  kill(): Promise<void>;
  /** SIGTERM (then SIGKILL) by pid and removes `dir` unless `keepDir`. Idempotent. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

/** Renders the gobgpd 3.10 TOML config. Exported so a test can show what it ran. */
export function gobgpdConfig(options: GobgpdOptions): string {
  const lines: string[] = [
    '[global.config]',
    `  as = ${options.asn}`,
    `  router-id = ${q(options.routerId)}`,
    `  port = ${options.listenPort ?? 179}`,
  ];
  if (options.listenAddresses?.length) lines.push(`  local-address-list = [${options.listenAddresses.map(q).join(', ')}]`);
  for (const n of options.neighbors) {
    lines.push('', '[[neighbors]]', '  [neighbors.config]', `    neighbor-address = ${q(n.address)}`, `    peer-as = ${n.asn}`);
    const hold = n.holdTime ?? 9;
    lines.push(
      '  [neighbors.timers.config]',
      `    hold-time = ${hold}`,
      `    keepalive-interval = ${Math.max(1, Math.floor(hold / 3))}`,
      `    connect-retry = ${n.connectRetry ?? 1}`,
      `    idle-hold-time-after-reset = ${n.idleHoldAfterReset ?? 1}`,
    );
    lines.push('  [neighbors.transport.config]', `    passive-mode = ${n.passive ? 'true' : 'false'}`);
    if (n.localAddress) lines.push(`    local-address = ${q(n.localAddress)}`);
    if (n.remotePort !== undefined) lines.push(`    remote-port = ${n.remotePort}`);
    if (n.gracefulRestart) lines.push('  [neighbors.graceful-restart.config]', '    enabled = true', '    restart-time = 120');
    for (const family of n.families) {
      lines.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]', `      afi-safi-name = ${q(family)}`);
      if (n.gracefulRestart) lines.push('    [neighbors.afi-safis.mp-graceful-restart.config]', '      enabled = true');
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes the config, starts gobgpd in the namespace and resolves once its API answers. */
export async function startGobgpd(options: GobgpdOptions): Promise<Gobgpd> {
  const dir = options.dir;
  const apiPort = options.apiPort ?? 50051;
  await mkdir(dir, { recursive: true });
  const configPath = join(dir, 'gobgpd.toml');
  const logPath = join(dir, 'gobgpd.log');
  await writeFile(configPath, gobgpdConfig(options));

  const argv = [
    'gobgpd', '-f', configPath, '-t', 'toml', '-p', '-l', options.logLevel ?? 'debug',
    '--api-hosts', `127.0.0.1:${apiPort}`, '--pprof-disable',
  ];
  // `ip netns exec` execs the command in place, so the child's pid is gobgpd's own pid.
  const [file, args] = options.netns ? ['ip', ['netns', 'exec', options.netns, ...argv]] : [argv[0], argv.slice(1)];
  const logFd = openSync(logPath, 'a');
  const child = spawn(file, args, { stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  child.unref();
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', reject);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const gobgp = (cmdArgs: readonly string[]): Promise<string> =>
    run('gobgp', ['-p', String(apiPort), ...cmdArgs], { netns: options.netns, timeoutMs: 30_000 });
  const logTail = async (n = 40): Promise<string> => {
    try {
      return (await readFile(logPath, 'utf8')).split('\n').slice(-n - 1).join('\n');
    } catch {
      return '';
    }
  };

  const instance: Gobgpd = {
    pid,
    dir,
    netns: options.netns,
    apiPort,
    configPath,
    logPath,
    gobgp,
    async gobgpJson<T>(cmdArgs: readonly string[]): Promise<T> {
      const out = await gobgp(['-j', ...cmdArgs]);
      return JSON.parse(out === '' ? 'null' : out) as T;
    },
    async neighborState(address: string): Promise<GobgpSessionState> {
      let raw: unknown;
      try {
        raw = await instance.gobgpJson(['neighbor', address]);
      } catch (err) {
        if (err instanceof CommandError) return 'unknown';
        throw err;
      }
      return sessionState(raw);
    },
    async waitForState(address: string, state: GobgpSessionState, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let last: GobgpSessionState = 'unknown';
      while (Date.now() < deadline) {
        last = await instance.neighborState(address);
        if (last === state) return;
        if (exited) break;
        await delay(100);
      }
      throw new Error(`gobgpd neighbor ${address} is ${last}, not ${state}${exited ? ' (gobgpd exited)' : ''}\n${await logTail()}`);
    },
    logTail,
    async kill(): Promise<void> {
      if (!exited && isAlive(pid)) {
        process.kill(pid, 'SIGKILL');
        await stopPid(pid, 2000);
      }
    },
    async stop(stopOptions: { keepDir?: boolean } = {}): Promise<void> {
      if (!exited) await stopPid(pid);
      if (!stopOptions.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };

  // Readiness is the API answering, polled at a short interval, never a fixed sleep.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (exited) {
      throw new Error(`gobgpd exited during start-up\n${await logTail()}`);
    }
    try {
      await gobgp(['global']);
      return instance;
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      if (Date.now() > deadline) {
        await instance.stop({ keepDir: true });
        throw new Error(`gobgpd API on 127.0.0.1:${apiPort} did not answer: ${err.message}\n${await logTail()}`);
      }
    }
    await delay(50);
  }
}

/**
 * One path of `gobgp -j global rib -a FAMILY` (gobgpd 3.10's JSON), only the fields tests read.
 * Attribute entries carry the type code (RFC 4271 §5: 2 AS_PATH, 3 NEXT_HOP, 4 MED,
 * 5 LOCAL_PREF; RFC 4760: 14 MP_REACH, whose `nexthop` is the VPNv4 next hop).
 */
export interface GobgpPath {
  nlri: { prefix: string; rd?: { type?: number; admin: number | string; assigned: number }; labels?: number[] };
  attrs: Array<{ type: number; value?: unknown; as_paths?: Array<{ asns: number[] }>; metric?: number; nexthop?: string }>;
}

/**
 * gobgpd's global RIB of one family as a map: keyed `admin:assigned:prefix` (the RD, then the
 * prefix) for `vpnv4`, plain `prefix` for `ipv4`. A key with several paths keeps the last one
 * gobgpd lists.
 */
export async function gobgpRib(g: Gobgpd, family: 'ipv4' | 'vpnv4'): Promise<Map<string, GobgpPath>> {
  const raw = await g.gobgpJson<Record<string, GobgpPath[]> | null>(['global', 'rib', '-a', family]);
  const out = new Map<string, GobgpPath>();
  for (const paths of Object.values(raw ?? {})) {
    for (const p of paths) out.set(family === 'vpnv4' ? `${p.nlri.rd?.admin}:${p.nlri.rd?.assigned}:${p.nlri.prefix}` : p.nlri.prefix, p);
  }
  return out;
}

/** A namespace for a gobgpd, joined to the root namespace (where the test process runs) by a veth /30. */
export interface PeerNamespace {
  readonly netns: string;
  /** The root end's interface name. */
  readonly rootIf: string;
  /** Our address (root end), e.g. `10.255.201.1`. */
  readonly rootAddress: string;
  /** The namespace end's address, e.g. `10.255.201.2`: gobgpd's address. */
  readonly nsAddress: string;
  /** Deletes the namespace (and with it both veth ends). Idempotent. */
  remove(): Promise<void>;
}

/**
 * Creates namespace `name` and a veth `${name}0` (root, `.1/30`) ↔ `${name}1` (namespace,
 * `.2/30`) on `subnet` (a /30 network address such as `10.255.201.0` — pick one no other
 * test uses). Leftovers of an earlier crashed run with the same names are removed first.
 * `name` must leave room for the suffix within 15 characters.
 */
export async function createPeerNamespace(name: string, subnet: string): Promise<PeerNamespace> {
  const octets = subnet.split('.').map(Number);
  const at = (last: number) => `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3] + last}`;
  const rootIf = `${name}0`;
  const remove = async () => {
    // The root end first: deleting it deletes the pair at once, whereas deleting the namespace
    // lets the kernel remove the pair asynchronously (and a later `ip link del` race it).
    try {
      await deleteLink(rootIf);
    } catch (err) {
      if (!(err instanceof CommandError && /Cannot find device/.test(err.stderr))) throw err;
    }
    await deleteNetns(name);
  };
  await remove();
  await createNetns(name);
  await createVeth({ name: rootIf }, { name: `${name}1`, netns: name });
  await addAddress(rootIf, `${at(1)}/30`);
  await addAddress(`${name}1`, `${at(2)}/30`, name);
  return { netns: name, rootIf, rootAddress: at(1), nsAddress: at(2), remove };
}

/** Reads the session state out of `gobgp -j neighbor ADDR` (3.x: `state.session_state`, a name or number). */
function sessionState(raw: unknown): GobgpSessionState {
  const entry = Array.isArray(raw) ? raw[0] : raw;
  const value = (entry as { state?: { session_state?: unknown } } | null)?.state?.session_state;
  if (typeof value === 'number') {
    // The gRPC enum: UNKNOWN=0, IDLE=1, CONNECT=2, ACTIVE=3, OPENSENT=4, OPENCONFIRM=5, ESTABLISHED=6.
    return (['unknown', 'idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'] as const)[value] ?? 'unknown';
  }
  if (typeof value === 'string') {
    const name = value.toLowerCase().replace(/^session_state_/, '');
    const known: readonly GobgpSessionState[] = ['idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'];
    return (known as readonly string[]).includes(name) ? (name as GobgpSessionState) : 'unknown';
  }
  return 'unknown';
}

function q(s: string): string {
  return JSON.stringify(s);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
