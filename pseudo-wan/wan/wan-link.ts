/**
 * The WAN: either a veth between two sites' port 1 (`wan0` in each namespace), or a named
 * interface of the machine moved into site A's namespace (`--peer external --uplink IFACE`),
 * as a route server is given its own NIC.
 */
import { createVeth, run, succeeds } from '../system/index.js';
import { CliError } from '../errors.js';
import type { StateFile } from '../state/state-file.js';
import { WAN_IFACE } from '../topology/model.js';

/** Creates the veth joining two site namespaces; each end is named `wan0` in its namespace. */
export async function createWanVeth(netnsA: string, netnsB: string): Promise<string> {
  await createVeth({ name: WAN_IFACE, netns: netnsA }, { name: WAN_IFACE, netns: netnsB });
  return WAN_IFACE;
}

/** Checks the named interface exists in the root namespace (before anything starts). */
export async function checkExternalUplink(iface: string): Promise<void> {
  if (!(await succeeds('ip', ['link', 'show', 'dev', iface]))) {
    throw new CliError(`--uplink ${iface}: no such interface in the machine's namespace`, 'usage', 'list them with `ip link`');
  }
}

/** Moves the machine's interface into the site namespace, up, TX offload off; recorded so stop moves it back. */
export async function moveExternalUplink(iface: string, netns: string, state: StateFile): Promise<string> {
  await state.record({ kind: 'moved-link', name: iface, netns });
  await run('ip', ['link', 'set', 'dev', iface, 'netns', netns]);
  await run('ip', ['link', 'set', 'dev', iface, 'up'], { netns });
  // Same trap as for veths (design §3); a NIC that cannot change it keeps its setting.
  await succeeds('ethtool', ['-K', iface, 'tx', 'off'], { netns });
  return iface;
}
