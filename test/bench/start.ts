/**
 * Benchmark of `pseudo-wan start` (issue 5): seconds from launching the built CLI's `start`
 * to the first successful cross-WAN ping (host k=0 of site A → its VPN peer on site B), and
 * the `stop` time, for the default WAN and for 100 hosts per site (netns runtime), and for the
 * default WAN on the docker runtime (a private dockerd started and stopped by this run). Targets: default ≤ 10 s,
 * 100 hosts/site ≤ 60 s (printed as ratios; < 1 meets the target).
 *
 *   npm run build && npm run bench:start
 *
 * Runs under its own prefix and ports, so a user's WAN (prefix pw, :8080) is never touched.
 * Ends with one line `RESULT start key=value ...`.
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, namespacesOf } from '../e2e/cli-support.js';
import { startPrivateDockerd } from '../e2e/dockerd.js';

const prefix = `pwb${(process.pid % 10000).toString(36)}`;

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

interface Figures {
  firstPingS: number;
  startExitS: number;
  stopS: number;
}

/** Starts a WAN, pings across until one answers, stops it; returns the three times. */
async function measure(label: string, startArgs: string[], fromHost: string, toIp: string, env: Record<string, string> = {}): Promise<Figures> {
  const t0 = performance.now();
  const started = await cli(prefix, ['start', ...startArgs], { env });
  const startExitS = (performance.now() - t0) / 1000;
  if (started.exitCode !== 0) throw new Error(`${label}: start failed:\n${started.stdout}\n${started.stderr}`);
  let firstPingS = Number.NaN;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ping = await execa('ip', ['netns', 'exec', `${prefix}-${fromHost}`, 'ping', '-c', '1', '-W', '1', '-q', toIp], { reject: false });
    if (ping.exitCode === 0) {
      firstPingS = (performance.now() - t0) / 1000;
      break;
    }
  }
  const t1 = performance.now();
  const stopped = await cli(prefix, ['stop'], { env });
  const stopS = (performance.now() - t1) / 1000;
  if (stopped.exitCode !== 0) throw new Error(`${label}: stop failed: ${stopped.stderr}`);
  if (Number.isNaN(firstPingS)) throw new Error(`${label}: no ping crossed the WAN within 60 s after start`);
  process.stdout.write(`${label}: start exit ${startExitS.toFixed(2)} s, first cross-WAN ping ${firstPingS.toFixed(2)} s, stop ${stopS.toFixed(2)} s\n`);
  process.stdout.write(started.stdout.split('\n').filter((l) => /^[✔✘]/.test(l)).map((l) => `  ${l}`).join('\n') + '\n');
  return { firstPingS, startExitS, stopS };
}

async function main(): Promise<void> {
  const port = await freePortPair(19080);
  const dir = await mkdtemp(join(tmpdir(), 'pw-bench-start-'));
  try {
    const def = await measure('default WAN (12 + 6 hosts)', ['--rest-port', String(port)], 'host_001_101', '50.1.0.2');
    const topo = await cli(prefix, ['topology', '--hosts-per-site', '100', '--rest-port', String(port)]);
    if (topo.exitCode !== 0) throw new Error(topo.stderr);
    const file = join(dir, 'h100.json');
    await writeFile(file, topo.stdout);
    const big = await measure('100 hosts per site', ['--topology', file, '--timeout', '120'], 'host_001_1000', '50.1.0.2');
    // The docker runtime (hosts as containers) on a private engine started for this run.
    const engine = await startPrivateDockerd(join(dir, 'dockerd'));
    let dock: Figures;
    let cold: Figures;
    try {
      // The first docker start also builds the host image; measure a second, warm one too.
      cold = await measure('default WAN, docker runtime (cold: image built)', ['--runtime', 'docker', '--rest-port', String(port)], 'host_001_101', '50.1.0.2', { DOCKER_HOST: engine.host });
      dock = await measure('default WAN, docker runtime', ['--runtime', 'docker', '--rest-port', String(port)], 'host_001_101', '50.1.0.2', { DOCKER_HOST: engine.host });
    } finally {
      await cli(prefix, ['stop'], { env: { DOCKER_HOST: engine.host } });
      await engine.stop();
    }
    const f = (n: number) => n.toFixed(2);
    process.stdout.write(
      `RESULT start default_first_ping_s=${f(def.firstPingS)} default_start_exit_s=${f(def.startExitS)} default_stop_s=${f(def.stopS)} ` +
        `default_vs_target_10s=${f(def.firstPingS / 10)} h100_first_ping_s=${f(big.firstPingS)} h100_start_exit_s=${f(big.startExitS)} ` +
        `h100_stop_s=${f(big.stopS)} h100_vs_target_60s=${f(big.firstPingS / 60)} docker_cold_first_ping_s=${f(cold.firstPingS)} docker_first_ping_s=${f(dock.firstPingS)} docker_stop_s=${f(dock.stopS)}\n`,
    );
  } finally {
    await cli(prefix, ['stop']);
    for (const ns of await namespacesOf(prefix)) await execa('ip', ['netns', 'del', ns], { reject: false });
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
