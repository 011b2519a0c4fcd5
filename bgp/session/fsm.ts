/**
 * The RFC 4271 §8 finite state machine as a pure function: `step(state, event, now)` returns
 * the next state and the actions for the shell to perform (connect, send, close, report). It
 * does no I/O and reads no clock: timers are absolute deadlines kept in the state, and the
 * shell turns the due ones into the `*_Expires` events (see timers.ts).
 *
 * Choices where RFC 4271 leaves room (§8.1.1 optional attributes and session policy):
 * - A failed connect or a TCP failure in OpenSent goes to Active and retries on the
 *   ConnectRetryTimer; every other failure goes to Idle and restarts by itself after
 *   `idleHoldSeconds` (AutomaticStart, events 3/5) until ManualStop.
 * - No DelayOpen, no damping of peer oscillations.
 * - Connection collisions (§6.8) are tracked here: a second connection arriving in OpenSent
 *   or OpenConfirm is answered with our OPEN, and once its OPEN arrives the connection opened
 *   by the higher BGP Identifier survives; the loser gets Cease/Connection Collision Resolution.
 *   In Established a new connection is refused the same way. When the peer connects while our
 *   own attempt is still pending (both sides opening at once), the peer's connection goes on
 *   and our attempt becomes the second connection once it connects: dropping it instead would
 *   make both sides drop the connection the other one kept, over and over.
 */
import type { NotificationMessage, OpenMessage, RouteRefreshMessage, UpdateMessage } from '../wire/index.js';
import {
  CEASE_ADMIN_SHUTDOWN,
  CEASE_CONNECTION_COLLISION_RESOLUTION,
  ERR_CEASE,
  ERR_FSM,
  ERR_HOLD_TIMER_EXPIRED,
  FSM_UNEXPECTED_IN_ESTABLISHED,
  FSM_UNEXPECTED_IN_OPENCONFIRM,
  FSM_UNEXPECTED_IN_OPENSENT,
  type BgpMessage,
  type Family,
} from '../wire/index.js';
import { endOfRibFamily } from './end-of-rib.js';
import { buildOpen, negotiate, OPEN_HOLD_SECONDS } from './negotiate.js';
import { notification, notificationInfo } from './notification.js';
import { directionOf, type ConnId, type FsmConfig, type Negotiated, type PeerDownReason, type SessionState } from './types.js';

/** Absolute deadlines (clock milliseconds) of the running timers; absent = stopped. */
export interface Timers {
  readonly connectRetry?: number;
  readonly hold?: number;
  readonly keepalive?: number;
  readonly idleHold?: number;
}

/** A second connection to the same peer, waiting for collision resolution (§6.8). */
export interface Collision {
  readonly conn: ConnId;
  /** Our own attempt, not yet connected (no OPEN sent on it yet). */
  readonly pending?: boolean;
  /** The peer's OPEN on it, once received. */
  readonly open?: OpenMessage;
}

/** Everything the FSM knows. Immutable: `step` returns a new one. */
export interface FsmState {
  readonly config: FsmConfig;
  readonly state: SessionState;
  /** ManualStart seen and no ManualStop since: failures restart the session automatically. */
  readonly started: boolean;
  /** The connection in use (in Connect: the attempt in progress). */
  readonly conn?: ConnId;
  readonly collision?: Collision;
  /** Set once the peer's OPEN was accepted (OpenConfirm, Established). */
  readonly negotiated?: Negotiated;
  readonly timers: Timers;
  /** RFC 4271 §8.1.1 ConnectRetryCounter: resets that happened since the last ManualStart. */
  readonly connectRetryCounter: number;
  /** Sequence for the ids of our outgoing connections. */
  readonly nextConnSeq: number;
}

/** Errors found while reading a connection, carrying the NOTIFICATION to send. */
interface ErrorEvent {
  readonly conn: ConnId;
  readonly notification: NotificationMessage;
}

/** Input of the FSM, named after RFC 4271 §8.1 events (number in the comment). */
export type FsmEvent =
  | { readonly type: 'ManualStart' } // 1 (4 when config.passive: ..._with_PassiveTcpEstablishment)
  | { readonly type: 'ManualStop' } // 2
  | { readonly type: 'ConnectRetryTimer_Expires' } // 9
  | { readonly type: 'HoldTimer_Expires' } // 10
  | { readonly type: 'KeepaliveTimer_Expires' } // 11
  | { readonly type: 'IdleHoldTimer_Expires' } // 13 (then AutomaticStart, 3/5)
  | { readonly type: 'Tcp_CR_Acked'; readonly conn: ConnId } // 16: our connect succeeded
  | { readonly type: 'TcpConnectionConfirmed'; readonly conn: ConnId } // 17: the peer connected to us
  | { readonly type: 'TcpConnectionFails'; readonly conn: ConnId; readonly message: string } // 18
  | { readonly type: 'BGPOpen'; readonly conn: ConnId; readonly open: OpenMessage } // 19
  | ({ readonly type: 'BGPHeaderErr' } & ErrorEvent) // 21
  | ({ readonly type: 'BGPOpenMsgErr' } & ErrorEvent) // 22
  | { readonly type: 'NotifMsg'; readonly conn: ConnId; readonly notification: NotificationMessage } // 24/25
  | { readonly type: 'KeepAliveMsg'; readonly conn: ConnId } // 26
  | { readonly type: 'UpdateMsg'; readonly conn: ConnId; readonly update: UpdateMessage } // 27
  | ({ readonly type: 'UpdateMsgErr' } & ErrorEvent) // 28
  | { readonly type: 'RouteRefreshMsg'; readonly conn: ConnId; readonly message: RouteRefreshMessage }; // RFC 2918/7313

/** Output of the FSM, for the shell to carry out in order. */
export type FsmAction =
  /** Open a TCP connection to the peer, known as `conn` from now on. */
  | { readonly type: 'connect'; readonly conn: ConnId }
  | { readonly type: 'send'; readonly conn: ConnId; readonly message: BgpMessage }
  /** Close after what was queued for it has been written (a NOTIFICATION must get out). */
  | { readonly type: 'close'; readonly conn: ConnId }
  | { readonly type: 'established'; readonly negotiated: Negotiated }
  /** The Established session went down. */
  | { readonly type: 'down'; readonly reason: PeerDownReason }
  /** An attempt that had not reached Established failed. */
  | { readonly type: 'attempt-failed'; readonly reason: PeerDownReason }
  | { readonly type: 'update'; readonly update: UpdateMessage }
  | { readonly type: 'end-of-rib'; readonly family: Family }
  | { readonly type: 'route-refresh'; readonly message: RouteRefreshMessage };

/** What {@link step} returns. */
export interface StepResult {
  readonly next: FsmState;
  readonly actions: FsmAction[];
}

/** A stopped session. */
export function initialState(config: FsmConfig): FsmState {
  return { config, state: 'Idle', started: false, timers: {}, connectRetryCounter: 0, nextConnSeq: 1 };
}

/** Applies one event at time `now` (clock milliseconds). */
export function step(s: FsmState, e: FsmEvent, now: number): StepResult {
  const actions: FsmAction[] = [];
  const next = transition(s, e, now, actions);
  return { next, actions };
}

function transition(s: FsmState, e: FsmEvent, now: number, out: FsmAction[]): FsmState {
  // Events of the second connection are resolved apart; events of connections we already
  // dropped are answered by closing them.
  if ('conn' in e && e.type !== 'TcpConnectionConfirmed' && e.conn !== s.conn) {
    if (s.collision && e.conn === s.collision.conn) return collisionEvent(s, e, now, out);
    if (e.type !== 'TcpConnectionFails') out.push({ type: 'close', conn: e.conn });
    return s;
  }
  if (s.state === 'Connect' && 'conn' in e && e.conn === s.conn && e.type !== 'Tcp_CR_Acked' && e.type !== 'TcpConnectionFails') {
    // Nothing can arrive on an attempt that has not connected; should it, drop it (§8.2.2 Connect, "any other event").
    return reset(s, now, out, { kind: 'connection-closed', message: `${e.type} before the connection was up` });
  }
  switch (e.type) {
    case 'ManualStart':
      return s.state === 'Idle' ? start({ ...s, started: true, connectRetryCounter: 0 }, now, out) : { ...s, started: true };

    case 'ManualStop': {
      if (s.conn !== undefined) {
        if (s.state !== 'Connect') out.push({ type: 'send', conn: s.conn, message: notification(ERR_CEASE, CEASE_ADMIN_SHUTDOWN) });
        out.push({ type: 'close', conn: s.conn });
      }
      if (s.collision) out.push(...cease(s.collision, CEASE_ADMIN_SHUTDOWN));
      if (s.state === 'Established') out.push({ type: 'down', reason: { kind: 'admin-stop' } });
      return { ...s, state: 'Idle', started: false, conn: undefined, collision: undefined, negotiated: undefined, timers: {}, connectRetryCounter: 0 };
    }

    case 'IdleHoldTimer_Expires': // then AutomaticStart (events 3/5)
      return s.state === 'Idle' && s.started ? start(s, now, out) : { ...s, timers: { ...s.timers, idleHold: undefined } };

    case 'ConnectRetryTimer_Expires': {
      const timers = { ...s.timers, connectRetry: undefined };
      if (s.config.passive || (s.state !== 'Connect' && s.state !== 'Active')) return { ...s, timers };
      // Connect: the attempt is taking too long, drop it and try again; Active: try again.
      if (s.conn !== undefined) out.push({ type: 'close', conn: s.conn });
      return connect({ ...s, timers }, now, out);
    }

    case 'HoldTimer_Expires': {
      if (!isOpen(s.state) || s.conn === undefined) return { ...s, timers: { ...s.timers, hold: undefined } };
      out.push({ type: 'send', conn: s.conn, message: notification(ERR_HOLD_TIMER_EXPIRED, 0) });
      return reset(s, now, out, { kind: 'hold-timer-expired' });
    }

    case 'KeepaliveTimer_Expires': {
      if ((s.state !== 'OpenConfirm' && s.state !== 'Established') || s.conn === undefined || !s.negotiated) {
        return { ...s, timers: { ...s.timers, keepalive: undefined } };
      }
      out.push({ type: 'send', conn: s.conn, message: { type: 'keepalive' } });
      return { ...s, timers: { ...s.timers, keepalive: after(now, s.negotiated.keepaliveTime) } };
    }

    case 'TcpConnectionConfirmed':
      return incoming(s, e.conn, now, out);

    case 'Tcp_CR_Acked':
      if (s.state !== 'Connect') return s;
      return sendOpen({ ...s, state: 'OpenSent', timers: { hold: after(now, OPEN_HOLD_SECONDS) } }, e.conn, out);

    case 'TcpConnectionFails': {
      if (s.state === 'Connect') {
        out.push({ type: 'attempt-failed', reason: { kind: 'connect-failed', message: e.message } });
        return { ...s, state: 'Active', conn: undefined };
      }
      const reason: PeerDownReason = { kind: 'connection-closed', message: e.message };
      if (s.state === 'OpenSent' && !s.collision) {
        // §8.2.2 OpenSent, event 18: back to Active, retry on the ConnectRetryTimer.
        out.push({ type: 'close', conn: e.conn }, { type: 'attempt-failed', reason });
        return { ...s, state: 'Active', conn: undefined, timers: retryTimer(s, now) };
      }
      return reset(s, now, out, reason);
    }

    case 'BGPOpen':
      if (s.state !== 'OpenSent') return unexpected(s, e.conn, now, out);
      return acceptOpen(s, e.conn, e.open, now, out);

    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'UpdateMsgErr':
      out.push({ type: 'send', conn: e.conn, message: e.notification });
      return reset(s, now, out, { kind: 'notification-sent', ...notificationInfo(e.notification) });

    case 'NotifMsg':
      return reset(s, now, out, { kind: 'notification-received', ...notificationInfo(e.notification) });

    case 'KeepAliveMsg':
      if (s.state === 'OpenConfirm' && s.negotiated) {
        if (s.collision) {
          // §6.8: a collision with an Established connection closes the newer one.
          out.push(...cease(s.collision, CEASE_CONNECTION_COLLISION_RESOLUTION));
        }
        out.push({ type: 'established', negotiated: s.negotiated });
        return { ...s, state: 'Established', collision: undefined, connectRetryCounter: 0, timers: { ...s.timers, hold: holdDeadline(s, now) } };
      }
      if (s.state === 'Established') return { ...s, timers: { ...s.timers, hold: holdDeadline(s, now) } };
      return unexpected(s, e.conn, now, out);

    case 'UpdateMsg': {
      if (s.state !== 'Established') return unexpected(s, e.conn, now, out);
      const family = endOfRibFamily(e.update);
      out.push(family ? { type: 'end-of-rib', family } : { type: 'update', update: e.update });
      return { ...s, timers: { ...s.timers, hold: holdDeadline(s, now) } };
    }

    case 'RouteRefreshMsg':
      if (s.state !== 'Established') return unexpected(s, e.conn, now, out);
      // RFC 7313 §4: subtypes other than 0 (request), 1 (BoRR) and 2 (EoRR) are ignored.
      if (e.message.subtype <= 2) out.push({ type: 'route-refresh', message: e.message });
      return { ...s, timers: { ...s.timers, hold: holdDeadline(s, now) } };

    default:
      return assertNever(e);
  }
}

/** ManualStart/AutomaticStart from Idle: connect, or wait for the peer when passive. */
function start(s: FsmState, now: number, out: FsmAction[]): FsmState {
  const idle: FsmState = { ...s, timers: {} };
  if (s.config.passive) return { ...idle, state: 'Active' };
  return connect(idle, now, out);
}

function connect(s: FsmState, now: number, out: FsmAction[]): FsmState {
  const conn = `out-${s.nextConnSeq}`;
  out.push({ type: 'connect', conn });
  return { ...s, state: 'Connect', conn, nextConnSeq: s.nextConnSeq + 1, timers: { ...s.timers, connectRetry: after(now, s.config.connectRetrySeconds) } };
}

/** Event 17: the peer connected to us. */
function incoming(s: FsmState, conn: ConnId, now: number, out: FsmAction[]): FsmState {
  switch (s.state) {
    case 'Idle': // §8.2.2: Idle refuses connections.
      out.push({ type: 'close', conn });
      return s;
    case 'Connect':
    case 'Active': {
      // The connection that is up goes on; our pending attempt (if any) stays as the second
      // connection, so that a simultaneous open is resolved by §6.8, not by both sides dropping.
      const collision: Collision | undefined = s.state === 'Connect' && s.conn !== undefined ? { conn: s.conn, pending: true } : undefined;
      return sendOpen({ ...s, state: 'OpenSent', collision, timers: { hold: after(now, OPEN_HOLD_SECONDS) } }, conn, out);
    }
    case 'OpenSent':
    case 'OpenConfirm':
      if (s.collision) {
        out.push({ type: 'close', conn });
        return s;
      }
      out.push({ type: 'send', conn, message: buildOpen(s.config) });
      return { ...s, collision: { conn } };
    case 'Established':
      out.push(...cease({ conn }, CEASE_CONNECTION_COLLISION_RESOLUTION));
      return s;
    default:
      return assertNever(s.state);
  }
}

function sendOpen(s: FsmState, conn: ConnId, out: FsmAction[]): FsmState {
  out.push({ type: 'send', conn, message: buildOpen(s.config) });
  return { ...s, conn };
}

/** Event 19 in OpenSent on the main connection. */
function acceptOpen(current: FsmState, conn: ConnId, open: OpenMessage, now: number, out: FsmAction[]): FsmState {
  let s = current;
  if (s.collision?.open) {
    // Both connections have the peer's OPEN now: resolve first, then go on with the survivor.
    s = resolveCollision(s, s.collision.open.bgpId, now, out);
    if (s.conn !== conn) return s;
  }
  const result = negotiate(s.config, open);
  if (!result.ok) {
    out.push({ type: 'send', conn, message: result.notification });
    return reset(s, now, out, { kind: 'notification-sent', ...notificationInfo(result.notification) });
  }
  const { negotiated } = result;
  out.push({ type: 'send', conn, message: { type: 'keepalive' } });
  const timers: Timers = { hold: after(now, negotiated.holdTime), keepalive: after(now, negotiated.keepaliveTime) };
  return { ...s, state: 'OpenConfirm', negotiated, timers };
}

/** Events on the second connection of a collision. */
function collisionEvent(s: FsmState, e: FsmEvent & { conn: ConnId }, now: number, out: FsmAction[]): FsmState {
  const collision = s.collision!;
  switch (e.type) {
    case 'Tcp_CR_Acked':
      // Our attempt connected after all: it joins the race with our OPEN.
      if (!collision.pending) return s;
      out.push({ type: 'send', conn: e.conn, message: buildOpen(s.config) });
      return { ...s, collision: { conn: e.conn } };
    case 'BGPOpen': {
      if (collision.pending) {
        out.push({ type: 'close', conn: e.conn });
        return { ...s, collision: undefined };
      }
      const withOpen: FsmState = { ...s, collision: { ...collision, open: e.open } };
      return resolveCollision(withOpen, e.open.bgpId, now, out);
    }
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'UpdateMsgErr':
      // Nothing can be read on an attempt that has not connected; should it, just drop it.
      if (!collision.pending) out.push({ type: 'send', conn: e.conn, message: e.notification });
      out.push({ type: 'close', conn: e.conn });
      return { ...s, collision: undefined };
    case 'NotifMsg':
    case 'TcpConnectionFails':
      out.push({ type: 'close', conn: e.conn });
      return { ...s, collision: undefined };
    default:
      // KEEPALIVE (the peer answering our OPEN) and the rest wait for the resolution.
      return s;
  }
}

/**
 * §6.8: keep the connection opened by the speaker with the higher BGP Identifier. Two
 * connections in the same direction mean the peer gave up on the older one: keep the newer.
 */
function resolveCollision(s: FsmState, peerBgpId: number, now: number, out: FsmAction[]): FsmState {
  const collision = s.collision!;
  const mainDir = directionOf(s.conn!);
  const keepDir = s.config.routerId > peerBgpId ? 'outgoing' : 'incoming';
  const keepNew = directionOf(collision.conn) === mainDir || directionOf(collision.conn) === keepDir;
  if (!keepNew) {
    out.push(...cease(collision, CEASE_CONNECTION_COLLISION_RESOLUTION));
    return { ...s, collision: undefined };
  }
  out.push(...cease({ conn: s.conn! }, CEASE_CONNECTION_COLLISION_RESOLUTION));
  return promoteCollision(s, now, out);
}

/** The second connection replaces the main one (in OpenSent, its OPEN already sent). */
function promoteCollision(s: FsmState, now: number, out: FsmAction[]): FsmState {
  const { conn, open, pending } = s.collision!;
  if (pending) {
    // Only our attempt is left: back to waiting for it to connect.
    const timers: Timers = { connectRetry: after(now, s.config.connectRetrySeconds) };
    return { ...s, state: 'Connect', conn, collision: undefined, negotiated: undefined, timers };
  }
  const promoted: FsmState = {
    ...s, state: 'OpenSent', conn, collision: undefined, negotiated: undefined, timers: { hold: after(now, OPEN_HOLD_SECONDS) },
  };
  return open ? acceptOpen(promoted, conn, open, now, out) : promoted;
}

/** A message that is not allowed in this state: FSM Error (RFC 6608 subcodes). */
function unexpected(s: FsmState, conn: ConnId, now: number, out: FsmAction[]): FsmState {
  const subcode =
    s.state === 'OpenSent' ? FSM_UNEXPECTED_IN_OPENSENT
    : s.state === 'OpenConfirm' ? FSM_UNEXPECTED_IN_OPENCONFIRM
    : s.state === 'Established' ? FSM_UNEXPECTED_IN_ESTABLISHED
    : 0;
  const message = notification(ERR_FSM, subcode);
  out.push({ type: 'send', conn, message });
  return reset(s, now, out, { kind: 'notification-sent', ...notificationInfo(message) });
}

/**
 * Drops the main connection after a failure. If a second connection is still being opened,
 * it carries on (the peer may have closed ours to resolve the same collision); otherwise the
 * session goes Idle and, while started, restarts after the idle hold time.
 */
function reset(s: FsmState, now: number, out: FsmAction[], reason: PeerDownReason): FsmState {
  if (s.conn !== undefined) out.push({ type: 'close', conn: s.conn });
  out.push({ type: s.state === 'Established' ? 'down' : 'attempt-failed', reason });
  if (s.collision && s.state !== 'Established') return promoteCollision(s, now, out);
  if (s.collision) out.push({ type: 'close', conn: s.collision.conn });
  return {
    ...s,
    state: 'Idle',
    conn: undefined,
    collision: undefined,
    negotiated: undefined,
    connectRetryCounter: s.connectRetryCounter + 1,
    timers: s.started ? { idleHold: after(now, s.config.idleHoldSeconds) } : {},
  };
}

/** Cease on a connection and close it; an attempt that never connected is just dropped. */
function cease(c: { conn: ConnId; pending?: boolean }, subcode: number): FsmAction[] {
  const close: FsmAction = { type: 'close', conn: c.conn };
  return c.pending ? [close] : [{ type: 'send', conn: c.conn, message: notification(ERR_CEASE, subcode) }, close];
}

function isOpen(state: SessionState): boolean {
  return state === 'OpenSent' || state === 'OpenConfirm' || state === 'Established';
}

function retryTimer(s: FsmState, now: number): Timers {
  return s.config.passive ? {} : { connectRetry: after(now, s.config.connectRetrySeconds) };
}

function holdDeadline(s: FsmState, now: number): number | undefined {
  return after(now, s.negotiated?.holdTime ?? 0);
}

/** `now + seconds`, or no timer for 0 seconds (a hold time of 0 disables both timers). */
function after(now: number, seconds: number): number | undefined {
  return seconds > 0 ? now + seconds * 1000 : undefined;
}

/** Exhaustiveness guard of the `switch`es above. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
