/**
 * A host's links: the veth from the router port (`pN` in the site namespace, OVS port N) to
 * the host's eth0, the host's address and default route, and its LAN interfaces eth1..ethN.
 * The kernel here has no dummy links, so each LAN interface is an empty Linux bridge: it is
 * up with carrier, and its address answers from across the router like a real LAN's.
 *
 * Batched through `ip -batch` (one process per namespace instead of one per line): a
 * 100-host site is thousands of lines.
 */
import { run } from '../system/index.js';
import { hostPortIface, type HostSpec } from '../topology/model.js';

/** Creates the host's veth (router end left for {@link finishSitePorts}) and configures the host side. */
export async function buildHostLinks(siteNetns: string, hostNetns: string, host: HostSpec): Promise<void> {
  const port = hostPortIface(host.port);
  await run('ip', ['link', 'add', 'name', port, 'netns', siteNetns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', hostNetns]);
  const lines = [
    'link set lo up',
    'link set eth0 up',
    `addr add ${host.hostIp}/${host.prefixLength} dev eth0`,
    `route add default via ${host.routerIp}`,
  ];
  host.lans.forEach((cidr, k) => {
    const name = `eth${k + 1}`;
    lines.push(`link add name ${name} type bridge`, `link set ${name} up`, `addr add ${cidr} dev ${name}`);
  });
  await run('ip', ['-n', hostNetns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
  // TX checksum offload off on the end that sends into the bridge (design §3 trap: with it
  // on, TCP through the userspace datapath silently fails while ping works).
  await run('ethtool', ['-K', 'eth0', 'tx', 'off'], { netns: hostNetns });
}

/**
 * Brings up the router ends of the given host ports in the site namespace and turns their
 * TX offload off — one `ip -batch` and one shell for the whole site.
 */
export async function finishSitePorts(siteNetns: string, ports: readonly number[]): Promise<void> {
  if (ports.length === 0) return;
  const names = ports.map(hostPortIface);
  await run('ip', ['-n', siteNetns, '-batch', '-'], { input: names.map((n) => `link set ${n} up`).join('\n') + '\n' });
  await run('sh', ['-c', 'for i in "$@"; do ethtool -K "$i" tx off || exit 1; done', 'sh', ...names], { netns: siteNetns });
}
