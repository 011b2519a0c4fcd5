/**
 * Path attribute encoding, in type-code order (RFC 4271 §5 asks for ascending order), then
 * the unknown attributes in the order given. Values longer than 255 bytes get the Extended
 * Length flag (RFC 4271 §4.3). Toward a 2-octet peer (RFC 6793 §4.2.2) large ASNs become
 * AS_TRANS and, unless the caller supplied them, AS4_PATH / AS4_AGGREGATOR are added.
 */
import { AS_TRANS } from '../types/index.js';
import { buildAs4Path, encodeAsPath } from './as-path.js';
import * as C from './constants.js';
import { encodeMpReach, encodeMpUnreach } from './mp-nlri.js';
import type { Aggregator, CodecContext, ExtendedCommunity, PathAttributes } from './types.js';
import { Writer } from './writer.js';

const ORIGIN_CODES = { igp: 0, egp: 1, incomplete: 2 } as const;

/**
 * Writes one attribute: header with a 2-byte length placeholder first, shrunk to one byte
 * afterwards when the value fits (so the value is written only once).
 */
function attr(w: Writer, flags: number, code: number, body: (w: Writer) => void): void {
  const tmp = new Writer(64);
  body(tmp);
  const value = tmp.finish();
  if (value.length > 255) w.u8(flags | C.FLAG_EXTENDED_LENGTH).u8(code).u16(value.length);
  else w.u8(flags & ~C.FLAG_EXTENDED_LENGTH).u8(code).u8(value.length);
  w.bytes(value);
}

/** Writes one attribute whose value is produced in place (used for the big MP attributes). */
function attrExtended(w: Writer, flags: number, code: number, body: (w: Writer) => void): void {
  w.u8(flags | C.FLAG_EXTENDED_LENGTH).u8(code);
  const len = w.reserve(2);
  body(w);
  w.patchLength(len, 2);
}

const WT = C.FLAG_TRANSITIVE;
const OT = C.FLAG_OPTIONAL | C.FLAG_TRANSITIVE;
const ON = C.FLAG_OPTIONAL;

function writeAggregator(w: Writer, ag: Aggregator, fourOctet: boolean): void {
  if (fourOctet) w.u32(ag.asn);
  else w.u16(ag.asn > 0xffff ? AS_TRANS : ag.asn);
  w.u32(ag.address);
}

function writeExtendedCommunity(w: Writer, c: ExtendedCommunity): void {
  if (c.type === 'raw') {
    w.bytes(c.value);
    return;
  }
  const rt = c.routeTarget;
  w.u8(rt.type).u8(0x02);
  if (rt.type === 0) w.u16(rt.admin).u32(rt.assigned);
  else w.u32(rt.admin).u16(rt.assigned);
}

/** Options of {@link encodeAttributes}. */
export interface EncodeAttributesOptions {
  /** Leave MP_REACH_NLRI out (the bulk encoder writes it itself). */
  readonly skipMpReach?: boolean;
}

/** Writes all attributes of `a`. */
export function encodeAttributes(w: Writer, a: PathAttributes, ctx: CodecContext, options: EncodeAttributesOptions = {}): void {
  const four = ctx.fourOctetAs;
  if (a.origin !== undefined) attr(w, WT, C.ATTR_ORIGIN, (v) => v.u8(ORIGIN_CODES[a.origin!]));
  if (a.asPath !== undefined) attr(w, WT, C.ATTR_AS_PATH, (v) => encodeAsPath(v, a.asPath!, four));
  if (a.nextHop !== undefined) attr(w, WT, C.ATTR_NEXT_HOP, (v) => v.u32(a.nextHop!));
  if (a.med !== undefined) attr(w, ON, C.ATTR_MULTI_EXIT_DISC, (v) => v.u32(a.med!));
  if (a.localPref !== undefined) attr(w, WT, C.ATTR_LOCAL_PREF, (v) => v.u32(a.localPref!));
  if (a.atomicAggregate) attr(w, WT, C.ATTR_ATOMIC_AGGREGATE, () => {});
  if (a.aggregator !== undefined) attr(w, OT, C.ATTR_AGGREGATOR, (v) => writeAggregator(v, a.aggregator!, four));
  if (a.communities !== undefined) attr(w, OT, C.ATTR_COMMUNITIES, (v) => a.communities!.forEach((c) => v.u32(c)));
  if (a.originatorId !== undefined) attr(w, ON, C.ATTR_ORIGINATOR_ID, (v) => v.u32(a.originatorId!));
  if (a.clusterList !== undefined) attr(w, ON, C.ATTR_CLUSTER_LIST, (v) => a.clusterList!.forEach((c) => v.u32(c)));
  if (a.mpReach !== undefined && !options.skipMpReach) attrExtended(w, ON, C.ATTR_MP_REACH_NLRI, (v) => encodeMpReach(v, a.mpReach!));
  if (a.mpUnreach !== undefined) attrExtended(w, ON, C.ATTR_MP_UNREACH_NLRI, (v) => encodeMpUnreach(v, a.mpUnreach!));
  if (a.extendedCommunities !== undefined) {
    attr(w, OT, C.ATTR_EXTENDED_COMMUNITIES, (v) => a.extendedCommunities!.forEach((c) => writeExtendedCommunity(v, c)));
  }
  const as4Path = a.as4Path ?? (four || a.asPath === undefined ? undefined : buildAs4Path(a.asPath));
  if (as4Path !== undefined) attr(w, OT, C.ATTR_AS4_PATH, (v) => encodeAsPath(v, as4Path, true));
  const as4Aggregator = a.as4Aggregator ?? (!four && a.aggregator && a.aggregator.asn > 0xffff ? a.aggregator : undefined);
  if (as4Aggregator !== undefined) attr(w, OT, C.ATTR_AS4_AGGREGATOR, (v) => writeAggregator(v, as4Aggregator, true));
  if (a.largeCommunities !== undefined) {
    attr(w, OT, C.ATTR_LARGE_COMMUNITIES, (v) => a.largeCommunities!.forEach((c) => v.u32(c.globalAdmin).u32(c.local1).u32(c.local2)));
  }
  for (const u of a.unknown ?? []) attr(w, u.flags, u.code, (v) => v.bytes(u.value));
}

/**
 * The unknown attributes to pass on to another peer (RFC 4271 §5, §9.1.4): optional
 * transitive ones with the Partial bit set; optional non-transitive ones are dropped.
 */
export function unknownAttributesToPassOn(a: PathAttributes): PathAttributes['unknown'] {
  const kept = (a.unknown ?? [])
    .filter((u) => (u.flags & C.FLAG_OPTIONAL) !== 0 && (u.flags & C.FLAG_TRANSITIVE) !== 0)
    .map((u) => ({ flags: u.flags | C.FLAG_PARTIAL, code: u.code, value: u.value }));
  return kept.length > 0 ? kept : undefined;
}
