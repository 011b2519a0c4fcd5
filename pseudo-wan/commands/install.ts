/**
 * `pseudo-wan install`: installs the missing system packages with apt (the same list as
 * bootstrap.sh) and checks the kernel features the WAN needs by trying each once: a network
 * namespace, a veth pair and a tun device, all made and removed inside a throw-away namespace.
 */
import { execa } from 'execa';
import { run, succeeds } from '../system/index.js';
import { CliError } from '../errors.js';
import { checkRoot } from '../wan/preflight.js';

/** What `start` needs (bootstrap.sh RUN_PACKAGES). */
export const RUN_PACKAGES = ['openvswitch-switch', 'iproute2', 'iputils-ping', 'ethtool', 'curl', 'jq', 'procps'];
/** What the docker runtime needs on top. */
export const DOCKER_PACKAGES = ['docker.io', 'busybox-static'];

async function installed(pkg: string): Promise<boolean> {
  try {
    return (await run('dpkg-query', ['-W', '-f=${Status}', pkg])).includes('install ok installed');
  } catch {
    return false;
  }
}

/** One kernel feature check: what it is, and the error if it failed. */
export interface KernelCheck {
  readonly feature: string;
  readonly error?: string;
}

/** Tries netns, veth and tun inside a scratch namespace; removes everything again. */
export async function checkKernel(): Promise<KernelCheck[]> {
  const ns = `pwchk-${process.pid}`;
  const out: KernelCheck[] = [];
  const attempt = async (feature: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      out.push({ feature });
      return true;
    } catch (err) {
      out.push({ feature, error: (err as Error).message.split('\n')[0] });
      return false;
    }
  };
  try {
    if (!(await attempt('network namespaces', () => run('ip', ['netns', 'add', ns])))) return out;
    await attempt('veth links', async () => {
      await run('ip', ['-n', ns, 'link', 'add', 'name', 'chk0', 'type', 'veth', 'peer', 'name', 'chk1']);
      await run('ip', ['-n', ns, 'link', 'del', 'chk0']);
    });
    await attempt('tun devices', async () => {
      await run('ip', ['-n', ns, 'tuntap', 'add', 'mode', 'tun', 'name', 'chktun0']);
      await run('ip', ['-n', ns, 'tuntap', 'del', 'mode', 'tun', 'name', 'chktun0']);
    });
    await attempt('bridge links (host LANs)', async () => {
      await run('ip', ['-n', ns, 'link', 'add', 'name', 'chkbr0', 'type', 'bridge']);
      await run('ip', ['-n', ns, 'link', 'del', 'chkbr0']);
    });
  } finally {
    if (await succeeds('ip', ['netns', 'pids', ns])) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  }
  return out;
}

/** Runs `install`. */
export async function installCommand(options: { docker?: boolean }): Promise<void> {
  checkRoot('install');
  const wanted = [...RUN_PACKAGES, ...(options.docker ? DOCKER_PACKAGES : [])];
  const missing = [];
  for (const p of wanted) if (!(await installed(p))) missing.push(p);
  if (missing.length) {
    process.stdout.write(`installing ${missing.join(' ')} ...\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await execa('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
    const result = await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, stdio: 'inherit', reject: false });
    if (result.exitCode !== 0) throw new CliError(`apt-get could not install ${missing.join(' ')}`, 'failed', 'see apt-get\'s messages above');
  } else {
    process.stdout.write(`packages: all present (${wanted.join(' ')})\n`);
  }
  const checks = await checkKernel();
  for (const c of checks) process.stdout.write(`kernel: ${c.feature}: ${c.error ? `MISSING (${c.error})` : 'ok'}\n`);
  const failed = checks.filter((c) => c.error);
  if (failed.length) {
    throw new CliError(`the kernel lacks ${failed.map((c) => c.feature).join(', ')}`, 'precondition',
      'pseudo-wan needs a Linux kernel with network namespaces, veth, bridge and tun support (a VM or a privileged container)');
  }
  process.stdout.write('ready: `pseudo-wan start` can run\n');
}
