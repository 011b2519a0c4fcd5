/**
 * Checks made before anything is created, each failing with what to do: root, the tools,
 * a WAN (or its namespaces) left from an earlier run, the REST ports.
 */
import { readFileSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { listNetns } from '../system/index.js';
import { CliError } from '../errors.js';
import { CONTROLLER_MAIN, PUBLISHER_MAIN } from '../paths.js';
import { statePath } from '../state/state-file.js';
import { hostNetns, siteNetns, type Topology } from '../topology/model.js';

/** Finds an executable on PATH (undefined if none). */
export async function which(program: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, program);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21): what namespaces, links and OVS need of root. */
const NEEDED_CAPS: readonly [number, string][] = [
  [12, 'CAP_NET_ADMIN'],
  [21, 'CAP_SYS_ADMIN'],
];

/** Capabilities of this process that root would have but it lacks (from /proc/self/status). */
export function missingCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!hex) return [];
  const eff = BigInt(`0x${hex}`);
  return NEEDED_CAPS.filter(([bit]) => ((eff >> BigInt(bit)) & 1n) === 0n).map(([, name]) => name);
}

/** Network namespaces and OVS need root: uid 0 with root's capabilities. */
export function checkRoot(command: string): void {
  const notRoot = typeof process.getuid === 'function' && process.getuid() !== 0;
  const missing = notRoot ? [] : missingCapabilities();
  if (notRoot || missing.length) {
    throw new CliError(`pseudo-wan ${command} must run as root (network namespaces, veths and OVS need it)${missing.length ? `; this process lacks ${missing.join(', ')}` : ''}`,
      'precondition', `run it as root, e.g. sudo ./pseudo-wan/pseudo-wan ${command}`);
  }
}

const TOOLS: readonly { program: string; pkg: string; what: string }[] = [
  { program: 'ovs-vswitchd', pkg: 'openvswitch-switch', what: 'Open vSwitch' },
  { program: 'ovsdb-server', pkg: 'openvswitch-switch', what: 'Open vSwitch' },
  { program: 'ovsdb-tool', pkg: 'openvswitch-switch', what: 'Open vSwitch' },
  { program: 'ovs-vsctl', pkg: 'openvswitch-switch', what: 'Open vSwitch' },
  { program: 'ip', pkg: 'iproute2', what: 'iproute2' },
  { program: 'ethtool', pkg: 'ethtool', what: 'ethtool' },
  { program: 'ping', pkg: 'iputils-ping', what: 'ping' },
];

/** Every tool `start` runs is on PATH; a missing one names its package and how to install it. */
export async function checkTools(): Promise<void> {
  const missing = [];
  for (const t of TOOLS) if (!(await which(t.program))) missing.push(t);
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((t) => t.pkg))];
  const what = [...new Set(missing.map((t) => t.what))].join(', ');
  throw new CliError(`${what} is not installed (${missing.map((t) => t.program).join(', ')} not found)`, 'precondition',
    `run \`pseudo-wan install\`, or: apt-get install ${pkgs.join(' ')}`);
}

/** The site process and the publisher are built. */
export async function checkBuilt(): Promise<void> {
  for (const file of [CONTROLLER_MAIN(), PUBLISHER_MAIN()]) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new CliError(`${file} is missing: the project is not built`, 'precondition', 'run `npm run build` (./pseudo-wan/pseudo-wan builds by itself)');
    }
  }
}

/** No WAN of this prefix is up: no state file, and none of the names it would use exist. */
export async function checkNothingUp(prefix: string, topology: Topology): Promise<void> {
  const path = statePath(prefix);
  try {
    await access(path);
    throw new CliError(`a WAN from an earlier run is still up (state file ${path})`, 'precondition', 'run `pseudo-wan stop` first');
  } catch (err) {
    if (err instanceof CliError) throw err;
  }
  const existing = new Set(await listNetns());
  const names = topology.sites.flatMap((s) => [siteNetns(prefix, s), ...s.hosts.map((h) => hostNetns(prefix, h))]);
  const taken = names.filter((n) => existing.has(n));
  if (taken.length) {
    throw new CliError(`network namespaces from an earlier run are still there: ${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ` and ${taken.length - 5} more` : ''}`,
      'precondition', `remove them (ip netns del NAME), or \`pseudo-wan stop\` if that run left its state`);
  }
}

/** Whether 127.0.0.1:port can be listened on right now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Each site's REST port is free on 127.0.0.1. */
export async function checkPorts(topology: Topology): Promise<void> {
  for (const site of topology.sites) {
    if (!(await portFree(site.restPort))) {
      throw new CliError(`port ${site.restPort} of 127.0.0.1 is taken by another program; site ${site.id}'s REST API needs it`, 'precondition',
        `free it (see \`ss -ltnp 'sport = :${site.restPort}'\`) or choose other ports with --rest-port`);
    }
  }
}
