/** Exactly sized arrays for the few-paths-per-prefix lists the RIBs keep a million of. */

/**
 * A copy of `list` with `item` appended, sized exactly: `push` on an empty array reserves room
 * for 17 elements, which at a million destinations is over 100 MB of empty slots.
 */
export function appendExact<T>(list: readonly T[], item: T): T[] {
  if (list.length === 0) return [item];
  const out = list.slice();
  out.push(item);
  return out;
}
