/**
 * The original's response envelope: `{"id": "<dpid, 16 digits>", "time": "YYYY/MM/DD HH:MM:SS",
 * <key>: ...}` — and the datapath id of the path, parsed once.
 */
import { HttpError } from './http-error.js';

/** Parses the `{dpid}` path segment: exactly 16 hex digits. */
export function parseDpid(text: string): bigint {
  if (!/^[0-9a-fA-F]{16}$/.test(text)) throw new HttpError(404, `invalid datapath id "${text}" (16 hex digits)`);
  return BigInt(`0x${text}`);
}

/** A dpid as 16 hex digits. */
export function formatDpid(dpid: bigint): string {
  return dpid.toString(16).padStart(16, '0');
}

/** Local time as the original printed it (`strftime("%Y/%m/%d %H:%M:%S")`). */
export function formatTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}/${two(date.getMonth() + 1)}/${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** Wraps `value` under `key` with the id and time. */
export function envelope(dpid: bigint, key: string, value: unknown, now: Date = new Date()): Record<string, unknown> {
  return { id: formatDpid(dpid), time: formatTime(now), [key]: value };
}
