/**
 * Liveness of a switch connection, as a pure state machine (no timers, no sockets): the
 * connection feeds it events with the current time and performs the actions it returns.
 *
 * Rule (the same as OVS's rconn probe): any message from the switch proves it alive. After
 * `intervalMs` of silence we send ECHO_REQUEST; if the switch then stays silent for
 * `timeoutMs` more, it is declared dead and the connection is dropped. The switch's own
 * ECHO_REQUESTs are answered by the connection directly (they are just messages here).
 */

/** Keepalive timing. */
export interface KeepaliveConfig {
  /** Silence before we probe with ECHO_REQUEST. */
  readonly intervalMs: number;
  /** Further silence after the probe before the switch is declared dead. */
  readonly timeoutMs: number;
}

/** Keepalive state. */
export interface KeepaliveState {
  /** When the switch last sent anything. */
  readonly lastRx: number;
  /** When our outstanding probe went out, if one is outstanding. */
  readonly probeSentAt: number | undefined;
}

/** What happened. */
export type KeepaliveEvent =
  /** A message arrived from the switch. */
  | { readonly kind: 'received' }
  /** A timer fired (or any moment the shell wants the machine to look at the clock). */
  | { readonly kind: 'tick' };

/** What to do. */
export type KeepaliveAction =
  | { readonly kind: 'send-echo' }
  | { readonly kind: 'dead'; readonly silentMs: number };

/** Result of one step: the next state, actions, and when to tick next. */
export interface KeepaliveStep {
  readonly next: KeepaliveState;
  readonly actions: readonly KeepaliveAction[];
  /** Absolute time at which the shell should deliver the next `tick`. */
  readonly wakeAt: number;
}

/** Initial state for a connection that just opened. */
export function initialKeepalive(now: number): KeepaliveState {
  return { lastRx: now, probeSentAt: undefined };
}

/** Advances the keepalive machine. */
export function stepKeepalive(config: KeepaliveConfig, state: KeepaliveState, event: KeepaliveEvent, now: number): KeepaliveStep {
  switch (event.kind) {
    case 'received': {
      const next = { lastRx: now, probeSentAt: undefined };
      return { next, actions: [], wakeAt: wakeAt(config, next) };
    }
    case 'tick': {
      if (state.probeSentAt !== undefined) {
        if (now - state.probeSentAt >= config.timeoutMs) {
          return { next: state, actions: [{ kind: 'dead', silentMs: now - state.lastRx }], wakeAt: Infinity };
        }
        return { next: state, actions: [], wakeAt: wakeAt(config, state) };
      }
      if (now - state.lastRx >= config.intervalMs) {
        const next = { lastRx: state.lastRx, probeSentAt: now };
        return { next, actions: [{ kind: 'send-echo' }], wakeAt: wakeAt(config, next) };
      }
      return { next: state, actions: [], wakeAt: wakeAt(config, state) };
    }
    default:
      return assertNever(event);
  }
}

function wakeAt(config: KeepaliveConfig, state: KeepaliveState): number {
  return state.probeSentAt !== undefined ? state.probeSentAt + config.timeoutMs : state.lastRx + config.intervalMs;
}

function assertNever(x: never): never {
  throw new Error(`unexpected event ${JSON.stringify(x)}`);
}
