/**
 * OPEN (RFC 4271 §4.2), with optional parameters of type 2 carrying capabilities (RFC 5492)
 * and the RFC 9072 extended optional parameters length:
 *
 *   Version(1) | My Autonomous System(2) | Hold Time(2) | BGP Identifier(4) |
 *   Opt Parm Len(1) | Optional Parameters: Type(1) Length(1) Value...
 *
 * Decoding accepts any grouping of capabilities into parameters.
 */
import { type Ipv4Address } from '../types/index.js';
import { BGP_VERSION, MSG_OPEN, OPT_PARAM_CAPABILITIES } from './constants.js';
import { CapabilityError, decodeCapability, encodeCapability } from './capabilities.js';
import { BgpDecodeError, u16Data } from './errors.js';
import { patchHeader, writeHeader } from './header.js';
import {
  ERR_MESSAGE_HEADER,
  ERR_OPEN_MESSAGE,
  HDR_BAD_MESSAGE_LENGTH,
  OPEN_BAD_BGP_IDENTIFIER,
  OPEN_UNACCEPTABLE_HOLD_TIME,
  OPEN_UNSUPPORTED_OPTIONAL_PARAMETER,
  OPEN_UNSUPPORTED_VERSION_NUMBER,
} from './notification-codes.js';
import { Reader, TruncatedError } from './reader.js';
import type { Capability, OpenMessage } from './types.js';
import { Writer } from './writer.js';

/** Decodes the body of an OPEN (`r` positioned after the header, bounded by the message). */
export function decodeOpen(r: Reader, length: number): OpenMessage {
  if (r.remaining < 10) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(length));
  const version = r.u8();
  if (version !== BGP_VERSION) {
    throw new BgpDecodeError(ERR_OPEN_MESSAGE, OPEN_UNSUPPORTED_VERSION_NUMBER, u16Data(BGP_VERSION), `version ${version}`);
  }
  const myAsn = r.u16();
  const holdTime = r.u16();
  // RFC 4271 §6.2: a hold time of one or two seconds MUST be rejected.
  if (holdTime === 1 || holdTime === 2) {
    throw new BgpDecodeError(ERR_OPEN_MESSAGE, OPEN_UNACCEPTABLE_HOLD_TIME, Buffer.alloc(0), `hold time ${holdTime}`);
  }
  const bgpId = r.u32() as Ipv4Address;
  // RFC 6286 §2.2: any non-zero identifier is valid.
  if (bgpId === 0) throw new BgpDecodeError(ERR_OPEN_MESSAGE, OPEN_BAD_BGP_IDENTIFIER, Buffer.alloc(0), 'BGP identifier 0');
  const capabilities: Capability[] = [];
  try {
    let paramsLength = r.u8();
    let wide = false;
    // RFC 9072 §2: Opt Parm Len 255 followed by Type 255 announces 2-octet lengths.
    if (paramsLength === 255 && r.remaining > 0 && r.buf[r.pos] === 255) {
      r.skip(1);
      paramsLength = r.u16();
      wide = true;
    }
    if (paramsLength !== r.remaining) throw new CapabilityError(`optional parameters length ${paramsLength}`);
    while (r.remaining > 0) {
      const paramType = r.u8();
      const paramLength = wide ? r.u16() : r.u8();
      const param = r.sub(paramLength);
      if (paramType !== OPT_PARAM_CAPABILITIES) {
        throw new BgpDecodeError(ERR_OPEN_MESSAGE, OPEN_UNSUPPORTED_OPTIONAL_PARAMETER, Buffer.alloc(0), `parameter ${paramType}`);
      }
      while (param.remaining > 0) {
        const code = param.u8();
        const capLength = param.u8();
        capabilities.push(decodeCapability(code, param.sub(capLength)));
      }
    }
  } catch (err) {
    if (err instanceof TruncatedError || err instanceof CapabilityError) {
      // RFC 4271 §6.2: no subcode fits a malformed parameter list; 0 is "Unspecific".
      throw new BgpDecodeError(ERR_OPEN_MESSAGE, 0, Buffer.alloc(0), err.message);
    }
    throw err;
  }
  return { type: 'open', version, myAsn, holdTime, bgpId, capabilities };
}

/** Encodes a whole OPEN message. */
export function encodeOpen(msg: OpenMessage): Buffer {
  const w = new Writer(128);
  const at = writeHeader(w, MSG_OPEN);
  w.u8(msg.version).u16(msg.myAsn).u16(msg.holdTime).u32(msg.bgpId);
  // All capabilities in one optional parameter, as GoBGP and FRR send them; a new parameter
  // starts only when one would exceed its 255-byte length field.
  const caps = msg.capabilities.map((cap) => {
    const c = new Writer(16);
    encodeCapability(c, cap);
    return c.finish();
  });
  const params = new Writer(128);
  let i = 0;
  while (i < caps.length) {
    params.u8(OPT_PARAM_CAPABILITIES);
    const len = params.reserve(1);
    let size = 0;
    while (i < caps.length && size + caps[i].length <= 255) {
      params.bytes(caps[i]);
      size += caps[i].length;
      i++;
    }
    if (size === 0) throw new RangeError('capability longer than 255 bytes');
    params.patchLength(len, 1);
  }
  const body = params.finish();
  if (body.length > 255) throw new RangeError('OPEN optional parameters longer than 255 bytes');
  w.u8(body.length).bytes(body);
  patchHeader(w, at);
  return w.finish();
}
