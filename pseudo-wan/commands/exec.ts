/** `pseudo-wan exec HOST CMD...`: runs a command inside a host (like `docker exec`). */
import { spawn } from 'node:child_process';
import { CliError } from '../errors.js';
import { DockerRuntime } from '../runtime/docker-runtime.js';
import { NetnsRuntime } from '../runtime/netns-runtime.js';
import { StateFile } from '../state/state-file.js';
import { hostNetns, siteNetns } from '../topology/model.js';
import { sitePaths } from '../wan/site.js';

/** Resolves HOST (a host name, or a site id like `a`) to the namespace to enter. */
export async function findTarget(prefix: string, name: string): Promise<{ netns: string; state: StateFile; isHost: boolean; ovsDir?: string }> {
  const state = await StateFile.load(prefix);
  if (!state) throw new CliError(`no WAN is up (prefix ${prefix})`, 'precondition', 'start one with `pseudo-wan start`');
  for (const site of state.state.topology.sites) {
    if (name === site.id || name === siteNetns(prefix, site)) {
      return { netns: siteNetns(prefix, site), state, isHost: false, ovsDir: sitePaths(state.state.dir, site).ovsDir };
    }
    for (const host of site.hosts) {
      if (name === host.name || name === hostNetns(prefix, host)) return { netns: hostNetns(prefix, host), state, isHost: true };
    }
  }
  throw new CliError(`no host named ${name}`, 'usage', 'see `pseudo-wan status` for the names');
}

/** Runs `exec`; resolves to the command's exit code. */
export async function execCommand(prefix: string, name: string, cmd: string[]): Promise<number> {
  if (cmd.length === 0) throw new CliError('exec needs a command, e.g. pseudo-wan exec host_001_101 ping 50.1.0.2', 'usage');
  const target = await findTarget(prefix, name);
  const docker = target.state.state.runtime === 'docker' && target.isHost;
  const runtime = docker ? new DockerRuntime(target.state.state.dockerHost, '') : new NetnsRuntime();
  const [file, args] = runtime.execCommand(target.netns, cmd);
  if (docker) args.splice(1, 0, ...(process.stdin.isTTY ? ['-it'] : ['-i']));
  // In a site, OVS's own tools find its private instance through OVS_RUNDIR
  // (`pseudo-wan exec a ovs-ofctl -O OpenFlow13 dump-flows br0`).
  const env = docker && target.state.state.dockerHost
    ? { ...process.env, DOCKER_HOST: target.state.state.dockerHost }
    : target.ovsDir
      ? { ...process.env, OVS_RUNDIR: target.ovsDir, OVS_DBDIR: target.ovsDir }
      : process.env;
  const child = spawn(file, args, { stdio: 'inherit', env });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
