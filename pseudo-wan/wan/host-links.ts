/**
 * A host's links: the veth from the router port (`pN` in the site namespace, OVS port N) to
 * the host's eth0, the host's address and default route, and its LAN interfaces eth1..ethN.
 * The kernel here has no dummy links, so each LAN interface is an empty Linux bridge: it is
 * up with carrier, and its address answers from across the router like a real LAN's.
 *
 * Batched through `ip -batch` (one process per site or per host instead of one per line): a
 * 100-host site is thousands of lines.
 */
import { run } from '../system/index.js';
import { hostPortIface, type HostSpec } from '../topology/model.js';

/** Creates every host's veth of a site at once: `pN` in the site namespace ↔ `eth0` in the host's. */
export async function createHostVeths(siteNetns: string, hosts: readonly { netns: string; host: HostSpec }[]): Promise<void> {
  if (hosts.length === 0) return;
  const lines = hosts.map(({ netns, host }) => `link add name ${hostPortIface(host.port)} netns ${siteNetns} type veth peer name eth0 netns ${netns}\n`);
  await run('ip', ['-batch', '-'], { input: lines.join('') });
}

/** The `ip -batch` lines configuring a host: lo, eth0 address and default route, LAN bridges. */
export function hostConfigLines(host: HostSpec): string[] {
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
  return lines;
}

/**
 * Configures the host side in one process: its `ip -batch`, then TX checksum offload off on
 * eth0, the end that sends into the bridge (design §3 trap: with it on, TCP through the
 * userspace datapath silently fails while ping works).
 */
export async function configureHost(hostNetns: string, host: HostSpec): Promise<void> {
  await run('sh', ['-c', 'ip -batch - && ethtool -K eth0 tx off'], { netns: hostNetns, input: `${hostConfigLines(host).join('\n')}\n` });
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
