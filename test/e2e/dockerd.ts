/**
 * A private Docker engine for the docker-runtime e2e test: `dockerd` with its own data root,
 * exec root, pidfile and unix socket under /tmp, started by the test and stopped by pid —
 * it never touches a system engine. (CI installs docker.io; nothing starts dockerd for it.)
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { stopPid } from '../../pseudo-wan/system/index.js';

/** A running private engine. */
export interface PrivateDockerd {
  readonly host: string;
  readonly pid: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts dockerd (no bridge, no iptables: containers run `--net=none`) and waits until it answers. */
export async function startPrivateDockerd(dir: string, timeoutMs = 60_000): Promise<PrivateDockerd> {
  await mkdir(dir, { recursive: true });
  const sock = join(dir, 'docker.sock');
  const host = `unix://${sock}`;
  const log = await open(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [`--data-root=${join(dir, 'data')}`, `--exec-root=${join(dir, 'exec')}`, `--pidfile=${join(dir, 'dockerd.pid')}`,
      `--host=${host}`, '--bridge=none', '--iptables=false', '--ip6tables=false'],
    { detached: true, stdio: ['ignore', log.fd, log.fd] },
  );
  await log.close();
  const pid = await new Promise<number>((resolve, reject) => {
    if (child.pid !== undefined) resolve(child.pid);
    child.once('error', reject);
  });
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `dockerd exited with code ${code}`));
  const stop = async () => {
    await stopPid(pid, 15_000);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { env: { DOCKER_HOST: host }, reject: false });
    if (info.exitCode === 0) return { host, pid, dir, stop };
    if (exited || Date.now() > deadline) {
      const tail = await readFile(join(dir, 'dockerd.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`private dockerd did not come up (${exited ?? 'timeout'}):\n${tail.split('\n').slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
