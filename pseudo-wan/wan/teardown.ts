/**
 * Removes everything a state file lists, in an order that lets each thing go cleanly:
 * publishers and controllers first (BGP sends its cease), then the OVS daemons (by their
 * pidfiles), a moved uplink back to the machine, containers, namespaces, the run directory.
 * Every step tolerates "already gone", so stop is idempotent and works after any crash.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteNetns, listNetns, readPidFile, run, stopPid, succeeds } from '../system/index.js';
import { docker, dockerEnv } from '../runtime/docker-runtime.js';
import { isRunning, isSameProcess } from '../state/proc.js';
import type { Resource, WanState } from '../state/state-file.js';
import { mapLimit } from './concurrency.js';

/** What teardown could not remove (empty when everything is gone). */
export interface TeardownReport {
  readonly removed: number;
  readonly leftovers: string[];
}

type Of<K extends Resource['kind']> = Extract<Resource, { kind: K }>;

function ofKind<K extends Resource['kind']>(state: WanState, kind: K): Of<K>[] {
  return state.resources.filter((r): r is Of<K> => r.kind === kind);
}

async function ovsPids(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of ['ovs-vswitchd.pid', 'ovsdb-server.pid']) {
    const pid = await readPidFile(join(dir, name));
    if (pid !== undefined && (await isRunning(pid)) && (await isOvsProcess(pid))) pids.push(pid);
  }
  return pids;
}

async function isOvsProcess(pid: number): Promise<boolean> {
  try {
    return /^ovs(db-server|-vswitchd)/.test(await readFile(`/proc/${pid}/comm`, 'utf8'));
  } catch {
    return false;
  }
}

/** Removes every resource of a WAN; reports what is still there afterwards. */
export async function teardown(state: WanState, log: (line: string) => void = () => {}): Promise<TeardownReport> {
  let removed = 0;
  for (const role of ['publisher', 'controller'] as const) {
    const procs = ofKind(state, 'process').filter((p) => p.role === role);
    await Promise.all(
      procs.map(async (p) => {
        if (await isSameProcess(p.pid, p.startTime)) {
          await stopPid(p.pid, 5000);
          removed++;
          log(`stopped ${role} of site ${p.site} (pid ${p.pid})`);
        }
      }),
    );
  }
  const ovsStopped: number[] = [];
  for (const o of ofKind(state, 'ovs')) {
    const pids = await ovsPids(o.dir);
    ovsStopped.push(...pids);
    for (const pid of pids) await stopPid(pid);
    if (pids.length) {
      removed++;
      log(`stopped OVS of ${o.netns} (pids ${pids.join(', ')})`);
    }
  }
  // A process started in the instant before its pid reached the state file (start killed
  // right then) is still ours: everything we start names this WAN's run directory in its
  // arguments, so it is found by that and stopped by pid.
  for (const pid of await processesUnder(state.dir)) {
    await stopPid(pid);
    removed++;
    log(`stopped unrecorded process ${pid} of this WAN`);
  }
  for (const m of ofKind(state, 'moved-link')) {
    if (await succeeds('ip', ['link', 'show', 'dev', m.name], { netns: m.netns })) {
      await run('ip', ['link', 'set', 'dev', m.name, 'netns', '1'], { netns: m.netns });
      removed++;
      log(`moved ${m.name} back to the machine`);
    }
  }
  const containers = ofKind(state, 'container');
  if (containers.length) {
    const names = containers.map((c) => c.name);
    const present = await listContainers(state.dockerHost, names);
    if (present.length) {
      await docker(['rm', '-f', ...present], state.dockerHost, 120_000);
      removed += present.length;
      log(`removed ${present.length} containers`);
    }
  }
  // Hosts before sites: a site's veth ends go with their namespace either way.
  const netns = ofKind(state, 'netns').map((n) => n.name);
  const existing = new Set(await listNetns());
  const toDelete = [...new Set(netns)].filter((n) => existing.has(n)).reverse();
  await mapLimit(toDelete, 8, (n) => deleteNetns(n));
  removed += toDelete.length;
  if (toDelete.length) log(`deleted ${toDelete.length} namespaces`);
  // The run directory goes except the state file itself, which the caller removes once
  // nothing is left (so a failed stop can be retried).
  const entries = await readdir(state.dir).catch(() => [] as string[]);
  await Promise.all(entries.filter((e) => e !== 'state.json').map((e) => rm(join(state.dir, e), { recursive: true, force: true })));
  const left = await leftovers(state);
  for (const pid of ovsStopped) if (await isRunning(pid)) left.push(`OVS pid ${pid}`);
  return { removed, leftovers: left };
}

/** Live processes whose command line mentions `dir/` (this WAN's run directory). */
async function processesUnder(dir: string): Promise<number[]> {
  const needle = `${dir}/`;
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      if (cmdline.includes(needle) && (await isRunning(Number(entry)))) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function listContainers(dockerHost: string | undefined, names: string[]): Promise<string[]> {
  if (!(await succeeds('docker', ['--version']))) return [];
  try {
    const out = await run('docker', ['ps', '-a', '--format', '{{.Names}}'], { env: dockerEnv(dockerHost), timeoutMs: 30_000 });
    const all = new Set(out.split('\n').filter(Boolean));
    return names.filter((n) => all.has(n));
  } catch {
    return [];
  }
}

/** Lists what of a state is still present: namespaces, processes, OVS daemons, containers. */
export async function leftovers(state: WanState): Promise<string[]> {
  const out: string[] = [];
  const existing = new Set(await listNetns());
  for (const n of ofKind(state, 'netns')) if (existing.has(n.name)) out.push(`namespace ${n.name}`);
  for (const p of ofKind(state, 'process')) if (await isSameProcess(p.pid, p.startTime)) out.push(`${p.role} pid ${p.pid}`);
  for (const o of ofKind(state, 'ovs')) for (const pid of await ovsPids(o.dir)) if (await isRunning(pid)) out.push(`OVS pid ${pid}`);
  for (const pid of await processesUnder(state.dir)) out.push(`process ${pid}`);
  for (const c of await listContainers(state.dockerHost, ofKind(state, 'container').map((c) => c.name))) out.push(`container ${c}`);
  return out;
}
