/**
 * Whole-message encode and decode: one switch on the message type, each type's codec side by
 * side in its own file. Decoding throws only BgpDecodeError.
 */
import * as C from './constants.js';
import { BgpDecodeError, u16Data } from './errors.js';
import { readHeader } from './header.js';
import { decodeNotification, encodeNotification } from './notification.js';
import { ERR_MESSAGE_HEADER, ERR_UPDATE_MESSAGE, HDR_BAD_MESSAGE_LENGTH, HDR_BAD_MESSAGE_TYPE, UPD_MALFORMED_ATTRIBUTE_LIST } from './notification-codes.js';
import { decodeOpen, encodeOpen } from './open.js';
import { Reader, TruncatedError } from './reader.js';
import { decodeRouteRefresh, encodeRouteRefresh } from './route-refresh.js';
import type { BgpMessage, CodecContext, KeepaliveMessage } from './types.js';
import { decodeUpdate, encodeUpdate } from './update.js';

const KEEPALIVE_BYTES = Buffer.from([...new Array(16).fill(0xff), 0, C.BGP_HEADER_LEN, C.MSG_KEEPALIVE]);
const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'keepalive' });

/** Encodes any message. */
export function encodeMessage(msg: BgpMessage, ctx: CodecContext): Buffer {
  switch (msg.type) {
    case 'open':
      return encodeOpen(msg);
    case 'update':
      return encodeUpdate(msg, ctx);
    case 'notification':
      return encodeNotification(msg);
    case 'keepalive':
      return Buffer.from(KEEPALIVE_BYTES);
    case 'route-refresh':
      return encodeRouteRefresh(msg);
  }
}

/**
 * Decodes exactly one message, header included (as {@link BgpFramer} yields them). An UPDATE
 * with attribute errors that RFC 7606 lets the session survive comes back with
 * `treatAsWithdraw` / `problems`; everything else wrong throws BgpDecodeError.
 */
export function decodeMessage(frame: Buffer, ctx: CodecContext): BgpMessage {
  if (frame.length < C.BGP_HEADER_LEN) {
    throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(frame.length), 'shorter than a header');
  }
  const max = ctx.extendedMessage ? C.BGP_MAX_EXTENDED_MESSAGE_LEN : C.BGP_MAX_MESSAGE_LEN;
  const { length, type } = readHeader(frame, 0, max);
  if (length !== frame.length) {
    throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length), `header says ${length}, frame has ${frame.length}`);
  }
  const body = new Reader(frame, C.BGP_HEADER_LEN, length);
  try {
    switch (type) {
      case C.MSG_OPEN:
        return decodeOpen(body, length);
      case C.MSG_UPDATE:
        return decodeUpdate(frame, C.BGP_HEADER_LEN, length, ctx);
      case C.MSG_NOTIFICATION:
        return decodeNotification(body, length);
      case C.MSG_KEEPALIVE:
        // RFC 4271 §4.4: a KEEPALIVE is the header alone.
        if (length !== C.BGP_HEADER_LEN) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length));
        return KEEPALIVE;
      case C.MSG_ROUTE_REFRESH:
        return decodeRouteRefresh(body, frame);
      default:
        throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_TYPE, Buffer.from([type]), `type ${type}`);
    }
  } catch (err) {
    if (err instanceof BgpDecodeError) throw err;
    // Every field read is bounds-checked; anything else escaping is a codec bug, and the peer
    // still gets a well-formed NOTIFICATION rather than a crashed process.
    const detail = err instanceof Error ? err.message : String(err);
    const cause = { cause: err };
    if (err instanceof TruncatedError) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length), detail, cause);
    if (type === C.MSG_UPDATE) throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_MALFORMED_ATTRIBUTE_LIST, Buffer.alloc(0), detail, cause);
    throw new BgpDecodeError(ERR_MESSAGE_HEADER, 0, Buffer.alloc(0), detail, cause);
  }
}
