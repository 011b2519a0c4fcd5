/**
 * UPDATE (RFC 4271 §4.3):
 *
 *   Withdrawn Routes Length(2) | Withdrawn Routes | Total Path Attribute Length(2) |
 *   Path Attributes | Network Layer Reachability Information
 *
 * RFC 7606 §4: if the two lengths cannot both fit the message, the NLRI cannot be located and
 * the session is reset; a syntax error in the IPv4 NLRI or withdrawn fields resets it too (§5.3).
 */
import { decodeAttributes } from './attributes-decode.js';
import { encodeAttributes } from './attributes-encode.js';
import * as C from './constants.js';
import { BgpDecodeError, u16Data } from './errors.js';
import { patchHeader, writeHeader } from './header.js';
import { decodeIpv4Prefixes, encodeIpv4Prefix, NlriError } from './nlri.js';
import {
  ERR_MESSAGE_HEADER,
  ERR_UPDATE_MESSAGE,
  HDR_BAD_MESSAGE_LENGTH,
  UPD_INVALID_NETWORK_FIELD,
  UPD_MALFORMED_ATTRIBUTE_LIST,
  UPD_MISSING_WELL_KNOWN_ATTRIBUTE,
} from './notification-codes.js';
import type { AttributeProblem, CodecContext, Family, UpdateMessage } from './types.js';
import { Writer } from './writer.js';

/** Decodes an UPDATE body `frame[start, end)`. */
export function decodeUpdate(frame: Buffer, start: number, end: number, ctx: CodecContext): UpdateMessage {
  if (end - start < 4) throw new BgpDecodeError(ERR_MESSAGE_HEADER, HDR_BAD_MESSAGE_LENGTH, u16Data(end - start + C.BGP_HEADER_LEN));
  const withdrawnLength = frame.readUInt16BE(start);
  const wStart = start + 2;
  const wEnd = wStart + withdrawnLength;
  if (wEnd + 2 > end) throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_MALFORMED_ATTRIBUTE_LIST, Buffer.alloc(0), 'withdrawn routes length');
  const attrLength = frame.readUInt16BE(wEnd);
  const aStart = wEnd + 2;
  const aEnd = aStart + attrLength;
  if (aEnd > end) throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_MALFORMED_ATTRIBUTE_LIST, Buffer.alloc(0), 'total path attribute length');
  let withdrawn;
  let nlri;
  try {
    withdrawn = decodeIpv4Prefixes(frame, wStart, wEnd);
  } catch (err) {
    if (err instanceof NlriError) throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_MALFORMED_ATTRIBUTE_LIST, Buffer.alloc(0), err.message);
    throw err;
  }
  try {
    nlri = decodeIpv4Prefixes(frame, aEnd, end);
  } catch (err) {
    if (err instanceof NlriError) throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_INVALID_NETWORK_FIELD, Buffer.alloc(0), err.message);
    throw err;
  }
  const { attributes, problems, treatAsWithdraw } = decodeAttributes(frame, aStart, aEnd, ctx);
  let withdraw = treatAsWithdraw;
  // RFC 7606 §3 d: a missing well-known mandatory attribute → treat-as-withdraw. Only an
  // UPDATE that announces something needs them (RFC 4760 §4: MP_UNREACH alone needs none).
  const announces = nlri.length > 0 || (attributes.mpReach !== undefined);
  if (announces) {
    const missing: [number, string][] = [];
    if (attributes.origin === undefined) missing.push([C.ATTR_ORIGIN, 'ORIGIN']);
    if (attributes.asPath === undefined) missing.push([C.ATTR_AS_PATH, 'AS_PATH']);
    if (nlri.length > 0 && attributes.nextHop === undefined) missing.push([C.ATTR_NEXT_HOP, 'NEXT_HOP']);
    for (const [code, name] of missing) {
      if (problems.some((p) => p.attribute === code)) continue;
      problems.push({ action: 'treat-as-withdraw', attribute: code, subcode: UPD_MISSING_WELL_KNOWN_ATTRIBUTE, reason: `missing ${name}` });
      withdraw = true;
    }
  }
  const msg: { -readonly [K in keyof UpdateMessage]: UpdateMessage[K] } = { type: 'update', withdrawn, attributes, nlri };
  if (withdraw) msg.treatAsWithdraw = true;
  if (problems.length > 0) msg.problems = problems as readonly AttributeProblem[];
  return msg;
}

/** Encodes a whole UPDATE. Throws RangeError if it exceeds the message size limit. */
export function encodeUpdate(msg: UpdateMessage, ctx: CodecContext): Buffer {
  const w = new Writer(256);
  const at = writeHeader(w, C.MSG_UPDATE);
  const wl = w.reserve(2);
  for (const p of msg.withdrawn) encodeIpv4Prefix(w, p);
  w.patchLength(wl, 2);
  const al = w.reserve(2);
  encodeAttributes(w, msg.attributes, ctx);
  w.patchLength(al, 2);
  for (const p of msg.nlri) encodeIpv4Prefix(w, p);
  const length = patchHeader(w, at);
  const max = ctx.extendedMessage ? C.BGP_MAX_EXTENDED_MESSAGE_LEN : C.BGP_MAX_MESSAGE_LEN;
  if (length > max) throw new RangeError(`UPDATE of ${length} bytes exceeds ${max}`);
  return w.finish();
}

/**
 * The family an UPDATE marks the End-of-RIB of (RFC 4724 §2): an empty UPDATE for IPv4
 * unicast, or one holding only an empty MP_UNREACH_NLRI.
 */
export function endOfRibFamily(msg: UpdateMessage): Family | undefined {
  if (msg.withdrawn.length > 0 || msg.nlri.length > 0) return undefined;
  const keys = Object.keys(msg.attributes);
  if (keys.length === 0) return { afi: C.AFI_IPV4, safi: C.SAFI_UNICAST };
  const un = msg.attributes.mpUnreach;
  if (keys.length === 1 && un !== undefined && un.withdrawn.length === 0) return { afi: un.afi, safi: un.safi };
  return undefined;
}

/** The End-of-RIB marker UPDATE for a family. */
export function endOfRib(family: Family): UpdateMessage {
  if (family.afi === C.AFI_IPV4 && family.safi === C.SAFI_UNICAST) return { type: 'update', withdrawn: [], attributes: {}, nlri: [] };
  return {
    type: 'update',
    withdrawn: [],
    attributes: { mpUnreach: { kind: 'raw', afi: family.afi, safi: family.safi, withdrawn: Buffer.alloc(0) } },
    nlri: [],
  };
}
