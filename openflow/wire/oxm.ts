/**
 * OXM TLVs and `struct ofp_match` (OpenFlow 1.3.5 §7.2.2).
 *
 *   0                   1                   2                   3
 *   +-------------------------------+-------------+-+---------------+
 *   |          oxm_class            |  oxm_field  |M|  oxm_length   |  then value [+ mask]
 *   +-------------------------------+-------------+-+---------------+
 *
 * A `Match` is an ordered array of fields: order is kept so that what a switch sends
 * re-encodes to the same bytes. Fields outside OFPXMC_OPENFLOW_BASIC (OVS adds NXM ones to
 * packet-ins) or not modelled here decode to `{ field: 'unknown', ... }` and survive round trip.
 */
import type { MacAddress } from '../types/mac-address.js';
import { OfDecodeError, OfEncodeError } from './decode-error.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** `OFPXMC_OPENFLOW_BASIC`. */
export const OFPXMC_OPENFLOW_BASIC = 0x8000;
/** `OFPMT_OXM`: the only match type of OpenFlow 1.3. */
export const OFPMT_OXM = 1;

/** Number-valued basic fields: the field code and value width in bytes. */
export const NUMBER_FIELDS = {
  in_port: [0, 4],
  in_phy_port: [1, 4],
  eth_type: [5, 2],
  vlan_vid: [6, 2],
  vlan_pcp: [7, 1],
  ip_dscp: [8, 1],
  ip_ecn: [9, 1],
  ip_proto: [10, 1],
  ipv4_src: [11, 4],
  ipv4_dst: [12, 4],
  tcp_src: [13, 2],
  tcp_dst: [14, 2],
  udp_src: [15, 2],
  udp_dst: [16, 2],
  sctp_src: [17, 2],
  sctp_dst: [18, 2],
  icmpv4_type: [19, 1],
  icmpv4_code: [20, 1],
  arp_op: [21, 2],
  arp_spa: [22, 4],
  arp_tpa: [23, 4],
  mpls_label: [34, 4],
  mpls_tc: [35, 1],
  mpls_bos: [36, 1],
} as const satisfies Record<string, readonly [number, 1 | 2 | 4]>;

/** MAC-valued basic fields. */
export const MAC_FIELDS = { eth_dst: 3, eth_src: 4, arp_sha: 24, arp_tha: 25 } as const;
/** 64-bit basic fields. */
export const U64_FIELDS = { metadata: 2, tunnel_id: 38 } as const;

/** Names of number-valued fields. IPv4 addresses are uint32 numbers (10.0.0.1 = 0x0a000001). */
export type NumberFieldName = keyof typeof NUMBER_FIELDS;
/** Names of MAC-valued fields. */
export type MacFieldName = keyof typeof MAC_FIELDS;
/** Names of 64-bit fields. */
export type U64FieldName = keyof typeof U64_FIELDS;

/** A number-valued OXM field; `mask` present means the HASMASK form. */
export interface NumberOxm {
  readonly field: NumberFieldName;
  readonly value: number;
  readonly mask?: number;
}
/** A MAC-valued OXM field. */
export interface MacOxm {
  readonly field: MacFieldName;
  readonly value: MacAddress;
  readonly mask?: MacAddress;
}
/** A 64-bit OXM field (metadata, tunnel_id). */
export interface U64Oxm {
  readonly field: U64FieldName;
  readonly value: bigint;
  readonly mask?: bigint;
}
/** Any other TLV, kept raw (`payload` = value and mask bytes). */
export interface UnknownOxm {
  readonly field: 'unknown';
  readonly oxmClass: number;
  readonly oxmField: number;
  readonly hasMask: boolean;
  readonly payload: Buffer;
}

/** One OXM TLV. */
export type OxmField = NumberOxm | MacOxm | U64Oxm | UnknownOxm;
/** An OpenFlow 1.3 match: OXM fields in wire order. Empty = match everything. */
export type Match = readonly OxmField[];

type Kind =
  | { kind: 'num'; name: NumberFieldName; code: number; width: 1 | 2 | 4; max: number }
  | { kind: 'mac'; name: MacFieldName; code: number; width: 6 }
  | { kind: 'u64'; name: U64FieldName; code: number; width: 8 };

// Lookup tables built once: by wire code for decoding, by name (a plain object, the fastest
// string-keyed lookup) for encoding thousands of flow-mods.
const BY_CODE: Array<Kind | undefined> = [];
const BY_NAME: Record<string, Kind> = Object.create(null);
for (const [name, [code, width]] of Object.entries(NUMBER_FIELDS)) {
  BY_CODE[code] = BY_NAME[name] = { kind: 'num', name: name as NumberFieldName, code, width, max: 2 ** (8 * width) - 1 };
}
for (const [name, code] of Object.entries(MAC_FIELDS)) BY_CODE[code] = BY_NAME[name] = { kind: 'mac', name: name as MacFieldName, code, width: 6 };
for (const [name, code] of Object.entries(U64_FIELDS)) BY_CODE[code] = BY_NAME[name] = { kind: 'u64', name: name as U64FieldName, code, width: 8 };
const BASIC = OFPXMC_OPENFLOW_BASIC;

function readNum(r: OfReader, width: 1 | 2 | 4): number {
  return width === 1 ? r.u8() : width === 2 ? r.u16() : r.u32();
}

function writeNum(w: OfWriter, k: { width: 1 | 2 | 4; max: number }, v: number): void {
  if (!(v >= 0 && v <= k.max && Math.floor(v) === v)) throw new OfEncodeError(`OXM value ${v} does not fit ${k.width} bytes`);
  if (k.width === 1) w.u8(v);
  else if (k.width === 2) w.u16(v);
  else w.u32(v);
}

/** Decodes one OXM TLV. */
export function decodeOxm(r: OfReader): OxmField {
  const oxmClass = r.u16();
  const fh = r.u8();
  const len = r.u8();
  const oxmField = fh >> 1;
  const hasMask = (fh & 1) === 1;
  const body = r.sub(len, 'OXM value');
  const kind = oxmClass === BASIC ? BY_CODE[oxmField] : undefined;
  if (!kind) return { field: 'unknown', oxmClass, oxmField, hasMask, payload: body.rest() };
  const width = kind.width;
  if (len !== width * (hasMask ? 2 : 1)) throw new OfDecodeError(`OXM ${kind.name}: length ${len}, expected ${width * (hasMask ? 2 : 1)}`, body.pos);
  switch (kind.kind) {
    case 'num': {
      const value = readNum(body, kind.width);
      return hasMask ? { field: kind.name, value, mask: readNum(body, kind.width) } : { field: kind.name, value };
    }
    case 'mac': {
      const value = body.mac();
      return hasMask ? { field: kind.name, value, mask: body.mac() } : { field: kind.name, value };
    }
    case 'u64': {
      const value = body.u64();
      return hasMask ? { field: kind.name, value, mask: body.u64() } : { field: kind.name, value };
    }
  }
}

/** Encodes one OXM TLV. */
export function encodeOxm(w: OfWriter, f: OxmField): void {
  if (f.field === 'unknown') {
    if (f.payload.length > 255) throw new OfEncodeError('OXM payload longer than 255 bytes');
    w.u16(f.oxmClass).u8(((f.oxmField & 0x7f) << 1) | (f.hasMask ? 1 : 0)).u8(f.payload.length).bytes(f.payload);
    return;
  }
  const kind = BY_NAME[f.field];
  if (kind === undefined) throw new OfEncodeError(`unknown OXM field ${String(f.field)}`);
  const hasMask = f.mask !== undefined;
  const width = kind.width;
  w.u16(BASIC).u8((kind.code << 1) | (hasMask ? 1 : 0)).u8(hasMask ? width * 2 : width);
  switch (kind.kind) {
    case 'num':
      writeNum(w, kind, f.value as number);
      if (hasMask) writeNum(w, kind, f.mask as number);
      break;
    case 'mac':
      w.mac(f.value as MacAddress);
      if (hasMask) w.mac(f.mask as MacAddress);
      break;
    case 'u64':
      w.u64(f.value as bigint);
      if (hasMask) w.u64(f.mask as bigint);
      break;
  }
}

const MT_OXM = OFPMT_OXM;

/** Decodes `struct ofp_match` including its padding to 8 bytes. */
export function decodeMatch(r: OfReader): Match {
  const start = r.pos;
  const type = r.u16();
  const length = r.u16();
  if (type !== MT_OXM) throw new OfDecodeError(`match type ${type} is not OFPMT_OXM`, start);
  if (length < 4) throw new OfDecodeError(`match length ${length} < 4`, start);
  const body = r.sub(length - 4, 'match');
  const fields: OxmField[] = [];
  while (body.remaining > 0) fields.push(decodeOxm(body));
  r.skip((8 - (length % 8)) % 8);
  return fields;
}

/** Encodes `struct ofp_match` including its padding to 8 bytes. */
export function encodeMatch(w: OfWriter, match: Match): void {
  const start = w.pos;
  w.u16(MT_OXM).u16(0);
  for (const f of match) encodeOxm(w, f);
  w.patchLen16(start + 2, start);
  w.pad8(start);
}

/** The OXM field type that carries a given field name. */
export type FieldOf<N extends OxmField['field']> = N extends NumberFieldName ? NumberOxm : N extends MacFieldName ? MacOxm : N extends U64FieldName ? U64Oxm : UnknownOxm;

/** The first field named `name` in a match (e.g. `getField(pi.match, 'in_port')?.value`). */
export function getField<N extends Exclude<OxmField['field'], 'unknown'>>(match: Match, name: N): FieldOf<N> | undefined {
  for (const f of match) if (f.field === name) return f as FieldOf<N>;
  return undefined;
}
