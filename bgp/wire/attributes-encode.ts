/**
 * Path attribute encoding, in type-code order (RFC 4271 §5 asks for ascending order) unless
 * the attributes carry the order they were received in. Values longer than 255 bytes get the Extended
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

/** Writes one attribute, with the Extended Length flag exactly when the value needs it. */
function attr(w: Writer, flags: number, code: number, body: (w: Writer) => void): void {
  const tmp = new Writer(64);
  body(tmp);
  const value = tmp.finish();
  if (value.length > 255) w.u8(flags | C.FLAG_EXTENDED_LENGTH).u8(code).u16(value.length);
  else w.u8(flags & ~C.FLAG_EXTENDED_LENGTH).u8(code).u8(value.length);
  w.bytes(value);
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
  /**
   * Write no MP_REACH_NLRI; instead report the offset where it belongs in type-code order (the
   * bulk encoder splices a different one into each UPDATE there).
   */
  readonly mpReachSlot?: (offset: number) => void;
}

/** Writes all attributes of `a`, in `a.order` if given (wire fidelity), otherwise ascending. */
export function encodeAttributes(w: Writer, a: PathAttributes, ctx: CodecContext, options: EncodeAttributesOptions = {}): void {
  const four = ctx.fourOctetAs;
  const writers = new Map<number, () => void>();
  const put = (code: number, flags: number, body: (v: Writer) => void) => writers.set(code, () => attr(w, flags, code, body));
  if (a.origin !== undefined) put(C.ATTR_ORIGIN, WT, (v) => v.u8(ORIGIN_CODES[a.origin!]));
  if (a.asPath !== undefined) put(C.ATTR_AS_PATH, WT, (v) => encodeAsPath(v, a.asPath!, four));
  if (a.nextHop !== undefined) put(C.ATTR_NEXT_HOP, WT, (v) => v.u32(a.nextHop!));
  if (a.med !== undefined) put(C.ATTR_MULTI_EXIT_DISC, ON, (v) => v.u32(a.med!));
  if (a.localPref !== undefined) put(C.ATTR_LOCAL_PREF, WT, (v) => v.u32(a.localPref!));
  if (a.atomicAggregate) put(C.ATTR_ATOMIC_AGGREGATE, WT, () => {});
  if (a.aggregator !== undefined) put(C.ATTR_AGGREGATOR, OT, (v) => writeAggregator(v, a.aggregator!, four));
  if (a.communities !== undefined) put(C.ATTR_COMMUNITIES, OT, (v) => a.communities!.forEach((c) => v.u32(c)));
  if (a.originatorId !== undefined) put(C.ATTR_ORIGINATOR_ID, ON, (v) => v.u32(a.originatorId!));
  if (a.clusterList !== undefined) put(C.ATTR_CLUSTER_LIST, ON, (v) => a.clusterList!.forEach((c) => v.u32(c)));
  if (options.mpReachSlot) writers.set(C.ATTR_MP_REACH_NLRI, () => options.mpReachSlot!(w.pos));
  else if (a.mpReach !== undefined) put(C.ATTR_MP_REACH_NLRI, ON, (v) => encodeMpReach(v, a.mpReach!));
  if (a.mpUnreach !== undefined) put(C.ATTR_MP_UNREACH_NLRI, ON, (v) => encodeMpUnreach(v, a.mpUnreach!));
  if (a.extendedCommunities !== undefined) {
    put(C.ATTR_EXTENDED_COMMUNITIES, OT, (v) => a.extendedCommunities!.forEach((c) => writeExtendedCommunity(v, c)));
  }
  const as4Path = a.as4Path ?? (four || a.asPath === undefined ? undefined : buildAs4Path(a.asPath));
  if (as4Path !== undefined) put(C.ATTR_AS4_PATH, OT, (v) => encodeAsPath(v, as4Path, true));
  const as4Aggregator = a.as4Aggregator ?? (!four && a.aggregator && a.aggregator.asn > 0xffff ? a.aggregator : undefined);
  if (as4Aggregator !== undefined) put(C.ATTR_AS4_AGGREGATOR, OT, (v) => writeAggregator(v, as4Aggregator, true));
  if (a.largeCommunities !== undefined) {
    put(C.ATTR_LARGE_COMMUNITIES, OT, (v) => a.largeCommunities!.forEach((c) => v.u32(c.globalAdmin).u32(c.local1).u32(c.local2)));
  }
  for (const u of a.unknown ?? []) if (!writers.has(u.code)) put(u.code, u.flags, (v) => v.bytes(u.value));
  const done = new Set<number>();
  for (const code of a.order ?? []) {
    const write = writers.get(code);
    if (write && !done.has(code)) {
      write();
      done.add(code);
    }
  }
  for (const code of [...writers.keys()].sort((x, y) => x - y)) if (!done.has(code)) writers.get(code)!();
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
