/**
 * The socket shell around the pure FSM: it turns sockets, decoded messages and timers into
 * FSM events, carries out the actions `step` returns, and reports to its user as typed events.
 * All I/O of a session is here (and in connection.ts); all decisions are in fsm.ts.
 */
import { EventEmitter } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { Asn, Ipv4Address } from '../types/index.js';
import {
  ERR_OPEN_MESSAGE,
  ERR_UPDATE_MESSAGE,
  type BgpMessage,
  type Family,
  type RouteRefreshMessage,
  type UpdateMessage,
} from '../wire/index.js';
import { systemClock } from './clock.js';
import { Connection, type ConnectionEvents } from './connection.js';
import { assertNever, initialState, step, type FsmAction, type FsmEvent, type FsmState } from './fsm.js';
import { dueTimerEvents, nextDeadline } from './timers.js';
import { notificationForError } from './notification.js';
import { directionOf, type Clock, type ConnDirection, type ConnId, type Negotiated, type PeerDownReason, type SessionState, type TimerHandle } from './types.js';

/** Configuration of one BGP session. */
export interface BgpSessionOptions {
  readonly localAsn: Asn;
  readonly routerId: Ipv4Address;
  /** The peer's IPv4 address, dotted quad; incoming connections are matched on it. */
  readonly peerAddress: string;
  readonly peerAsn: Asn;
  /** Source address of our outgoing connections. */
  readonly localAddress?: string;
  /** The peer's TCP port for our outgoing connections, default 179. */
  readonly port?: number;
  /** Never connect; wait for the peer (through a {@link BgpListener} or `accept`). */
  readonly passive?: boolean;
  /** Proposed hold time, seconds, default 90 (0 or ≥ 3). */
  readonly holdTime?: number;
  /** Seconds between connection attempts, default 10. */
  readonly connectRetrySeconds?: number;
  /** Seconds Idle after a failure before the automatic restart, default 5. */
  readonly idleHoldSeconds?: number;
  readonly families: readonly Family[];
  /** Announce the 4-octet AS capability, default true (false emulates an RFC 4271-only speaker). */
  readonly fourOctetAs?: boolean;
  readonly clock?: Clock;
  /** pino-compatible logger for what the peer did wrong and for our own defects. */
  readonly logger?: SessionLogger;
}

/** The subset of a pino logger the session uses. */
export interface SessionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The TCP connection a session runs on. */
export interface SessionTransport {
  /** `outgoing` if we opened it. */
  readonly direction: ConnDirection;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** Events of a {@link BgpSession}. */
export interface BgpSessionEvents {
  established: [negotiated: Negotiated];
  update: [update: UpdateMessage];
  /** An UPDATE of the Established session as received, header included (emitted before 'update'; for BMP). */
  'update-frame': [frame: Buffer];
  'end-of-rib': [family: Family];
  'route-refresh': [message: { afi: number; safi: number; subtype: number }];
  /** The Established session went down. */
  down: [reason: PeerDownReason];
  /** An attempt to bring the session up failed before Established. */
  'attempt-failed': [reason: PeerDownReason];
  state: [change: { from: SessionState; to: SessionState }];
}

/** One BGP peering: FSM, connections, timers. */
export class BgpSession extends EventEmitter<BgpSessionEvents> {
  readonly peerAddress: string;
  /** NOTIFICATIONs written to and read from the peer over the session's life, on any connection. */
  readonly notifications = { sent: 0, received: 0 };
  private fsm: FsmState;
  private readonly clock: Clock;
  private readonly conns = new Map<ConnId, Connection>();
  private readonly queue: FsmEvent[] = [];
  private dispatching = false;
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private incomingSeq = 0;
  private readonly connEvents: ConnectionEvents;

  constructor(private readonly options: BgpSessionOptions) {
    super();
    this.peerAddress = options.peerAddress;
    this.clock = options.clock ?? systemClock;
    const holdTime = options.holdTime ?? 90;
    if (holdTime !== 0 && holdTime < 3) throw new RangeError(`hold time must be 0 or at least 3 seconds, not ${holdTime}`);
    this.fsm = initialState({
      localAsn: options.localAsn,
      routerId: options.routerId,
      peerAsn: options.peerAsn,
      passive: options.passive ?? false,
      holdTime,
      connectRetrySeconds: options.connectRetrySeconds ?? 10,
      idleHoldSeconds: options.idleHoldSeconds ?? 5,
      families: options.families,
      fourOctetAs: options.fourOctetAs ?? true,
    });
    this.connEvents = {
      connected: (c) => this.dispatch({ type: 'Tcp_CR_Acked', conn: c.id }),
      message: (c, msg, frame) => {
        if (msg.type === 'notification') this.notifications.received++;
        if (msg.type === 'update' && this.fsm.state === 'Established' && c.id === this.fsm.conn) this.emitSafe('update-frame', frame);
        this.dispatch(messageEvent(c.id, msg));
      },
      decodeError: (c, err, messageType) => {
        const notification = notificationForError(err, messageType);
        this.options.logger?.warn({ peer: this.peerAddress, conn: c.id, err: String(err) }, 'malformed message from peer');
        const type =
          notification.code === ERR_OPEN_MESSAGE ? 'BGPOpenMsgErr'
          : notification.code === ERR_UPDATE_MESSAGE ? 'UpdateMsgErr'
          : 'BGPHeaderErr';
        this.dispatch({ type, conn: c.id, notification });
      },
      closed: (c, message) => {
        this.conns.delete(c.id);
        this.dispatch({ type: 'TcpConnectionFails', conn: c.id, message });
      },
    };
  }

  /** RFC 4271 §8.2.2 state. */
  get state(): SessionState {
    return this.fsm.state;
  }

  /** The negotiated parameters while OpenConfirm or Established. */
  get negotiated(): Negotiated | undefined {
    return this.fsm.negotiated;
  }

  /** Addresses and ports of the connection in use, and who opened it (after collisions, §6.8). */
  get transport(): SessionTransport | undefined {
    const conn = this.fsm.conn !== undefined ? this.conns.get(this.fsm.conn) : undefined;
    if (!conn || this.fsm.state === 'Connect') return undefined;
    const { localAddress, localPort, remoteAddress, remotePort } = conn.socket;
    return {
      direction: directionOf(conn.id),
      localAddress: (localAddress ?? '').replace(/^::ffff:/, ''),
      localPort: localPort ?? 0,
      remoteAddress: (remoteAddress ?? '').replace(/^::ffff:/, ''),
      remotePort: remotePort ?? 0,
    };
  }

  /** The OPENs exchanged on the connection in use, as sent and received (for BMP Peer Up). */
  get openMessages(): { readonly sent: Buffer; readonly received: Buffer } | undefined {
    const conn = this.fsm.conn !== undefined ? this.conns.get(this.fsm.conn) : undefined;
    if (!conn?.sentOpen || !conn.receivedOpen) return undefined;
    return { sent: conn.sentOpen, received: conn.receivedOpen };
  }

  /** ManualStart: connect (or wait, when passive) and keep the session up until `stop()`. */
  start(): void {
    this.dispatch({ type: 'ManualStart' });
  }

  /** ManualStop: Cease/Administrative Shutdown to the peer; resolves once every socket closed. */
  async stop(): Promise<void> {
    const open = [...this.conns.values()];
    this.dispatch({ type: 'ManualStop' });
    this.disarm();
    await Promise.all(open.map((c) => c.whenClosed()));
  }

  /** Hands over a socket the peer opened to us (a {@link BgpListener} does this). */
  accept(socket: Socket): void {
    const id = `in-${++this.incomingSeq}`;
    this.conns.set(id, new Connection(id, socket, this.connEvents, false));
    this.dispatch({ type: 'TcpConnectionConfirmed', conn: id });
  }

  /** Encodes and sends one UPDATE with the negotiated codec context; false unless Established. */
  sendUpdate(update: UpdateMessage): boolean {
    return this.sendEstablished(update);
  }

  /**
   * Writes pre-encoded UPDATE frames (e.g. from `encodeVpnv4Updates`), in order after earlier
   * bulk writes, pausing on socket backpressure. Resolves true once all were handed to the
   * socket, false if the session is not Established or went down meanwhile.
   */
  sendUpdates(frames: readonly Buffer[]): Promise<boolean> {
    const conn = this.established();
    return conn ? conn.sendFrames(frames) : Promise.resolve(false);
  }

  /** Asks the peer to resend its routes of a family (RFC 2918); `subtype` per RFC 7313. */
  sendRouteRefresh(afi: number, safi: number, subtype = 0): boolean {
    return this.sendEstablished({ type: 'route-refresh', afi, safi, subtype } satisfies RouteRefreshMessage);
  }

  private sendEstablished(msg: BgpMessage): boolean {
    const conn = this.established();
    if (!conn) return false;
    conn.sendInOrder(msg);
    return true;
  }

  private established(): Connection | undefined {
    if (this.fsm.state !== 'Established' || this.fsm.conn === undefined) return undefined;
    return this.conns.get(this.fsm.conn);
  }

  /** Runs one event through the FSM; events raised while acting are queued, never nested. */
  private dispatch(event: FsmEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) this.apply(e);
    } finally {
      this.dispatching = false;
    }
    this.arm();
  }

  private apply(event: FsmEvent): void {
    const from = this.fsm.state;
    const { next, actions } = step(this.fsm, event, this.clock.now());
    this.fsm = next;
    // The codec context changes with the accepted OPEN, before the next frame is decoded.
    const main = next.conn !== undefined ? this.conns.get(next.conn) : undefined;
    if (main && next.negotiated && main.ctx.fourOctetAs !== next.negotiated.fourOctetAs) {
      main.ctx = { fourOctetAs: next.negotiated.fourOctetAs };
    }
    for (const action of actions) {
      try {
        this.act(action);
      } catch (err) {
        // A listener of ours threw: report it, but a defect elsewhere must not kill the session.
        this.options.logger?.error({ peer: this.peerAddress, err: String(err), action: action.type }, 'session action failed');
      }
    }
    if (next.state !== from) this.emitSafe('state', { from, to: next.state });
  }

  private act(a: FsmAction): void {
    switch (a.type) {
      case 'connect':
        this.conns.set(a.conn, new Connection(a.conn, this.openSocket(), this.connEvents, true));
        return;
      case 'send': {
        const conn = this.conns.get(a.conn);
        if (!conn) return;
        conn.send(a.message);
        if (a.message.type === 'notification') this.notifications.sent++;
        return;
      }
      case 'close': {
        const conn = this.conns.get(a.conn);
        this.conns.delete(a.conn);
        conn?.close();
        return;
      }
      case 'established':
        this.options.logger?.info({ peer: this.peerAddress, negotiated: a.negotiated }, 'session established');
        this.emit('established', a.negotiated);
        return;
      case 'down':
        this.options.logger?.info({ peer: this.peerAddress, reason: a.reason }, 'session down');
        this.emit('down', a.reason);
        return;
      case 'attempt-failed':
        this.options.logger?.info({ peer: this.peerAddress, reason: a.reason }, 'session attempt failed');
        this.emit('attempt-failed', a.reason);
        return;
      case 'update':
        this.emit('update', a.update);
        return;
      case 'end-of-rib':
        this.emit('end-of-rib', a.family);
        return;
      case 'route-refresh':
        this.emit('route-refresh', { afi: a.message.afi, safi: a.message.safi, subtype: a.message.subtype });
        return;
      default:
        assertNever(a);
    }
  }

  private openSocket(): Socket {
    return tcpConnect({ host: this.options.peerAddress, port: this.options.port ?? 179, localAddress: this.options.localAddress });
  }

  private emitSafe<K extends keyof BgpSessionEvents>(event: K, ...args: BgpSessionEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: BgpSessionEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.options.logger?.error({ peer: this.peerAddress, err: String(err), event }, 'session listener failed');
    }
  }

  /**
   * One clock timer at the earliest FSM deadline. Deadlines that move later (the hold timer on
   * every UPDATE) do not re-arm it: it fires early, finds nothing due, and re-arms.
   */
  private arm(): void {
    const at = nextDeadline(this.fsm);
    if (at === undefined) return this.disarm();
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.disarm();
    this.timerAt = at;
    this.timer = this.clock.setTimer(at - this.clock.now(), () => this.onTimer());
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerAt = undefined;
    // One expiry at a time: each may change which other timers still run.
    for (let [e] = dueTimerEvents(this.fsm, this.clock.now()); e; [e] = dueTimerEvents(this.fsm, this.clock.now())) {
      this.dispatch(e);
    }
    this.arm();
  }
}

/** The RFC 4271 §8.1 event a received message is. */
function messageEvent(conn: ConnId, msg: BgpMessage): FsmEvent {
  switch (msg.type) {
    case 'open':
      return { type: 'BGPOpen', conn, open: msg };
    case 'update':
      return { type: 'UpdateMsg', conn, update: msg };
    case 'notification':
      return { type: 'NotifMsg', conn, notification: msg };
    case 'keepalive':
      return { type: 'KeepAliveMsg', conn };
    case 'route-refresh':
      return { type: 'RouteRefreshMsg', conn, message: msg };
    default:
      return assertNever(msg);
  }
}
