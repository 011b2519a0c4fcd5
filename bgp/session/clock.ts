/**
 * Clocks for the session shell: the real one, and a manual one that tests advance by hand so
 * that hold and keepalive behaviour is checked without sleeping.
 */
import type { Clock, TimerHandle } from './types.js';

/** Wall-clock time (monotonic `performance.now()`) and Node timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, Math.max(0, ms));
    // A session's timer alone must not keep a process alive.
    t.unref();
    return t;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface ManualTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** A clock that only moves when told to; due timers run, in deadline order, inside `advance`. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<ManualTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as ManualTimer);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let first: ManualTimer | undefined;
      for (const t of this.timers) {
        if (t.at <= end && (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
      }
      if (!first) break;
      this.timers.delete(first);
      this.time = Math.max(this.time, first.at);
      first.fn();
    }
    this.time = end;
  }
}
