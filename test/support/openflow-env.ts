/**
 * Test environment for the OpenFlow integration tests and benchmark: a private namespace
 * holding a private OVS (ovsdb-server + ovs-vswitchd, userspace datapath) whose bridge dials
 * our controller through a unix socket. A unix path is reachable across namespaces, so the
 * test process stays in the root namespace while OVS lives in its own.
 *
 * Hygiene: namespace and run-dir names start with `ofi`, everything is torn down by
 * {@link OfTestEnv.destroy}, daemons are stopped by pid.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addAddress, createNetns, createVeth, deleteNetns, OvsInstance } from '../../pseudo-wan/system/index.js';

let counter = 0;

/** A namespace with a private OVS and a run dir for our controller socket. */
export class OfTestEnv {
  private constructor(
    /** Namespace the OVS daemons (and bridge ports) live in. */
    readonly netns: string,
    /** Private run directory (OVS files under `ovs/`, our socket at {@link socketPath}). */
    readonly dir: string,
    readonly ovs: OvsInstance,
  ) {}

  /** Host namespaces made by {@link addHost}, deleted by {@link destroy}. */
  private readonly hosts: string[] = [];

  /** Creates `ofi-<tag>` and starts OVS in it. `tag` keeps names unique across concurrent tests (≤ 8 chars). */
  static async create(tag: string): Promise<OfTestEnv> {
    const id = `${process.pid % 10000}${counter++}`;
    const netns = `ofi-${tag}${id}`.slice(0, 15);
    const dir = `/tmp/ofi-${process.pid}-${tag}-${counter}`;
    await deleteNetns(netns);
    await createNetns(netns);
    await mkdir(dir, { recursive: true });
    try {
      const ovs = await OvsInstance.start({ dir: join(dir, 'ovs'), netns });
      return new OfTestEnv(netns, dir, ovs);
    } catch (err) {
      await deleteNetns(netns);
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Where our OpenFlowServer listens (the bridge's controller target is `unix:` + this).
   * OVS quirk: ovs-vswitchd refuses a `unix:` controller outside its own run directory
   * ("due to possibility for remote exploit"), so the socket lives in the OVS run dir.
   */
  get socketPath(): string {
    return join(this.ovs.dir, 'of.sock');
  }

  /** Adds bridge `br0` (dpid given as 16 hex digits) that dials our unix socket. */
  async addBridge(dpid = '0000000000000001', options: { protocols?: string; name?: string } = {}): Promise<void> {
    await this.ovs.addBridge({ name: options.name ?? 'br0', dpid, controller: `unix:${this.socketPath}`, protocols: options.protocols });
  }

  /** `ovs-ofctl -O OpenFlow13 ARGS` against the bridge's management socket. */
  ofctl13(args: readonly string[], input?: string): Promise<string> {
    const [cmd, ...rest] = args;
    return this.ovs.ofctl(['-O', 'OpenFlow13', cmd!, ...rest], { input, timeoutMs: 120_000 });
  }

  /** Management target of a bridge for ovs-ofctl (the `unix:` form works across namespaces). */
  mgmt(bridge = 'br0'): string {
    return `unix:${this.ovs.mgmtSocket(bridge)}`;
  }

  /**
   * Makes a host: namespace `<env netns>h<ofport>` with `eth0` (address `cidr`, MAC `mac`)
   * wired by a veth to bridge port `ofport` (interface `p<ofport>` in the OVS namespace).
   */
  async addHost(ofport: number, cidr: string, mac: string, bridge = 'br0'): Promise<string> {
    const netns = `${this.netns}h${ofport}`.slice(0, 15);
    await deleteNetns(netns);
    await createNetns(netns);
    this.hosts.push(netns);
    await createVeth({ name: 'eth0', netns, mac }, { name: `p${ofport}`, netns: this.netns });
    await addAddress('eth0', cidr, netns);
    await this.ovs.addPort(bridge, `p${ofport}`, ofport);
    return netns;
  }

  /** Joins bridge ports `a` and `b` with a veth pair (a frame out of one comes in on the other). */
  async addLoop(a: number, b: number, bridge = 'br0'): Promise<void> {
    await createVeth({ name: `p${a}`, netns: this.netns }, { name: `p${b}`, netns: this.netns });
    await this.ovs.addPort(bridge, `p${a}`, a);
    await this.ovs.addPort(bridge, `p${b}`, b);
  }

  /** Stops OVS, deletes the namespace (and the veth ends inside it) and the run dir. */
  async destroy(): Promise<void> {
    try {
      await this.ovs.stop();
    } finally {
      for (const h of this.hosts) await deleteNetns(h);
      await deleteNetns(this.netns);
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
