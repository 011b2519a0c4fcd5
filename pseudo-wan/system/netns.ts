/**
 * Network namespaces and veth links, driven through iproute2.
 *
 * Trap (design §3): OVS 3.1's userspace datapath passes veth frames whose TCP checksum was
 * left to TX offload, and the receiver drops them: ping works, TCP (so BGP) silently does
 * not. Every veth end that sends into a bridge must have `tx` offload off — `createVeth`
 * turns it off on both ends, always, so no caller can forget.
 */
import { readdir } from 'node:fs/promises';
import { run, succeeds } from './exec.js';

/** Creates a network namespace with its loopback up. Fails if it exists. */
export async function createNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  await run('ip', ['link', 'set', 'lo', 'up'], { netns: name });
}

/** Deletes a network namespace if it exists (idempotent). */
export async function deleteNetns(name: string): Promise<void> {
  if (await netnsExists(name)) await run('ip', ['netns', 'del', name]);
}

/** Whether a named network namespace exists (reads /run/netns, as iproute2 keeps it). */
export async function netnsExists(name: string): Promise<boolean> {
  return (await listNetns()).includes(name);
}

/** Names of all named network namespaces. */
export async function listNetns(): Promise<string[]> {
  try {
    return await readdir('/run/netns');
  } catch {
    return [];
  }
}

/** One end of a veth pair: its interface name and the namespace it lives in (root if absent). */
export interface VethEnd {
  readonly name: string;
  readonly netns?: string;
  /** MAC address to give this end. */
  readonly mac?: string;
}

/**
 * Creates a veth pair, moves each end into its namespace, sets MACs, brings both up and
 * turns TX checksum offload off on both (see the module comment).
 */
export async function createVeth(a: VethEnd, b: VethEnd): Promise<void> {
  // Each end is created directly in its namespace: a name like `eth0` would collide with
  // the machine's own interface if the pair were made in the root namespace first.
  await run('ip', ['link', 'add', 'name', a.name, ...where(a), 'type', 'veth', 'peer', 'name', b.name, ...where(b)]);
  for (const end of [a, b]) {
    if (end.mac) await run('ip', ['link', 'set', end.name, 'address', end.mac], { netns: end.netns });
    await run('ip', ['link', 'set', end.name, 'up'], { netns: end.netns });
    await run('ethtool', ['-K', end.name, 'tx', 'off'], { netns: end.netns });
  }
}

function where(end: VethEnd): string[] {
  return end.netns ? ['netns', end.netns] : [];
}

/** Deletes a link if it exists (deleting one veth end deletes its peer). */
export async function deleteLink(name: string, netns?: string): Promise<void> {
  if (await succeeds('ip', ['link', 'show', name], { netns })) await run('ip', ['link', 'del', name], { netns });
}

/** Adds an address in CIDR form (`10.1.0.2/24`) to an interface. */
export async function addAddress(iface: string, cidr: string, netns?: string): Promise<void> {
  await run('ip', ['addr', 'add', cidr, 'dev', iface], { netns });
}

/** Adds (or replaces) a route, e.g. `addRoute('default', '10.1.0.1', ns)`. */
export async function addRoute(destination: string, via: string, netns?: string): Promise<void> {
  await run('ip', ['route', 'replace', destination, 'via', via], { netns });
}
