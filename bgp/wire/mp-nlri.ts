/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4):
 *
 *   MP_REACH:   AFI(2) | SAFI(1) | Next Hop Length(1) | Next Hop | Reserved(1) | NLRI...
 *   MP_UNREACH: AFI(2) | SAFI(1) | Withdrawn Routes...
 *
 * VPN next hops are an RD of zero followed by the address (RFC 4364 §4.3.2, RFC 4659 §3.2.1).
 * A value that cannot be parsed is an MpError: RFC 7606 §7.11 resets the session for it,
 * because the NLRI inside can no longer be located reliably.
 */
import type { Ipv4Address } from '../types/index.js';
import { AFI_IPV4, AFI_IPV6, SAFI_MPLS_VPN, SAFI_UNICAST, WITHDRAW_LABEL_FIELD } from './constants.js';
import {
  decodeIpv4Prefixes,
  decodeVpnv4,
  decodeVpnv4Withdrawals,
  decodeVpnv6,
  decodeVpnv6Withdrawals,
  encodeIpv4Prefix,
  encodeVpnv4,
  encodeVpnv4Withdrawal,
  encodeVpnv6,
  encodeVpnv6Withdrawal,
  NlriError,
} from './nlri.js';
import type { MpReach, MpUnreach } from './types.js';
import type { Writer } from './writer.js';

/** An MP attribute that cannot be parsed. */
export class MpError extends Error {}

/** Decodes an MP_REACH_NLRI value in `buf[start, end)`. */
export function decodeMpReach(buf: Buffer, start: number, end: number): MpReach {
  if (end - start < 5) throw new MpError(`MP_REACH_NLRI length ${end - start}`);
  const afi = buf.readUInt16BE(start);
  const safi = buf[start + 2];
  const nhLength = buf[start + 3];
  const nh = start + 4;
  const nlri = nh + nhLength + 1; // one reserved octet (RFC 4760 §3: formerly SNPAs)
  if (nlri > end) throw new MpError(`next hop length ${nhLength} runs past the attribute`);
  try {
    if (afi === AFI_IPV4 && safi === SAFI_UNICAST) {
      if (nhLength !== 4) throw new MpError(`IPv4 unicast next hop length ${nhLength}`);
      return { kind: 'ipv4-unicast', afi, safi, nextHop: buf.readUInt32BE(nh) as Ipv4Address, nlri: decodeIpv4Prefixes(buf, nlri, end) };
    }
    if (afi === AFI_IPV4 && safi === SAFI_MPLS_VPN) {
      if (nhLength !== 12) throw new MpError(`VPNv4 next hop length ${nhLength}`);
      return { kind: 'vpnv4', afi, safi, nextHop: buf.readUInt32BE(nh + 8) as Ipv4Address, nlri: decodeVpnv4(buf, nlri, end) };
    }
    if (afi === AFI_IPV6 && safi === SAFI_MPLS_VPN) {
      if (nhLength !== 24 && nhLength !== 48) throw new MpError(`VPNv6 next hop length ${nhLength}`);
      const nextHop = Buffer.from(buf.subarray(nh + 8, nh + 24));
      const nlris = decodeVpnv6(buf, nlri, end);
      if (nhLength === 48) {
        return { kind: 'vpnv6', afi, safi, nextHop, nextHopLinkLocal: Buffer.from(buf.subarray(nh + 32, nh + 48)), nlri: nlris };
      }
      return { kind: 'vpnv6', afi, safi, nextHop, nlri: nlris };
    }
  } catch (err) {
    if (err instanceof NlriError) throw new MpError(err.message);
    throw err;
  }
  return {
    kind: 'raw',
    afi,
    safi,
    nextHop: Buffer.from(buf.subarray(nh, nh + nhLength)),
    nlri: Buffer.from(buf.subarray(nlri, end)),
  };
}

/** Decodes an MP_UNREACH_NLRI value in `buf[start, end)`. */
export function decodeMpUnreach(buf: Buffer, start: number, end: number): MpUnreach {
  if (end - start < 3) throw new MpError(`MP_UNREACH_NLRI length ${end - start}`);
  const afi = buf.readUInt16BE(start);
  const safi = buf[start + 2];
  const at = start + 3;
  try {
    if (afi === AFI_IPV4 && safi === SAFI_UNICAST) {
      return { kind: 'ipv4-unicast', afi, safi, withdrawn: decodeIpv4Prefixes(buf, at, end) };
    }
    if (afi === AFI_IPV4 && safi === SAFI_MPLS_VPN) {
      const { withdrawn, labelField } = decodeVpnv4Withdrawals(buf, at, end);
      return labelField === WITHDRAW_LABEL_FIELD ? { kind: 'vpnv4', afi, safi, withdrawn } : { kind: 'vpnv4', afi, safi, withdrawn, labelField };
    }
    if (afi === AFI_IPV6 && safi === SAFI_MPLS_VPN) {
      const { withdrawn, labelField } = decodeVpnv6Withdrawals(buf, at, end);
      return labelField === WITHDRAW_LABEL_FIELD ? { kind: 'vpnv6', afi, safi, withdrawn } : { kind: 'vpnv6', afi, safi, withdrawn, labelField };
    }
  } catch (err) {
    if (err instanceof NlriError) throw new MpError(err.message);
    throw err;
  }
  return { kind: 'raw', afi, safi, withdrawn: Buffer.from(buf.subarray(at, end)) };
}

/** Writes an MP_REACH_NLRI value. */
export function encodeMpReach(w: Writer, mp: MpReach): void {
  w.u16(mp.afi).u8(mp.safi);
  switch (mp.kind) {
    case 'ipv4-unicast':
      w.u8(4).u32(mp.nextHop).u8(0);
      for (const p of mp.nlri) encodeIpv4Prefix(w, p);
      return;
    case 'vpnv4':
      w.u8(12).zeros(8).u32(mp.nextHop).u8(0);
      for (const n of mp.nlri) encodeVpnv4(w, n);
      return;
    case 'vpnv6':
      if (mp.nextHopLinkLocal) w.u8(48).zeros(8).bytes(mp.nextHop).zeros(8).bytes(mp.nextHopLinkLocal);
      else w.u8(24).zeros(8).bytes(mp.nextHop);
      w.u8(0);
      for (const n of mp.nlri) encodeVpnv6(w, n);
      return;
    case 'raw':
      w.u8(mp.nextHop.length).bytes(mp.nextHop).u8(0).bytes(mp.nlri);
      return;
  }
}

/** Writes an MP_UNREACH_NLRI value. */
export function encodeMpUnreach(w: Writer, mp: MpUnreach): void {
  w.u16(mp.afi).u8(mp.safi);
  switch (mp.kind) {
    case 'ipv4-unicast':
      for (const p of mp.withdrawn) encodeIpv4Prefix(w, p);
      return;
    case 'vpnv4':
      for (const n of mp.withdrawn) encodeVpnv4Withdrawal(w, n, mp.labelField ?? WITHDRAW_LABEL_FIELD);
      return;
    case 'vpnv6':
      for (const n of mp.withdrawn) encodeVpnv6Withdrawal(w, n, mp.labelField ?? WITHDRAW_LABEL_FIELD);
      return;
    case 'raw':
      w.bytes(mp.withdrawn);
      return;
  }
}
