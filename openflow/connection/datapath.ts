/**
 * One connected switch: the thin I/O shell around the pure pieces (framer, keepalive machine,
 * xid table). It owns the socket, runs the handshake (HELLO → FEATURES → PORT_DESC), answers
 * the switch's echoes, probes it when silent, correlates replies and errors with requests by
 * xid, and emits the asynchronous messages as events.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import {
  OFPMPF_REPLY_MORE,
  OfDecodeError,
  decodeMessage,
  describeError,
  encodeMessage,
  hello,
  mergeMultipartReplies,
  type BundleControlMessage,
  type EchoMessage,
  type EmptyMessage,
  type FeaturesReplyMessage,
  type FlowRemovedMessage,
  type SwitchConfigMessage,
  type MultipartReplyMessage,
  type OfMessage,
  type PacketInMessage,
  type PortDesc,
  type PortStatusMessage,
} from '../wire/index.js';
import { describeDisconnect, OfDisconnectedError, OfSwitchError, type DisconnectReason } from './errors.js';
import { FlowModBatcher, type FlowModLike, type SendFlowModsOptions } from './flow-mod-batch.js';
import { OfFramer } from './framer.js';
import { initialKeepalive, stepKeepalive, type KeepaliveConfig, type KeepaliveState } from './keepalive.js';
import { silentLogger, type OfLogger } from './logger.js';
import { encodeHelloFailed, negotiate, OF13 } from './version.js';
import { XidTable } from './xid-table.js';

/** Events of a {@link Datapath}. */
export interface DatapathEvents {
  /** OFPT_PACKET_IN. */
  packet_in: [msg: PacketInMessage];
  /** OFPT_PORT_STATUS, after {@link Datapath.ports} was updated. */
  port_status: [msg: PortStatusMessage];
  /** OFPT_FLOW_REMOVED. */
  flow_removed: [msg: FlowRemovedMessage];
  /** A switch ERROR that matched no outstanding request. */
  error: [err: OfSwitchError];
  /** The connection ended (also reported by the server's `disconnect`). */
  close: [reason: DisconnectReason];
}

/** Timing and logging for one connection. */
export interface DatapathOptions extends KeepaliveConfig {
  readonly logger: OfLogger;
  /** Give up on a switch that has not completed the handshake in this time. */
  readonly handshakeTimeoutMs: number;
  /** Peer description for logs (`unix` or `host:port`). */
  readonly peer: string;
}

/** What `request()` resolves with for each request type (void: closed by a barrier). */
export type ReplyTo<T extends OfMessage['type']> = T extends 'echo_request'
  ? EchoMessage
  : T extends 'features_request'
    ? FeaturesReplyMessage
    : T extends 'get_config_request'
      ? SwitchConfigMessage
      : T extends 'barrier_request'
        ? EmptyMessage
        : T extends 'multipart_request'
          ? MultipartReplyMessage
          : T extends 'bundle_control'
            ? BundleControlMessage
            : void;

/** Request types the switch answers with a reply of their own (everything else is closed by a barrier). */
const ANSWERED = new Set<string>(['echo_request', 'features_request', 'get_config_request', 'barrier_request', 'multipart_request', 'bundle_control', 'role_request', 'get_async_request']);

/** A connected OpenFlow 1.3 switch. */
export class Datapath extends EventEmitter<DatapathEvents> {
  /** Datapath id, known once the handshake completed (0n before). */
  dpid = 0n;
  /** Number of flow tables the switch reported. */
  nTables = 0;
  /** The switch's ports by port number, kept current by PORT_STATUS. */
  readonly ports = new Map<number, PortDesc>();

  private readonly framer = new OfFramer();
  private readonly xids = new XidTable();
  private readonly batcher: FlowModBatcher;
  private keepalive: KeepaliveState;
  private timer: NodeJS.Timeout | undefined;
  private helloDone = false;
  private closed: DisconnectReason | undefined;
  private readonly log: OfLogger;
  private readonly helloWaiter: { resolve: () => void; reject: (e: Error) => void; promise: Promise<void> };

  /** Wraps an accepted socket and starts the handshake (sends our HELLO at once). */
  constructor(
    private readonly socket: Socket,
    private readonly options: DatapathOptions,
  ) {
    super();
    this.log = options.logger;
    this.keepalive = initialKeepalive(Date.now());
    this.batcher = new FlowModBatcher(this.xids, (chunk) => this.writeChunk(chunk));
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => undefined);
    this.helloWaiter = { resolve, reject, promise };
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.teardown({ kind: 'socket-error', message: err.message }));
    socket.on('close', () => this.teardown({ kind: 'closed' }));
    // Our HELLO offers 1.3 only, in a version bitmap (as OVS's own HELLO does).
    socket.write(encodeMessage(hello(this.xids.allocate(), [OF13])));
  }

  /** Whether the connection is still up. */
  get connected(): boolean {
    return this.closed === undefined;
  }

  /**
   * Runs the handshake: waits for the switch's HELLO (version check), then FEATURES and the
   * PORT_DESC multipart. Resolves when the datapath is ready; rejects (and closes) on failure.
   */
  async handshake(): Promise<void> {
    const timeout = setTimeout(() => this.teardown({ kind: 'protocol-error', message: `handshake not completed within ${this.options.handshakeTimeoutMs} ms` }), this.options.handshakeTimeoutMs);
    try {
      await this.helloWaiter.promise;
      const features = await this.request({ type: 'features_request', xid: 0 });
      this.dpid = features.datapathId;
      this.nTables = features.nTables;
      const reply = await this.request({ type: 'multipart_request', xid: 0, flags: 0, body: { kind: 'port_desc' } });
      if (reply.body.kind === 'port_desc') for (const p of reply.body.ports) this.ports.set(p.portNo, p);
      this.armTimer(this.keepalive.lastRx + this.options.intervalMs);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Sends a message as is (fire and forget); its xid is kept, or allocated when 0. */
  send(msg: OfMessage): void {
    if (this.closed) throw new OfDisconnectedError(describeDisconnect(this.closed));
    const xid = msg.xid === 0 ? this.xids.allocate() : msg.xid;
    this.socket.write(encodeMessage(xid === msg.xid ? msg : { ...msg, xid }));
  }

  /**
   * Sends a request under a fresh xid and resolves with its reply: a multipart reply split
   * over several messages is reassembled into one (its body array holds every part's
   * entries, in arrival order); a message the switch does not answer
   * (flow-mod, packet-out, set-config...) is followed by a barrier and resolves when the
   * barrier reply shows it was processed. An ERROR with the request's xid rejects with
   * {@link OfSwitchError}.
   */
  request<M extends OfMessage>(msg: M): Promise<ReplyTo<M['type']>> {
    if (this.closed) return Promise.reject(new OfDisconnectedError(describeDisconnect(this.closed)));
    const xid = this.xids.allocate();
    const promise = new Promise<ReplyTo<M['type']>>((resolve, reject) => {
      const done = resolve as (v: unknown) => void;
      // Multipart parts arrive as an array (XidTable); hand the caller one merged reply.
      const merge = (parts: unknown) => {
        try {
          done(mergeMultipartReplies(parts as MultipartReplyMessage[]));
        } catch (err) {
          reject(err as Error);
        }
      };
      this.xids.expect(xid, msg.type === 'multipart_request' ? merge : done, reject);
    });
    if (ANSWERED.has(msg.type)) {
      this.socket.write(encodeMessage({ ...msg, xid }));
      return promise;
    }
    const barrierXid = this.xids.allocate();
    this.xids.expect(
      barrierXid,
      () => this.xids.reply(xid, undefined),
      (err) => this.xids.fail(xid, err),
    );
    this.socket.write(Buffer.concat([encodeMessage({ ...msg, xid }), encodeMessage({ type: 'barrier_request', xid: barrierXid })]));
    return promise;
  }

  /** Sends BARRIER_REQUEST and resolves when the switch has processed everything sent before it. */
  async barrier(): Promise<void> {
    await this.request({ type: 'barrier_request', xid: 0 });
  }

  /**
   * Installs many flow-mods fast: encoded into large buffers, written with few syscalls,
   * then closed by a barrier — or, with `bundle: true`, wrapped in an ONF bundle
   * (open, add..., commit; OVS's OF1.3 extension) so that the switch applies all or none.
   * Rejects with the {@link OfSwitchError} of the first refused flow-mod, naming its xid and
   * its index in `mods`.
   */
  sendFlowMods(mods: readonly FlowModLike[], options: SendFlowModsOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new OfDisconnectedError(describeDisconnect(this.closed)));
    return this.batcher.send(mods, options, (msg) => this.request(msg));
  }

  /** Closes the connection (the switch will reconnect on its own schedule). */
  close(reason: DisconnectReason = { kind: 'shutdown' }): void {
    this.teardown(reason);
  }

  private writeChunk(chunk: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new OfDisconnectedError(describeDisconnect(this.closed)));
    if (this.socket.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.on('close', done);
    });
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      this.teardown({ kind: 'protocol-error', message: (err as Error).message });
      return;
    }
    if (frames.length > 0) this.tick({ kind: 'received' });
    for (const frame of frames) {
      if (this.closed) return;
      if (!this.helloDone) {
        this.onHello(frame);
        continue;
      }
      let msg: OfMessage;
      try {
        msg = decodeMessage(frame);
      } catch (err) {
        if (!(err instanceof OfDecodeError)) throw err;
        // One message we cannot read does not doom the connection; its xid's waiter learns it.
        this.log.warn({ dpid: this.dpidText, err: err.message, head: frame.subarray(0, 16).toString('hex') }, 'undecodable OpenFlow message');
        this.xids.fail(frame.readUInt32BE(4), err);
        continue;
      }
      this.dispatch(msg);
    }
  }

  private onHello(frame: Buffer): void {
    const result = negotiate(frame);
    if (!result.ok) {
      this.log.error({ peer: this.options.peer, offered: result.offered }, `OpenFlow version negotiation failed: ${result.reason}; sending HELLO_FAILED and closing`);
      const version = frame[0] ?? OF13;
      this.socket.end(encodeHelloFailed(version, frame.length >= 8 ? frame.readUInt32BE(4) : 0, `${result.reason}; this controller speaks OpenFlow 1.3 only`));
      this.teardown({ kind: 'protocol-error', message: result.reason }, false);
      return;
    }
    this.helloDone = true;
    this.helloWaiter.resolve();
  }

  private dispatch(msg: OfMessage): void {
    switch (msg.type) {
      case 'echo_request':
        this.socket.write(encodeMessage({ type: 'echo_reply', xid: msg.xid, data: msg.data }));
        return;
      case 'error':
        this.onSwitchError(msg);
        return;
      case 'packet_in':
        this.emit('packet_in', msg);
        return;
      case 'flow_removed':
        this.emit('flow_removed', msg);
        return;
      case 'port_status':
        if (msg.reason === 'delete') this.ports.delete(msg.port.portNo);
        else this.ports.set(msg.port.portNo, msg.port);
        this.emit('port_status', msg);
        return;
      case 'echo_reply':
        // Answers to our keepalive probes have no waiter; liveness was already noted.
        this.xids.reply(msg.xid, msg);
        return;
      case 'multipart_reply':
        this.xids.reply(msg.xid, msg, { multipart: true, more: (msg.flags & OFPMPF_REPLY_MORE) !== 0 });
        return;
      default:
        if (!this.xids.reply(msg.xid, msg)) this.log.debug({ dpid: this.dpidText, type: msg.type, xid: msg.xid }, 'unsolicited OpenFlow message ignored');
    }
  }

  private onSwitchError(msg: Extract<OfMessage, { type: 'error' }>): void {
    const { typeName, codeName } = describeError(msg.errType, msg.code, msg.experimenter);
    const make = (index?: number) => new OfSwitchError(msg.errType, msg.code, typeName, codeName, msg.xid, msg.data, index);
    if (this.xids.fail(msg.xid, make())) return;
    if (this.xids.batchError(msg.xid, make)) return;
    const err = make();
    if (this.listenerCount('error') > 0) this.emit('error', err);
    else this.log.warn({ dpid: this.dpidText, xid: msg.xid, typeName, codeName }, 'switch error for no pending request');
  }

  private tick(event: { kind: 'received' } | { kind: 'tick' }): void {
    if (this.closed) return;
    const now = Date.now();
    const step = stepKeepalive(this.options, this.keepalive, event, now);
    this.keepalive = step.next;
    for (const action of step.actions) {
      if (action.kind === 'send-echo') {
        this.socket.write(encodeMessage({ type: 'echo_request', xid: this.xids.allocate(), data: Buffer.alloc(0) }));
      } else {
        this.log.warn({ dpid: this.dpidText, silentMs: action.silentMs }, 'switch did not answer echo; dropping the connection');
        this.teardown({ kind: 'echo-timeout', silentMs: action.silentMs });
        return;
      }
    }
    // Re-arming on every received message would churn timers; the timer re-checks when it fires.
    if (event.kind === 'tick' && this.helloDone) this.armTimer(step.wakeAt);
  }

  private armTimer(at: number): void {
    if (this.closed || !Number.isFinite(at)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick({ kind: 'tick' }), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private teardown(reason: DisconnectReason, destroy = true): void {
    if (this.closed) return;
    this.closed = reason;
    clearTimeout(this.timer);
    if (destroy) this.socket.destroy();
    const err = new OfDisconnectedError(describeDisconnect(reason));
    this.helloWaiter.reject(err);
    this.xids.failAll(err);
    this.emit('close', reason);
  }

  private get dpidText(): string {
    return this.dpid.toString(16).padStart(16, '0');
  }
}
