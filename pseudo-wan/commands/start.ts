/** `pseudo-wan start`: resolves options into a topology and a runtime, then builds the WAN. */
import { CliError } from '../errors.js';
import { defaultIniPath, loadSiteAConfig } from '../config/openflow-ini.js';
import { Progress } from '../progress.js';
import { DockerRuntime } from '../runtime/docker-runtime.js';
import { NetnsRuntime } from '../runtime/netns-runtime.js';
import type { HostRuntime } from '../runtime/runtime.js';
import { defaultWan } from '../topology/default-wan.js';
import { readTopologyFile, TopologyFileError } from '../topology/file.js';
import type { Topology } from '../topology/model.js';
import { checkRoot } from '../wan/preflight.js';
import { startWan } from '../wan/start.js';

/** Options of `start` as commander hands them over. */
export interface StartCommandOptions {
  readonly config?: string;
  readonly topology?: string;
  readonly runtime: string;
  readonly peer: string;
  readonly uplink?: string;
  readonly restPort: string;
  readonly timeout: string;
  readonly hostConcurrency: string;
  readonly keepOnFailure?: boolean;
  readonly logLevel: string;
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${option} must be a positive integer, got ${value}`, 'usage');
  return n;
}

/** Builds the topology `start` will make, checking config files before anything starts. */
export async function resolveTopology(options: StartCommandOptions): Promise<Topology> {
  const restPort = positiveInt(options.restPort, '--rest-port');
  if (options.peer !== 'site' && options.peer !== 'external') throw new CliError(`--peer must be "site" or "external", got ${options.peer}`, 'usage');
  const external = options.peer === 'external';
  if (external && !options.uplink) throw new CliError('--peer external needs --uplink IFACE (the interface toward the external PE)', 'usage');
  if (!external && options.uplink) throw new CliError('--uplink is for --peer external', 'usage');
  if (options.topology) {
    if (options.config) throw new CliError('--topology replaces --config', 'usage');
    let topology: Topology;
    try {
      topology = await readTopologyFile(options.topology);
    } catch (err) {
      if (err instanceof TopologyFileError) throw new CliError(err.message, 'config', 'nothing was started');
      throw err;
    }
    // One site peers with something outside (its uplink NIC); two sites peer with each other.
    if (topology.sites.length === 1 && !external) throw new CliError(`${options.topology} has one site: it needs --peer external --uplink IFACE`, 'usage');
    if (topology.sites.length !== 1 && external) throw new CliError('--peer external builds one site; the topology has more', 'usage');
    return topology;
  }
  const siteA = await loadSiteAConfig(options.config ?? defaultIniPath());
  return defaultWan({ ...siteA, withSiteB: !external, restPort });
}

/** Runs `start`. */
export async function startCommand(prefix: string, options: StartCommandOptions): Promise<void> {
  checkRoot('start');
  const topology = await resolveTopology(options);
  if (options.runtime !== 'netns' && options.runtime !== 'docker') throw new CliError(`--runtime must be netns or docker, got ${options.runtime}`, 'usage');
  const dockerHost = process.env.DOCKER_HOST;
  const runtime: HostRuntime = options.runtime === 'docker' ? new DockerRuntime(dockerHost, `pseudo-wan.prefix=${prefix}`) : new NetnsRuntime();
  const progress = new Progress();
  await startWan(
    {
      prefix,
      runtime,
      topology,
      ...(options.uplink && { externalUplink: options.uplink }),
      ...(options.runtime === 'docker' && dockerHost && { dockerHost }),
      timeoutMs: positiveInt(options.timeout, '--timeout') * 1000,
      hostConcurrency: positiveInt(options.hostConcurrency, '--host-concurrency'),
      keepOnFailure: Boolean(options.keepOnFailure),
      logLevel: options.logLevel,
    },
    progress,
  );
  const lines = [`pseudo-wan is up in ${progress.elapsed().toFixed(1)} s.`];
  for (const s of topology.sites) lines.push(`  site ${s.id}: REST http://127.0.0.1:${s.restPort}/openflow/${s.dpid}/  (${s.hosts.length} hosts)`);
  const first = topology.sites[0]?.hosts[0];
  if (first) lines.push(`  try: pseudo-wan exec ${first.name} ping -c 3 ${topology.sites[1]?.hosts[0]?.hostIp ?? first.routerIp}`);
  lines.push('  status: pseudo-wan status · tables: scripts/get_vrf.sh · remove: pseudo-wan stop');
  process.stdout.write(`${lines.join('\n')}\n`);
}
