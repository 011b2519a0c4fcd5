/**
 * Path attribute list decoding with RFC 7606 error handling. Each attribute is
 *   Flags(1) | Type Code(1) | Length(1, or 2 with the Extended Length flag) | Value
 * (RFC 4271 §4.3). A malformed attribute is classified as RFC 7606 §2 says:
 *   treat-as-withdraw — ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF, COMMUNITIES,
 *     ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES, LARGE_COMMUNITIES, a missing
 *     well-known attribute, an attribute list overrunning its length (§4);
 *   attribute-discard — ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH, AS4_AGGREGATOR (RFC 6793 §6),
 *     a repeated attribute (§3 g);
 *   session reset — MP_REACH_NLRI / MP_UNREACH_NLRI that cannot be parsed or appear twice
 *     (§3 g, §7.11), an unrecognized well-known attribute (RFC 4271 §6.3).
 */
import { asn, routeTargetFromFields, type Ipv4Address } from '../types/index.js';
import { decodeAsPath, AsPathError } from './as-path.js';
import * as C from './constants.js';
import { BgpDecodeError } from './errors.js';
import { decodeMpReach, decodeMpUnreach, MpError } from './mp-nlri.js';
import {
  ERR_UPDATE_MESSAGE,
  UPD_ATTRIBUTE_FLAGS_ERROR,
  UPD_ATTRIBUTE_LENGTH_ERROR,
  UPD_INVALID_ORIGIN_ATTRIBUTE,
  UPD_MALFORMED_AS_PATH,
  UPD_MALFORMED_ATTRIBUTE_LIST,
  UPD_OPTIONAL_ATTRIBUTE_ERROR,
  UPD_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
} from './notification-codes.js';
import type { AttributeAction, AttributeProblem, CodecContext, ExtendedCommunity, LargeCommunity, Origin, PathAttributes, RawAttribute } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One malformed attribute: what RFC 7606 says to do and the subcode to log. */
class AttrError extends Error {
  constructor(
    readonly subcode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Expected Optional and Transitive bits, and the RFC 7606 action, per known attribute. */
const KNOWN: Record<number, { flags: number; action: AttributeAction | 'session-reset' }> = {
  [C.ATTR_ORIGIN]: { flags: C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_AS_PATH]: { flags: C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_NEXT_HOP]: { flags: C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_MULTI_EXIT_DISC]: { flags: C.FLAG_OPTIONAL, action: 'treat-as-withdraw' },
  [C.ATTR_LOCAL_PREF]: { flags: C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_ATOMIC_AGGREGATE]: { flags: C.FLAG_TRANSITIVE, action: 'attribute-discard' },
  [C.ATTR_AGGREGATOR]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'attribute-discard' },
  [C.ATTR_COMMUNITIES]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_ORIGINATOR_ID]: { flags: C.FLAG_OPTIONAL, action: 'treat-as-withdraw' },
  [C.ATTR_CLUSTER_LIST]: { flags: C.FLAG_OPTIONAL, action: 'treat-as-withdraw' },
  [C.ATTR_MP_REACH_NLRI]: { flags: C.FLAG_OPTIONAL, action: 'session-reset' },
  [C.ATTR_MP_UNREACH_NLRI]: { flags: C.FLAG_OPTIONAL, action: 'session-reset' },
  [C.ATTR_EXTENDED_COMMUNITIES]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
  [C.ATTR_AS4_PATH]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'attribute-discard' },
  [C.ATTR_AS4_AGGREGATOR]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'attribute-discard' },
  [C.ATTR_LARGE_COMMUNITIES]: { flags: C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE, action: 'treat-as-withdraw' },
};

/** Result of decoding an attribute list. */
export interface DecodedAttributes {
  attributes: PathAttributes;
  problems: AttributeProblem[];
  treatAsWithdraw: boolean;
}

/** The bytes of one attribute (header included), for NOTIFICATION data fields. */
function attributeBytes(buf: Buffer, start: number, end: number): Buffer {
  return Buffer.from(buf.subarray(start, end));
}

/** Decodes the attributes in `buf[start, end)`. Throws BgpDecodeError only for session-reset cases. */
export function decodeAttributes(buf: Buffer, start: number, end: number, ctx: CodecContext): DecodedAttributes {
  const a: Mutable<PathAttributes> = {};
  const problems: AttributeProblem[] = [];
  let treatAsWithdraw = false;
  const seen = new Set<number>();
  let unknown: RawAttribute[] | undefined;
  const order: number[] = [];
  let ascending = true;
  let p = start;
  while (p < end) {
    // RFC 7606 §4: a header or length overrunning the list → treat-as-withdraw, stop here.
    const flags = buf[p];
    const headerLength = flags & C.FLAG_EXTENDED_LENGTH ? 4 : 3;
    if (p + headerLength > end) {
      problems.push({ action: 'treat-as-withdraw', attribute: 0, subcode: UPD_MALFORMED_ATTRIBUTE_LIST, reason: 'attribute header runs past the attribute list' });
      treatAsWithdraw = true;
      break;
    }
    const code = buf[p + 1];
    const length = headerLength === 4 ? buf.readUInt16BE(p + 2) : buf[p + 2];
    const v = p + headerLength;
    const vEnd = v + length;
    if (vEnd > end) {
      if (code === C.ATTR_MP_REACH_NLRI || code === C.ATTR_MP_UNREACH_NLRI) {
        throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(buf, p, end), `attribute ${code} runs past the attribute list`);
      }
      problems.push({ action: 'treat-as-withdraw', attribute: code, subcode: UPD_ATTRIBUTE_LENGTH_ERROR, reason: `attribute ${code} runs past the attribute list` });
      treatAsWithdraw = true;
      break;
    }
    const attrStart = p;
    p = vEnd;
    const known = KNOWN[code];
    if (!known && !(flags & C.FLAG_OPTIONAL)) {
      throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, attributeBytes(buf, attrStart, vEnd), `attribute ${code}`);
    }
    if (seen.has(code)) {
      // RFC 7606 §3 g: repeated MP attributes reset the session, other repeats are dropped.
      if (known?.action === 'session-reset') {
        throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_MALFORMED_ATTRIBUTE_LIST, Buffer.alloc(0), `attribute ${code} repeated`);
      }
      problems.push({ action: 'attribute-discard', attribute: code, subcode: UPD_MALFORMED_ATTRIBUTE_LIST, reason: `attribute ${code} repeated` });
      continue;
    }
    seen.add(code);
    if (order.length > 0 && order[order.length - 1] > code) ascending = false;
    order.push(code);
    if (!known) {
      (unknown ??= []).push({ flags: flags & ~C.FLAG_EXTENDED_LENGTH, code, value: Buffer.from(buf.subarray(v, vEnd)) });
      continue;
    }
    try {
      if ((flags & (C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE)) !== known.flags) {
        throw new AttrError(UPD_ATTRIBUTE_FLAGS_ERROR, `attribute ${code} flags 0x${flags.toString(16)}`);
      }
      decodeKnown(a, code, buf, v, vEnd, ctx);
    } catch (err) {
      if (!(err instanceof AttrError)) throw err;
      if (known.action === 'session-reset') {
        throw new BgpDecodeError(ERR_UPDATE_MESSAGE, UPD_OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(buf, attrStart, vEnd), err.message);
      }
      problems.push({ action: known.action, attribute: code, subcode: err.subcode, reason: err.message });
      if (known.action === 'treat-as-withdraw') treatAsWithdraw = true;
    }
  }
  if (unknown) a.unknown = unknown;
  if (!ascending) a.order = order;
  return { attributes: a, problems, treatAsWithdraw };
}

function exactLength(code: number, n: number, want: number): void {
  if (n !== want) throw new AttrError(UPD_ATTRIBUTE_LENGTH_ERROR, `attribute ${code} length ${n}, want ${want}`);
}

function multipleLength(code: number, n: number, unit: number): void {
  // RFC 7606 §7.8, §7.14, RFC 8092 §6: a non-zero multiple of the element size.
  if (n === 0 || n % unit !== 0) throw new AttrError(UPD_OPTIONAL_ATTRIBUTE_ERROR, `attribute ${code} length ${n}, want a non-zero multiple of ${unit}`);
}

const ORIGINS: readonly Origin[] = ['igp', 'egp', 'incomplete'];

function decodeKnown(a: Mutable<PathAttributes>, code: number, buf: Buffer, v: number, end: number, ctx: CodecContext): void {
  const n = end - v;
  switch (code) {
    case C.ATTR_ORIGIN: {
      exactLength(code, n, 1);
      const origin = ORIGINS[buf[v]];
      if (origin === undefined) throw new AttrError(UPD_INVALID_ORIGIN_ATTRIBUTE, `ORIGIN ${buf[v]}`);
      a.origin = origin;
      return;
    }
    case C.ATTR_AS_PATH:
    case C.ATTR_AS4_PATH:
      try {
        const segments = decodeAsPath(buf, v, end, code === C.ATTR_AS4_PATH || ctx.fourOctetAs);
        if (code === C.ATTR_AS_PATH) a.asPath = segments;
        else a.as4Path = segments;
      } catch (err) {
        if (err instanceof AsPathError) {
          throw new AttrError(code === C.ATTR_AS_PATH ? UPD_MALFORMED_AS_PATH : UPD_OPTIONAL_ATTRIBUTE_ERROR, err.message);
        }
        throw err;
      }
      return;
    case C.ATTR_NEXT_HOP:
      exactLength(code, n, 4);
      a.nextHop = buf.readUInt32BE(v) as Ipv4Address;
      return;
    case C.ATTR_MULTI_EXIT_DISC:
      exactLength(code, n, 4);
      a.med = buf.readUInt32BE(v);
      return;
    case C.ATTR_LOCAL_PREF:
      exactLength(code, n, 4);
      a.localPref = buf.readUInt32BE(v);
      return;
    case C.ATTR_ATOMIC_AGGREGATE:
      exactLength(code, n, 0);
      a.atomicAggregate = true;
      return;
    case C.ATTR_AGGREGATOR: {
      const width = ctx.fourOctetAs ? 4 : 2;
      exactLength(code, n, width + 4);
      a.aggregator = {
        asn: asn(width === 4 ? buf.readUInt32BE(v) : buf.readUInt16BE(v)),
        address: buf.readUInt32BE(v + width) as Ipv4Address,
      };
      return;
    }
    case C.ATTR_AS4_AGGREGATOR:
      exactLength(code, n, 8);
      a.as4Aggregator = { asn: asn(buf.readUInt32BE(v)), address: buf.readUInt32BE(v + 4) as Ipv4Address };
      return;
    case C.ATTR_COMMUNITIES: {
      multipleLength(code, n, 4);
      const out: number[] = new Array(n / 4);
      for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32BE(v + 4 * i);
      a.communities = out;
      return;
    }
    case C.ATTR_ORIGINATOR_ID:
      exactLength(code, n, 4);
      a.originatorId = buf.readUInt32BE(v) as Ipv4Address;
      return;
    case C.ATTR_CLUSTER_LIST: {
      multipleLength(code, n, 4);
      const out: Ipv4Address[] = new Array(n / 4);
      for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32BE(v + 4 * i) as Ipv4Address;
      a.clusterList = out;
      return;
    }
    case C.ATTR_EXTENDED_COMMUNITIES: {
      multipleLength(code, n, 8);
      const out: ExtendedCommunity[] = [];
      for (let p = v; p < end; p += 8) out.push(decodeExtendedCommunity(buf, p));
      a.extendedCommunities = out;
      return;
    }
    case C.ATTR_LARGE_COMMUNITIES: {
      multipleLength(code, n, 12);
      const out: LargeCommunity[] = [];
      for (let p = v; p < end; p += 12) {
        out.push({ globalAdmin: buf.readUInt32BE(p), local1: buf.readUInt32BE(p + 4), local2: buf.readUInt32BE(p + 8) });
      }
      a.largeCommunities = out;
      return;
    }
    case C.ATTR_MP_REACH_NLRI:
    case C.ATTR_MP_UNREACH_NLRI:
      try {
        if (code === C.ATTR_MP_REACH_NLRI) a.mpReach = decodeMpReach(buf, v, end);
        else a.mpUnreach = decodeMpUnreach(buf, v, end);
      } catch (err) {
        if (err instanceof MpError) throw new AttrError(UPD_OPTIONAL_ATTRIBUTE_ERROR, err.message);
        throw err;
      }
      return;
  }
}

/**
 * RFC 4360 §4 / RFC 5668: route targets are transitive types 0x00 (2-octet AS), 0x01 (IPv4)
 * and 0x02 (4-octet AS) with sub-type 0x02. Everything else is kept as its 8 bytes.
 */
function decodeExtendedCommunity(buf: Buffer, p: number): ExtendedCommunity {
  const type = buf[p];
  if (buf[p + 1] === 0x02 && type <= 0x02) {
    const assigned = type === 0 ? buf.readUInt32BE(p + 4) : buf.readUInt16BE(p + 6);
    const admin = type === 0 ? buf.readUInt16BE(p + 2) : buf.readUInt32BE(p + 2);
    return { type: 'route-target', routeTarget: routeTargetFromFields(type, admin, assigned) };
  }
  return { type: 'raw', value: Buffer.from(buf.subarray(p, p + 8)) };
}
