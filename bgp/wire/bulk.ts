/**
 * Bulk VPNv4 encoding for the Adj-RIB-Out: many NLRI sharing one set of attributes are packed
 * into as few UPDATEs as fit (4096 bytes each, RFC 4271 §4.1). The shared attributes are
 * encoded once and copied into each message around its MP_REACH_NLRI, which keeps its place in
 * type-code order (RFC 4271 §5).
 */
import type { Ipv4Address, Ipv4Prefix } from '../types/index.js';
import { encodeAttributes } from './attributes-encode.js';
import * as C from './constants.js';
import { patchHeader, writeHeader } from './header.js';
import { encodeVpnv4, encodeVpnv4Withdrawal, vpnv4Size, vpnv4WithdrawalSize } from './nlri.js';
import type { CodecContext, PathAttributes, VpnNlri, VpnWithdrawal } from './types.js';
import { Writer } from './writer.js';
import { encodeUpdate } from './update.js';

/** Fixed bytes of an UPDATE around the attributes: header, two length fields. */
const UPDATE_OVERHEAD = C.BGP_HEADER_LEN + 2 + 2;
/** MP_REACH header (4, extended length) + AFI/SAFI (3) + next hop length (1) + RD 0 + IPv4 (12) + reserved (1). */
const MP_REACH_OVERHEAD = 4 + 3 + 1 + 12 + 1;
/** MP_UNREACH header (4, extended length) + AFI/SAFI (3). */
const MP_UNREACH_OVERHEAD = 4 + 3;

function maxLength(ctx: CodecContext, limit?: number): number {
  return limit ?? (ctx.extendedMessage ? C.BGP_MAX_EXTENDED_MESSAGE_LEN : C.BGP_MAX_MESSAGE_LEN);
}

/**
 * Encodes UPDATEs announcing `nlri` (VPNv4) with next hop `nextHop` and the shared
 * `attributes` (any `mpReach`/`mpUnreach` in them is ignored). Returns whole messages.
 */
export function encodeVpnv4Updates(
  attributes: PathAttributes,
  nextHop: Ipv4Address,
  nlri: readonly VpnNlri[],
  ctx: CodecContext,
  maxMessageLength?: number,
): Buffer[] {
  const max = maxLength(ctx, maxMessageLength);
  const shared = new Writer(256);
  let slot = 0;
  encodeAttributes(shared, { ...attributes, mpReach: undefined, mpUnreach: undefined, order: undefined }, ctx, { mpReachSlot: (at) => (slot = at) });
  const sharedBytes = shared.finish();
  const before = sharedBytes.subarray(0, slot);
  const after = sharedBytes.subarray(slot);
  const room = max - UPDATE_OVERHEAD - MP_REACH_OVERHEAD - sharedBytes.length;
  if (room < 1 + 3 + 8 + 4) throw new RangeError('shared attributes leave no room for NLRI');
  const out: Buffer[] = [];
  let i = 0;
  while (i < nlri.length) {
    const w = new Writer(max);
    const at = writeHeader(w, C.MSG_UPDATE);
    w.u16(0);
    const al = w.reserve(2);
    w.bytes(before);
    // Extended length always: the NLRI count, and so the length, is known only at the end.
    w.u8(C.FLAG_OPTIONAL | C.FLAG_EXTENDED_LENGTH).u8(C.ATTR_MP_REACH_NLRI);
    const ml = w.reserve(2);
    w.u16(C.AFI_IPV4).u8(C.SAFI_MPLS_VPN).u8(12).zeros(8).u32(nextHop).u8(0);
    let used = 0;
    const first = i;
    while (i < nlri.length) {
      const size = vpnv4Size(nlri[i]);
      if (used + size > room) break;
      encodeVpnv4(w, nlri[i]);
      used += size;
      i++;
    }
    if (i === first) throw new RangeError('a VPNv4 NLRI does not fit in one UPDATE');
    w.patchLength(ml, 2);
    w.bytes(after);
    w.patchLength(al, 2);
    patchHeader(w, at);
    out.push(w.finish());
  }
  return out;
}

/** Encodes UPDATEs withdrawing VPNv4 routes, as few as fit. */
export function encodeVpnv4Withdraws(withdrawn: readonly VpnWithdrawal[], ctx: CodecContext, maxMessageLength?: number): Buffer[] {
  const max = maxLength(ctx, maxMessageLength);
  const room = max - UPDATE_OVERHEAD - MP_UNREACH_OVERHEAD;
  const out: Buffer[] = [];
  let i = 0;
  while (i < withdrawn.length) {
    const w = new Writer(max);
    const at = writeHeader(w, C.MSG_UPDATE);
    w.u16(0);
    const al = w.reserve(2);
    w.u8(C.FLAG_OPTIONAL | C.FLAG_EXTENDED_LENGTH).u8(C.ATTR_MP_UNREACH_NLRI);
    const ml = w.reserve(2);
    w.u16(C.AFI_IPV4).u8(C.SAFI_MPLS_VPN);
    let used = 0;
    while (i < withdrawn.length) {
      const size = vpnv4WithdrawalSize(withdrawn[i]);
      if (used + size > room) break;
      encodeVpnv4Withdrawal(w, withdrawn[i], C.WITHDRAW_LABEL_FIELD);
      used += size;
      i++;
    }
    w.patchLength(ml, 2);
    w.patchLength(al, 2);
    patchHeader(w, at);
    out.push(w.finish());
  }
  return out;
}

/** The longest IPv4 prefix on the wire: length octet + 4 address octets (RFC 4271 §4.3). */
const MAX_IPV4_PREFIX_SIZE = 5;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Encodes UPDATEs announcing IPv4 unicast `nlri` in the classic NLRI field (RFC 4271 §4.3) with
 * the shared `attributes` (which must carry NEXT_HOP), as many per message as surely fit
 * (each prefix counted at its longest, 5 bytes).
 */
export function encodeIpv4Updates(attributes: PathAttributes, nlri: readonly Ipv4Prefix[], ctx: CodecContext, maxMessageLength?: number): Buffer[] {
  const max = maxLength(ctx, maxMessageLength);
  const shared = encodeUpdate({ type: 'update', withdrawn: [], attributes, nlri: [] }, ctx).length;
  const room = Math.floor((max - shared) / MAX_IPV4_PREFIX_SIZE);
  if (room < 1) throw new RangeError('shared attributes leave no room for NLRI');
  return chunks(nlri, room).map((part) => encodeUpdate({ type: 'update', withdrawn: [], attributes, nlri: part }, ctx));
}

/** Encodes UPDATEs withdrawing IPv4 unicast prefixes in the WITHDRAWN ROUTES field, as few as fit. */
export function encodeIpv4Withdraws(withdrawn: readonly Ipv4Prefix[], ctx: CodecContext, maxMessageLength?: number): Buffer[] {
  const room = Math.floor((maxLength(ctx, maxMessageLength) - UPDATE_OVERHEAD) / MAX_IPV4_PREFIX_SIZE);
  return chunks(withdrawn, room).map((part) => encodeUpdate({ type: 'update', withdrawn: part, attributes: {}, nlri: [] }, ctx));
}
