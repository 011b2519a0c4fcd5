/**
 * Polling for tests: wait for something that happens asynchronously (a route reaching gobgpd,
 * a speaker event, a BMP message) without a fixed sleep.
 *
 * The budget is counted in tries, not wall-clock time, so a slow machine stretches the wait
 * rather than failing a check that did no work; each test's mocha timeout bounds the total.
 */

/** How long {@link until} keeps polling. */
export interface UntilOptions {
  /** How many times the probe runs before giving up; default 200. */
  readonly tries?: number;
  /** Pause between tries in milliseconds; default 100 (so the default budget is ~20 s). */
  readonly intervalMs?: number;
}

/**
 * Runs `probe` until it returns (or resolves to) something other than `undefined`, and resolves
 * to that value. `undefined` means "not yet"; any other value — including `false`, `0` or `''` —
 * ends the wait, so a probe that only signals readiness returns `true` or `undefined`.
 * An exception from `probe` is not retried: it fails the wait at once.
 *
 * @param what names the awaited thing for the error message.
 * @throws Error `timed out waiting for ${what}` after `tries` probes without a value.
 */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  options: UntilOptions = {},
): Promise<T> {
  const tries = options.tries ?? 200;
  const intervalMs = options.intervalMs ?? 100;
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
