/**
 * RFC 4271 §4.1 message header:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           Marker (16 octets, all ones)        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Length               |      Type     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { BGP_HEADER_LEN } from './constants.js';
import { BgpDecodeError, u16Data } from './errors.js';
import { ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, HDR_CONNECTION_NOT_SYNCHRONIZED } from './notification-codes.js';
import type { Writer } from './writer.js';

/** A decoded header. */
export interface BgpHeader {
  readonly length: number;
  readonly type: number;
}

/**
 * Checks the marker and the length bounds of the header at `buf[at]` (which must hold 19 bytes).
 * Throws BgpDecodeError with the Message Header Error subcodes.
 */
export function readHeader(buf: Buffer, at = 0, maxLength = 4096): BgpHeader {
  for (let i = 0; i < 16; i++) {
    if (buf[at + i] !== 0xff) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_CONNECTION_NOT_SYNCHRONIZED);
  }
  const length = buf.readUInt16BE(at + 16);
  if (length < BGP_HEADER_LEN || length > maxLength) {
    throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length), `length ${length}`);
  }
  return { length, type: buf[at + 18] };
}

/** Writes a header with a zero length; returns its offset for {@link patchHeader}. */
export function writeHeader(w: Writer, type: number): number {
  const at = w.pos;
  for (let i = 0; i < 4; i++) w.u32(0xffffffff);
  w.u16(0).u8(type);
  return at;
}

/** Sets the length of the message whose header starts at `at` to everything written since. */
export function patchHeader(w: Writer, at: number): number {
  const length = w.pos - at;
  w.setU16(at + 16, length);
  return length;
}
