/**
 * The FSM's timers are absolute deadlines in its state; these turn them into what the shell
 * needs: when to wake up, and which RFC 4271 §8.1.3 timer events are due.
 */
import type { FsmEvent, FsmState, Timers } from './fsm.js';

const TIMER_EVENTS = {
  connectRetry: 'ConnectRetryTimer_Expires',
  hold: 'HoldTimer_Expires',
  keepalive: 'KeepaliveTimer_Expires',
  idleHold: 'IdleHoldTimer_Expires',
} as const satisfies Record<keyof Timers, FsmEvent['type']>;

/** The earliest running timer's deadline, for the shell to wake up at. */
export function nextDeadline(s: FsmState): number | undefined {
  const deadlines = Object.values(s.timers).filter((d): d is number => d !== undefined);
  return deadlines.length ? Math.min(...deadlines) : undefined;
}

/** The expiry events of every timer due at `now`, earliest first. */
export function dueTimerEvents(s: FsmState, now: number): FsmEvent[] {
  return (Object.keys(TIMER_EVENTS) as (keyof Timers)[])
    .filter((k) => s.timers[k] !== undefined && s.timers[k]! <= now)
    .sort((a, b) => s.timers[a]! - s.timers[b]!)
    .map((k) => ({ type: TIMER_EVENTS[k] }));
}
