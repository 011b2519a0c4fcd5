/**
 * The codec's one error type. It carries the NOTIFICATION the session must send (RFC 7606
 * "session reset"); `toNotification()` is the single place a decode error becomes wire data.
 */
import { describeNotification } from './notification-codes.js';
import type { NotificationMessage } from './types.js';

/** A message that cannot be processed without resetting the session. */
export class BgpDecodeError extends Error {
  constructor(
    readonly code: number,
    readonly subcode: number,
    readonly data: Buffer = Buffer.alloc(0),
    detail?: string,
    options?: { cause?: unknown },
  ) {
    // `cause` is set only when an unexpected exception was caught and wrapped (a codec bug).
    super(`${describeNotification(code, subcode)}${detail ? `: ${detail}` : ''}`, options);
    this.name = 'BgpDecodeError';
  }

  /** The NOTIFICATION to send before closing the connection. */
  toNotification(): NotificationMessage {
    return { type: 'notification', code: this.code, subcode: this.subcode, data: this.data };
  }
}

/** Two-byte big-endian value, as the Bad Message Length data field wants. */
export function u16Data(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v & 0xffff);
  return b;
}
