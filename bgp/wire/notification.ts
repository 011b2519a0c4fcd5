/**
 * NOTIFICATION (RFC 4271 §4.5): Error code(1) | Error subcode(1) | Data(variable).
 * Cease / Administrative Shutdown and Administrative Reset may carry a shutdown communication
 * (RFC 8203, updated by RFC 9003): Length(1) | UTF-8 message (up to 255 octets).
 */
import { MSG_NOTIFICATION } from './constants.js';
import { BgpDecodeError, u16Data } from './errors.js';
import { patchHeader, writeHeader } from './header.js';
import { CEASE_ADMIN_RESET, CEASE_ADMIN_SHUTDOWN, ERR_CEASE, ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH } from './notification-codes.js';
import type { Reader } from './reader.js';
import type { NotificationMessage } from './types.js';
import { Writer } from './writer.js';

function carriesShutdownCommunication(code: number, subcode: number): boolean {
  return code === ERR_CEASE && (subcode === CEASE_ADMIN_SHUTDOWN || subcode === CEASE_ADMIN_RESET);
}

/** Decodes the body of a NOTIFICATION. */
export function decodeNotification(r: Reader, length: number): NotificationMessage {
  if (r.remaining < 2) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length));
  const code = r.u8();
  const subcode = r.u8();
  const data = r.bytes(r.remaining);
  if (carriesShutdownCommunication(code, subcode) && data.length >= 1) {
    const n = data[0];
    // RFC 8203 §2: a length running past the data means there is no usable communication.
    if (n > 0 && 1 + n <= data.length) {
      return { type: 'notification', code, subcode, data, shutdownMessage: data.toString('utf8', 1, 1 + n) };
    }
  }
  return { type: 'notification', code, subcode, data };
}

/** Encodes a whole NOTIFICATION. */
export function encodeNotification(msg: NotificationMessage): Buffer {
  const w = new Writer(64);
  const at = writeHeader(w, MSG_NOTIFICATION);
  w.u8(msg.code).u8(msg.subcode);
  if (msg.data.length > 0) {
    w.bytes(msg.data);
  } else if (msg.shutdownMessage !== undefined && carriesShutdownCommunication(msg.code, msg.subcode)) {
    const text = truncateUtf8(msg.shutdownMessage, 255);
    w.u8(text.length).bytes(text);
  }
  patchHeader(w, at);
  return w.finish();
}

/** UTF-8 bytes of `s`, cut to at most `max` bytes without splitting a character. */
function truncateUtf8(s: string, max: number): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end] & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}
