/**
 * A private Open vSwitch: its own ovsdb-server and ovs-vswitchd, in their own run directory,
 * optionally inside a network namespace. Several coexist on one machine and none touches
 * the system's /var/run/openvswitch. The bridge is always the userspace datapath (`netdev`):
 * the kernel here has no OVS module.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run, type RunOptions } from './exec.js';
import { readPidFile, stopPid } from './process.js';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** How to start a private OVS. */
export interface OvsStartOptions {
  /** Run directory: db, sockets, pidfiles and logs live here. Created if missing. */
  readonly dir: string;
  /** Network namespace the daemons run in (root if absent). */
  readonly netns?: string;
}

/** How to create a bridge. */
export interface BridgeOptions {
  readonly name: string;
  /** 16 hex digits, e.g. `0000000000000001`. */
  readonly dpid: string;
  /** OpenFlow controller target, e.g. `tcp:127.0.0.1:6633` or `unix:/path/of.sock`. */
  readonly controller?: string;
  /** OpenFlow versions, default OpenFlow13 only. */
  readonly protocols?: string;
}

/** A running private OVS. */
export class OvsInstance {
  private constructor(
    readonly dir: string,
    readonly netns: string | undefined,
  ) {}

  /** Creates the database and starts ovsdb-server and ovs-vswitchd; resolves when both are ready. */
  static async start(options: OvsStartOptions): Promise<OvsInstance> {
    const ovs = new OvsInstance(options.dir, options.netns);
    await mkdir(ovs.dir, { recursive: true });
    await run('ovsdb-tool', ['create', join(ovs.dir, 'conf.db'), SCHEMA]);
    await ovs.runHere('ovsdb-server', [
      join(ovs.dir, 'conf.db'),
      `--remote=punix:${ovs.dbSocket}`,
      `--pidfile=${join(ovs.dir, 'ovsdb-server.pid')}`,
      `--log-file=${join(ovs.dir, 'ovsdb-server.log')}`,
      `--unixctl=${join(ovs.dir, 'ovsdb-server.ctl')}`,
      '--detach',
    ]);
    await ovs.vsctl(['--no-wait', 'init']);
    await ovs.startVswitchd();
    return ovs;
  }

  /** Path of the OVSDB unix socket. */
  get dbSocket(): string {
    return join(this.dir, 'db.sock');
  }

  /** Environment that points OVS's own tools at this instance (they honour OVS_RUNDIR). */
  get env(): Record<string, string> {
    return { OVS_RUNDIR: this.dir, OVS_DBDIR: this.dir, OVS_LOGDIR: this.dir };
  }

  /** Starts ovs-vswitchd (again, after {@link killVswitchd}); `--detach` returns once it is up. */
  async startVswitchd(): Promise<void> {
    await this.runHere('ovs-vswitchd', [
      `unix:${this.dbSocket}`,
      `--pidfile=${join(this.dir, 'ovs-vswitchd.pid')}`,
      `--log-file=${join(this.dir, 'ovs-vswitchd.log')}`,
      `--unixctl=${join(this.dir, 'ovs-vswitchd.ctl')}`,
      '--detach',
    ]);
  }

  /** Pid of the running ovs-vswitchd, if any. */
  vswitchdPid(): Promise<number | undefined> {
    return readPidFile(join(this.dir, 'ovs-vswitchd.pid'));
  }

  /** Stops ovs-vswitchd only (the database stays), e.g. to test a switch that goes away. */
  async killVswitchd(): Promise<void> {
    const pid = await this.vswitchdPid();
    if (pid !== undefined) await stopPid(pid);
  }

  /** Runs `ovs-vsctl` against this instance's database. */
  vsctl(args: readonly string[]): Promise<string> {
    return this.runHere('ovs-vsctl', [`--db=unix:${this.dbSocket}`, ...args]);
  }

  /** Runs `ovs-ofctl` against a bridge of this instance (through its `BRIDGE.mgmt` socket). */
  ofctl(args: readonly string[], options: Pick<RunOptions, 'input' | 'timeoutMs'> = {}): Promise<string> {
    return this.runHere('ovs-ofctl', args, options);
  }

  /** Runs `ovs-appctl` against this instance's ovs-vswitchd. */
  appctl(args: readonly string[]): Promise<string> {
    return this.runHere('ovs-appctl', ['-t', join(this.dir, 'ovs-vswitchd.ctl'), ...args]);
  }

  /** Path of the management socket `ovs-ofctl` can use for a bridge. */
  mgmtSocket(bridge: string): string {
    return join(this.dir, `${bridge}.mgmt`);
  }

  /**
   * Adds a userspace-datapath bridge with OpenFlow 1.3, fail-mode secure and in-band
   * control disabled. In-band mode would install hidden flows that steal ARP replies from
   * the controller when the LOCAL port borrows the uplink's MAC (design §3).
   */
  async addBridge(options: BridgeOptions): Promise<void> {
    const args = [
      '--', 'add-br', options.name,
      '--', 'set', 'bridge', options.name, 'datapath_type=netdev',
      `protocols=${options.protocols ?? 'OpenFlow13'}`,
      'fail_mode=secure',
      `other-config:datapath-id=${options.dpid}`,
      'other-config:disable-in-band=true',
    ];
    if (options.controller) args.push('--', 'set-controller', options.name, options.controller);
    await this.vsctl(args);
  }

  /** Adds an existing interface (in the daemons' namespace) to a bridge with a fixed OpenFlow port number. */
  async addPort(bridge: string, iface: string, ofport: number): Promise<void> {
    await this.vsctl(['--', 'add-port', bridge, iface, '--', 'set', 'interface', iface, `ofport_request=${ofport}`]);
  }

  /** Stops both daemons (by pidfile) and removes the run directory. Idempotent. */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    await this.killVswitchd();
    const dbPid = await readPidFile(join(this.dir, 'ovsdb-server.pid'));
    if (dbPid !== undefined) await stopPid(dbPid);
    if (!options.keepDir) await rm(this.dir, { recursive: true, force: true });
  }

  private runHere(file: string, args: readonly string[], options: Pick<RunOptions, 'input' | 'timeoutMs'> = {}): Promise<string> {
    return run(file, args, { ...options, netns: this.netns, env: this.env });
  }
}
