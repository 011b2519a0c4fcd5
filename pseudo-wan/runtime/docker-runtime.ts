/**
 * The docker runtime: every host is a real container started `--net=none`, its interfaces
 * moved in through its pid (as the original did with pipework). No registry is reachable,
 * so the image is built locally from the machine's static busybox with `docker import`.
 * The engine is whatever DOCKER_HOST (or the default socket) points at.
 */
import { mkdtemp, mkdir, copyFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, run, succeeds } from '../system/index.js';
import { CliError } from '../errors.js';
import type { StateFile } from '../state/state-file.js';
import { mapLimit } from '../wan/concurrency.js';
import type { HostHolder, HostRuntime } from './runtime.js';

/** Name of the locally built host image. */
export const HOST_IMAGE = 'pseudo-wan-host:busybox';
const BUSYBOX = '/bin/busybox';

/** Environment for the docker CLI talking to a given engine. */
export function dockerEnv(dockerHost: string | undefined): Record<string, string> {
  return dockerHost ? { DOCKER_HOST: dockerHost } : {};
}

/** Runs the docker CLI against the engine. */
export function docker(args: readonly string[], dockerHost: string | undefined, timeoutMs = 60_000): Promise<string> {
  return run('docker', args, { env: dockerEnv(dockerHost), timeoutMs });
}

/** Hosts as containers. */
export class DockerRuntime implements HostRuntime {
  readonly name = 'docker' as const;

  constructor(
    readonly dockerHost: string | undefined,
    private readonly label: string,
  ) {}

  /** Checks the docker CLI and engine, then builds the host image if it is missing. */
  async prepare(): Promise<void> {
    if (!(await succeeds('docker', ['--version']))) {
      throw new CliError('the docker runtime needs the docker command, which is not installed', 'precondition',
        'install an engine: apt-get install docker.io, then start it (systemctl start docker, or run dockerd)');
    }
    try {
      await docker(['info', '--format', '{{.ServerVersion}}'], this.dockerHost, 15_000);
    } catch (err) {
      const why = err instanceof CommandError ? err.stderr.trim().split('\n')[0] : String(err);
      throw new CliError(`no Docker engine answers${this.dockerHost ? ` at ${this.dockerHost}` : ''}: ${why}`, 'precondition',
        'start one (systemctl start docker, or `dockerd &` as root; apt-get install docker.io if it is missing), or point DOCKER_HOST at a running engine');
    }
    if (!(await succeeds('docker', ['image', 'inspect', HOST_IMAGE], { env: dockerEnv(this.dockerHost) }))) await this.buildImage();
  }

  /** `docker import` of a rootfs holding only the static busybox and its applet links. */
  private async buildImage(): Promise<void> {
    if (await succeeds('ldd', [BUSYBOX])) {
      throw new CliError(`${BUSYBOX} is missing or not statically linked; the host image needs a static one`, 'precondition',
        'apt-get install busybox-static');
    }
    const root = await mkdtemp(join(tmpdir(), 'pseudo-wan-rootfs-'));
    try {
      for (const d of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev']) await mkdir(join(root, d));
      await copyFile(BUSYBOX, join(root, 'bin/busybox'));
      const applets = (await run(BUSYBOX, ['--list'])).split('\n').filter((a) => a && a !== 'busybox');
      for (const applet of applets) await symlink('busybox', join(root, 'bin', applet));
      const tar = await run('sh', ['-c', `tar -C '${root}' -cf - . | docker import -c 'CMD ["/bin/sleep","2147483647"]' -c 'ENV PATH=/bin' - ${HOST_IMAGE}`], {
        env: dockerEnv(this.dockerHost),
        timeoutMs: 120_000,
      });
      void tar;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  /** `docker run --net=none` per host (a few at once), then a named handle on each one's namespace. */
  async createHosts(hosts: readonly HostHolder[], state: StateFile, concurrency: number): Promise<void> {
    await mapLimit(hosts, concurrency, (h) => this.createHost(h, state));
  }

  private async createHost(host: HostHolder, state: StateFile): Promise<void> {
    const netns = host.netns;
    await state.record({ kind: 'container', name: netns });
    await docker(['run', '-d', '--net=none', '--name', netns, '--hostname', host.name.replace(/_/g, '-'), '--label', this.label, HOST_IMAGE, '/bin/sleep', '2147483647'], this.dockerHost);
    const pid = Number((await docker(['inspect', '-f', '{{.State.Pid}}', netns], this.dockerHost)).trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new CliError(`container ${netns} did not start (pid ${pid})`);
    // A named handle on the container's namespace: links and addresses are then made exactly
    // as for the netns runtime, and `stop` removes the handle with `ip netns del`.
    await state.record({ kind: 'netns', name: netns });
    await run('ip', ['netns', 'attach', netns, String(pid)]);
  }

  execCommand(netns: string, cmd: readonly string[]): [string, string[]] {
    return ['docker', ['exec', netns, ...cmd]];
  }
}
