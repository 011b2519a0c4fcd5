/**
 * The controller side of OpenFlow: listens on TCP and/or a unix socket, accepts any number of
 * switches, runs each one's handshake and hands out ready {@link Datapath}s through `connect`.
 */
import { EventEmitter } from 'node:events';
import { unlink } from 'node:fs/promises';
import net from 'node:net';
import { Datapath } from './datapath.js';
import { describeDisconnect, type DisconnectReason } from './errors.js';
import { silentLogger, type OfLogger } from './logger.js';

/** Where and how to listen. With neither `tcp` nor `unix`, TCP 127.0.0.1:6633 is used. */
export interface OpenFlowServerOptions {
  /** TCP listener; `port` defaults to 6633 (0 = pick a free one, see {@link OpenFlowServer.tcpPort}). */
  readonly tcp?: { readonly host?: string; readonly port?: number };
  /**
   * Unix socket path. A stale socket file there is replaced. Note for OVS: ovs-vswitchd only
   * dials `unix:` controllers inside its own run directory.
   */
  readonly unix?: string;
  /** Silence before we probe a switch with ECHO_REQUEST (default 5000 ms). */
  readonly echoIntervalMs?: number;
  /** Silence after the probe before the switch is declared dead (default 10000 ms: a busy ovs-vswitchd
   * installing a large batch answers nothing until it is done). */
  readonly echoTimeoutMs?: number;
  /** Handshake (HELLO, FEATURES, PORT_DESC) deadline (default 10000 ms). */
  readonly handshakeTimeoutMs?: number;
  /** pino-compatible logger (default: silent). */
  readonly logger?: OfLogger;
}

/** Events of an {@link OpenFlowServer}. */
export interface OpenFlowServerEvents {
  /** A switch completed the handshake. */
  connect: [dp: Datapath];
  /** A ready switch went away. */
  disconnect: [dp: Datapath, reason: DisconnectReason];
}

/** OpenFlow 1.3 controller listener for many switches. */
export class OpenFlowServer extends EventEmitter<OpenFlowServerEvents> {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<Datapath>();
  private readonly ready = new Map<bigint, Datapath>();
  private readonly log: OfLogger;

  constructor(private readonly options: OpenFlowServerOptions = {}) {
    super();
    this.log = options.logger ?? silentLogger;
  }

  /** Ready datapaths by dpid. */
  get datapaths(): ReadonlyMap<bigint, Datapath> {
    return this.ready;
  }

  /** The bound TCP port (useful with port 0), if listening on TCP. */
  get tcpPort(): number | undefined {
    for (const s of this.servers) {
      const a = s.address();
      if (a && typeof a === 'object') return a.port;
    }
    return undefined;
  }

  /** Starts listening; resolves once every listener is bound. */
  async listen(): Promise<void> {
    const { tcp, unix } = this.options;
    if (tcp || !unix) {
      const host = tcp?.host ?? '127.0.0.1';
      const port = tcp?.port ?? 6633;
      await this.bind((s) => s.listen(port, host), `tcp:${host}:${port}`);
    }
    if (unix) {
      await unlink(unix).catch(() => undefined);
      await this.bind((s) => s.listen(unix), `unix:${unix}`);
    }
  }

  /** Closes every switch connection and listener (and removes the unix socket file). */
  async close(): Promise<void> {
    for (const dp of [...this.sockets]) dp.close({ kind: 'shutdown' });
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
    if (this.options.unix) await unlink(this.options.unix).catch(() => undefined);
  }

  private async bind(start: (s: net.Server) => void, where: string): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        resolve();
      });
      start(server);
    });
    server.on('error', (err) => this.log.error({ where, err: err.message }, 'OpenFlow listener error'));
    this.servers.push(server);
    this.log.info({ where }, 'OpenFlow listening');
  }

  private accept(socket: net.Socket): void {
    const peer = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'unix';
    const dp = new Datapath(socket, {
      intervalMs: this.options.echoIntervalMs ?? 5000,
      timeoutMs: this.options.echoTimeoutMs ?? 10_000,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 10_000,
      logger: this.log,
      peer,
    });
    this.sockets.add(dp);
    let isReady = false;
    dp.once('close', (reason) => {
      this.sockets.delete(dp);
      if (!isReady) return;
      if (this.ready.get(dp.dpid) === dp) this.ready.delete(dp.dpid);
      this.log.info({ dpid: hex(dp.dpid), reason: describeDisconnect(reason) }, 'switch disconnected');
      this.emit('disconnect', dp, reason);
    });
    dp.handshake().then(
      () => {
        if (!dp.connected) return;
        const old = this.ready.get(dp.dpid);
        // A switch that restarted may reconnect before we notice its old connection died.
        if (old) old.close({ kind: 'replaced' });
        isReady = true;
        this.ready.set(dp.dpid, dp);
        this.log.info({ dpid: hex(dp.dpid), peer, ports: dp.ports.size }, 'switch connected');
        this.emit('connect', dp);
      },
      (err: Error) => {
        this.log.warn({ peer, err: err.message }, 'OpenFlow handshake failed');
        dp.close({ kind: 'protocol-error', message: `handshake failed: ${err.message}` });
      },
    );
  }
}

function hex(dpid: bigint): string {
  return dpid.toString(16).padStart(16, '0');
}
