/**
 * One site: its namespace, a private OVS (bridge br0, netdev datapath, controller
 * tcp:127.0.0.1:6633 inside the namespace), the offload veth pair carrying the uplink's
 * IP/MAC on the namespace's own TCP stack (where the BGP speaker listens), and the site
 * process and REST publisher, both detached with their pids recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { createNetns, createVeth, addAddress, OvsInstance } from '../system/index.js';
import { CONTROLLER_MAIN, PUBLISHER_MAIN } from '../paths.js';
import { processStartTime } from '../state/proc.js';
import type { StateFile } from '../state/state-file.js';
import { lengthOfNetmask } from '../topology/ipv4.js';
import { OFFLOAD_IFACE, OFFLOAD_SWITCH_IFACE, hostPortIface, siteNetns, type SiteSpec } from '../topology/model.js';

/** Files of one site under the WAN's run directory. */
export interface SitePaths {
  readonly dir: string;
  readonly ovsDir: string;
  readonly restSocket: string;
  readonly controllerLog: string;
  readonly publisherLog: string;
}

/** The bridge every site uses. */
export const BRIDGE = 'br0';

/** Paths of a site's files. */
export function sitePaths(wanDir: string, site: Pick<SiteSpec, 'id'>): SitePaths {
  const dir = join(wanDir, `site-${site.id}`);
  return {
    dir,
    ovsDir: join(dir, 'ovs'),
    restSocket: join(dir, 'rest.sock'),
    controllerLog: join(dir, 'controller.log'),
    publisherLog: join(dir, 'publisher.log'),
  };
}

/** A site being built: what later steps need. */
export interface SiteHandle {
  readonly spec: SiteSpec;
  readonly netns: string;
  readonly paths: SitePaths;
  readonly ovs: OvsInstance;
}

/** Creates the namespace, OVS + br0 and the offload pair (port 2) of a site. */
export async function createSite(prefix: string, wanDir: string, spec: SiteSpec, state: StateFile): Promise<SiteHandle> {
  const netns = siteNetns(prefix, spec);
  const paths = sitePaths(wanDir, spec);
  await mkdir(paths.dir, { recursive: true });
  await state.record({ kind: 'netns', name: netns });
  await createNetns(netns);
  await state.record({ kind: 'ovs', dir: paths.ovsDir, netns });
  const ovs = await OvsInstance.start({ dir: paths.ovsDir, netns });
  await ovs.addBridge({ name: BRIDGE, dpid: spec.dpid, controller: 'tcp:127.0.0.1:6633' });
  const uplink = spec.uplink;
  await createVeth({ name: OFFLOAD_IFACE, netns, mac: uplink.macaddress }, { name: OFFLOAD_SWITCH_IFACE, netns });
  await addAddress(OFFLOAD_IFACE, `${uplink.ipaddress}/${lengthOfNetmask(uplink.netmask)}`, netns);
  return { spec, netns, paths, ovs };
}

/** Adds the offload port, the uplink (if given) and the host ports to br0 in one transaction. */
export async function addSitePorts(site: SiteHandle, uplinkIface: string | undefined, hostPorts: readonly number[]): Promise<void> {
  const args: string[] = [];
  const add = (iface: string, ofport: number) =>
    args.push('--', 'add-port', BRIDGE, iface, '--', 'set', 'interface', iface, `ofport_request=${ofport}`);
  add(OFFLOAD_SWITCH_IFACE, Number(site.spec.uplink.port_offload_bgp));
  if (uplinkIface) add(uplinkIface, Number(site.spec.uplink.port));
  for (const port of hostPorts) add(hostPortIface(port), port);
  await site.ovs.vsctl(args);
}

/** A detached process we started, still ours to watch while `start` runs. */
export interface Started {
  readonly pid: number;
  readonly child: ChildProcess;
}

async function spawnDetached(file: string, args: string[], log: string): Promise<Started> {
  const out = await open(log, 'a');
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', out.fd, out.fd] });
    if (child.pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw error;
    }
    child.unref();
    return { pid: child.pid, child };
  } finally {
    await out.close();
  }
}

/** Starts the site process inside the site's namespace (contract G), REST on a unix socket. */
export async function startController(site: SiteHandle, state: StateFile, logLevel = 'info'): Promise<Started> {
  // `ip netns exec` execs the program in place, so the pid we get is the controller's own.
  const started = await spawnDetached(
    'ip',
    ['netns', 'exec', site.netns, process.execPath, CONTROLLER_MAIN(), '--rest-socket', site.paths.restSocket,
      '--openflow', 'tcp:127.0.0.1:6633', '--log-level', logLevel],
    site.paths.controllerLog,
  );
  await state.record({ kind: 'process', role: 'controller', site: site.spec.id, pid: started.pid, startTime: await processStartTime(started.pid) });
  return started;
}

/** Starts the REST publisher (root namespace) for a site on 127.0.0.1:restPort. */
export async function startPublisher(site: SiteHandle, state: StateFile): Promise<Started> {
  const started = await spawnDetached(
    process.execPath,
    [PUBLISHER_MAIN(), '--listen', `127.0.0.1:${site.spec.restPort}`, '--socket', site.paths.restSocket],
    site.paths.publisherLog,
  );
  await state.record({ kind: 'process', role: 'publisher', site: site.spec.id, pid: started.pid, startTime: await processStartTime(started.pid) });
  return started;
}
