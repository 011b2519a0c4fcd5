/**
 * ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2): AFI(2) | Message Subtype(1) | SAFI(1).
 * Subtype 0 is a plain refresh request, 1 BoRR and 2 EoRR; the receiver ignores others.
 */
import { MSG_ROUTE_REFRESH } from './constants.js';
import { BgpDecodeError } from './errors.js';
import { patchHeader, writeHeader } from './header.js';
import { ERR_ROUTE_REFRESH_MESSAGE, RR_INVALID_MESSAGE_LENGTH } from './notification-codes.js';
import type { Reader } from './reader.js';
import type { RouteRefreshMessage } from './types.js';
import { Writer } from './writer.js';

/** Decodes the body of a ROUTE-REFRESH; `frame` is the whole message (RFC 7313 §5 echoes it). */
export function decodeRouteRefresh(r: Reader, frame: Buffer): RouteRefreshMessage {
  if (r.remaining !== 4) {
    throw new BgpDecodeError(ERR_ROUTE_REFRESH_MESSAGE, RR_INVALID_MESSAGE_LENGTH, Buffer.from(frame), `body length ${r.remaining}`);
  }
  const afi = r.u16();
  const subtype = r.u8();
  return { type: 'route-refresh', afi, subtype, safi: r.u8() };
}

/** Encodes a whole ROUTE-REFRESH. */
export function encodeRouteRefresh(msg: RouteRefreshMessage): Buffer {
  const w = new Writer(23);
  const at = writeHeader(w, MSG_ROUTE_REFRESH);
  w.u16(msg.afi).u8(msg.subtype).u8(msg.safi);
  patchHeader(w, at);
  return w.finish();
}
