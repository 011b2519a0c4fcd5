/**
 * NLRI encodings. All are Length(1, in bits) + as many octets as the bits need:
 *
 *   IPv4 unicast (RFC 4271 §4.3):   prefix
 *   VPNv4 (RFC 4364 §4.3.4, RFC 8277 §2): label stack (3 octets each: label(20) TC(3) S(1)),
 *                                    RD(8), IPv4 prefix — the length counts all of them
 *   VPNv6 (RFC 4659 §3.2):          the same with an IPv6 prefix
 *
 * Decoders write straight off the buffer (the hot path at a million routes) and share the
 * frozen RD and single-label arrays between NLRI, so a big table holds few duplicates.
 */
import { maskOf, rdFromFields, type Ipv4Address, type Ipv4Prefix, type Label, type Rd } from '../types/index.js';
import type { Ipv6Prefix, VpnNlri, VpnWithdrawal, Vpnv6Nlri, Vpnv6Withdrawal } from './types.js';
import type { Writer } from './writer.js';
import { WITHDRAW_LABEL_FIELD } from './constants.js';

/** A syntactically wrong NLRI; UPDATE decoding turns it into the right NOTIFICATION. */
export class NlriError extends Error {}

// ------------------------------------------------------------------ shared pieces

let lastRdHi = -1;
let lastRdLo = -1;
let lastRd: Rd | undefined;

/** Decodes an 8-byte RD (RFC 4364 §4.2), reusing the previous object when the bytes repeat. */
export function readRd(buf: Buffer, at: number): Rd {
  const hi = buf.readUInt32BE(at);
  const lo = buf.readUInt32BE(at + 4);
  if (hi === lastRdHi && lo === lastRdLo && lastRd) return lastRd;
  const type = hi >>> 16;
  let rd: Rd;
  try {
    if (type === 0) rd = rdFromFields(0, hi & 0xffff, lo);
    else if (type === 1 || type === 2) rd = rdFromFields(type, (((hi & 0xffff) * 65536) + (lo >>> 16)), lo & 0xffff);
    else throw new NlriError(`route distinguisher type ${type}`);
  } catch (err) {
    if (err instanceof NlriError) throw err;
    throw new NlriError(`route distinguisher ${hi}:${lo}`);
  }
  Object.freeze(rd);
  lastRdHi = hi;
  lastRdLo = lo;
  lastRd = rd;
  return rd;
}

/** Writes an 8-byte RD. */
export function writeRd(w: Writer, rd: Rd): void {
  w.u16(rd.type);
  if (rd.type === 0) w.u16(rd.admin).u32(rd.assigned);
  else w.u32(rd.admin).u16(rd.assigned);
}

const singleLabels = new Map<number, readonly Label[]>();

/** A frozen one-label stack, shared between NLRI carrying the same label. */
function oneLabel(value: number): readonly Label[] {
  let stack = singleLabels.get(value);
  if (!stack) {
    if (singleLabels.size >= 1 << 16) singleLabels.clear();
    stack = Object.freeze([value as Label]);
    singleLabels.set(value, stack);
  }
  return stack;
}

function readIpv4Bits(buf: Buffer, at: number, bits: number): Ipv4Address {
  let a = 0;
  const n = (bits + 7) >> 3;
  for (let i = 0; i < 4; i++) a = a * 256 + (i < n ? buf[at + i] : 0);
  return ((a & maskOf(bits)) >>> 0) as Ipv4Address;
}

function writeIpv4Bits(w: Writer, address: number, bits: number): void {
  const n = (bits + 7) >> 3;
  for (let i = 0; i < n; i++) w.u8(address >>> (24 - 8 * i));
}

function readIpv6Bits(buf: Buffer, at: number, bits: number): Buffer {
  const address = Buffer.alloc(16);
  const n = (bits + 7) >> 3;
  buf.copy(address, 0, at, at + n);
  if (bits % 8 !== 0) address[n - 1] &= (0xff << (8 - (bits % 8))) & 0xff;
  return address;
}

// ------------------------------------------------------------------ IPv4 unicast

/** Decodes a run of IPv4 prefixes in `buf[start, end)`. */
export function decodeIpv4Prefixes(buf: Buffer, start: number, end: number): Ipv4Prefix[] {
  const out: Ipv4Prefix[] = [];
  let p = start;
  while (p < end) {
    const bits = buf[p++];
    if (bits > 32) throw new NlriError(`IPv4 prefix length ${bits}`);
    const n = (bits + 7) >> 3;
    if (p + n > end) throw new NlriError('IPv4 prefix runs past its field');
    out.push({ address: readIpv4Bits(buf, p, bits), length: bits });
    p += n;
  }
  return out;
}

/** Writes one IPv4 prefix. */
export function encodeIpv4Prefix(w: Writer, p: Ipv4Prefix): void {
  w.u8(p.length);
  writeIpv4Bits(w, p.address, p.length);
}

/** Encoded size of one IPv4 prefix. */
export function ipv4PrefixSize(p: Ipv4Prefix): number {
  return 1 + ((p.length + 7) >> 3);
}

// ------------------------------------------------------------------ VPN (labels + RD + prefix)

interface VpnHead {
  labels: readonly Label[];
  labelField: number;
  rd: Rd;
  /** Offset of the address bytes. */
  at: number;
  /** Address bits left. */
  bits: number;
}

/**
 * Reads the label stack and RD of one VPN NLRI starting at `p` (after its length byte). In a
 * withdrawal the label field carries no stack (RFC 8277 §2.4: 0x800000 or 0x000000, or
 * anything): one field is consumed, more only if the length says a stack is there.
 */
function readVpnHead(buf: Buffer, p: number, totalBits: number, withdraw: boolean, maxAddressBits: number): VpnHead {
  let bits = totalBits;
  let labels: Label[] | readonly Label[] | undefined;
  let labelField = -1;
  for (;;) {
    if (bits < 24 + 64) throw new NlriError(`VPN NLRI length ${totalBits} too short`);
    const field = (buf[p] << 16) | (buf[p + 1] << 8) | buf[p + 2];
    p += 3;
    bits -= 24;
    if (labelField < 0) labelField = field;
    const bos = (field & 1) === 1;
    if (withdraw) {
      if (bos || bits <= 64 + maxAddressBits) break;
      continue;
    }
    const value = field >>> 4;
    if (labels === undefined) {
      if (bos) {
        labels = oneLabel(value);
        break;
      }
      labels = [value as Label];
    } else {
      (labels as Label[]).push(value as Label);
      if (bos) break;
    }
  }
  if (bits < 64) throw new NlriError('VPN NLRI has no room for its RD');
  const rd = readRd(buf, p);
  bits -= 64;
  if (bits > maxAddressBits) throw new NlriError(`VPN prefix length ${bits}`);
  return { labels: labels ?? [], labelField, rd, at: p + 8, bits };
}

/** Decodes a run of VPNv4 NLRI (MP_REACH). */
export function decodeVpnv4(buf: Buffer, start: number, end: number): VpnNlri[] {
  const out: VpnNlri[] = [];
  let p = start;
  while (p < end) {
    const totalBits = buf[p++];
    const n = (totalBits + 7) >> 3;
    if (p + n > end) throw new NlriError('VPNv4 NLRI runs past its field');
    const h = readVpnHead(buf, p, totalBits, false, 32);
    out.push({ labels: h.labels, rd: h.rd, prefix: { address: readIpv4Bits(buf, h.at, h.bits), length: h.bits } });
    p += n;
  }
  return out;
}

/** Decodes a run of VPNv4 withdrawals (MP_UNREACH); also returns the first label field seen. */
export function decodeVpnv4Withdrawals(buf: Buffer, start: number, end: number): { withdrawn: VpnWithdrawal[]; labelField: number } {
  const withdrawn: VpnWithdrawal[] = [];
  let labelField = WITHDRAW_LABEL_FIELD;
  let p = start;
  while (p < end) {
    const totalBits = buf[p++];
    const n = (totalBits + 7) >> 3;
    if (p + n > end) throw new NlriError('VPNv4 NLRI runs past its field');
    const h = readVpnHead(buf, p, totalBits, true, 32);
    if (withdrawn.length === 0) labelField = h.labelField;
    withdrawn.push({ rd: h.rd, prefix: { address: readIpv4Bits(buf, h.at, h.bits), length: h.bits } });
    p += n;
  }
  return { withdrawn, labelField };
}

/** Decodes a run of VPNv6 NLRI. */
export function decodeVpnv6(buf: Buffer, start: number, end: number): Vpnv6Nlri[] {
  const out: Vpnv6Nlri[] = [];
  let p = start;
  while (p < end) {
    const totalBits = buf[p++];
    const n = (totalBits + 7) >> 3;
    if (p + n > end) throw new NlriError('VPNv6 NLRI runs past its field');
    const h = readVpnHead(buf, p, totalBits, false, 128);
    out.push({ labels: h.labels, rd: h.rd, prefix: { address: readIpv6Bits(buf, h.at, h.bits), length: h.bits } });
    p += n;
  }
  return out;
}

/** Decodes a run of VPNv6 withdrawals. */
export function decodeVpnv6Withdrawals(buf: Buffer, start: number, end: number): { withdrawn: Vpnv6Withdrawal[]; labelField: number } {
  const withdrawn: Vpnv6Withdrawal[] = [];
  let labelField = WITHDRAW_LABEL_FIELD;
  let p = start;
  while (p < end) {
    const totalBits = buf[p++];
    const n = (totalBits + 7) >> 3;
    if (p + n > end) throw new NlriError('VPNv6 NLRI runs past its field');
    const h = readVpnHead(buf, p, totalBits, true, 128);
    if (withdrawn.length === 0) labelField = h.labelField;
    withdrawn.push({ rd: h.rd, prefix: { address: readIpv6Bits(buf, h.at, h.bits), length: h.bits } });
    p += n;
  }
  return { withdrawn, labelField };
}

/** Writes the NLRI length byte; a label stack too deep for the prefix cannot be encoded. */
function writeVpnLength(w: Writer, labels: number, prefixBits: number): void {
  const bits = 24 * labels + 64 + prefixBits;
  if (bits > 255) throw new RangeError(`VPN NLRI of ${bits} bits exceeds the 255-bit length field`);
  w.u8(bits);
}

function writeLabels(w: Writer, labels: readonly Label[]): void {
  if (labels.length === 0) throw new RangeError('a VPN route needs at least one label');
  for (let i = 0; i < labels.length; i++) w.u24((labels[i] << 4) | (i === labels.length - 1 ? 1 : 0));
}

/** Writes one VPNv4 NLRI. */
export function encodeVpnv4(w: Writer, n: VpnNlri): void {
  writeVpnLength(w, n.labels.length, n.prefix.length);
  writeLabels(w, n.labels);
  writeRd(w, n.rd);
  writeIpv4Bits(w, n.prefix.address, n.prefix.length);
}

/** Encoded size of one VPNv4 NLRI. */
export function vpnv4Size(n: VpnNlri): number {
  return 1 + 3 * n.labels.length + 8 + ((n.prefix.length + 7) >> 3);
}

/** Writes one VPNv4 withdrawal with the given label field. */
export function encodeVpnv4Withdrawal(w: Writer, n: VpnWithdrawal, labelField: number): void {
  w.u8(24 + 64 + n.prefix.length).u24(labelField);
  writeRd(w, n.rd);
  writeIpv4Bits(w, n.prefix.address, n.prefix.length);
}

/** Encoded size of one VPNv4 withdrawal. */
export function vpnv4WithdrawalSize(n: VpnWithdrawal): number {
  return 1 + 3 + 8 + ((n.prefix.length + 7) >> 3);
}

/** Writes one VPNv6 NLRI. */
export function encodeVpnv6(w: Writer, n: Vpnv6Nlri): void {
  writeVpnLength(w, n.labels.length, n.prefix.length);
  writeLabels(w, n.labels);
  writeRd(w, n.rd);
  w.bytes(n.prefix.address.subarray(0, (n.prefix.length + 7) >> 3));
}

/** Writes one VPNv6 withdrawal. */
export function encodeVpnv6Withdrawal(w: Writer, n: Vpnv6Withdrawal, labelField: number): void {
  w.u8(24 + 64 + n.prefix.length).u24(labelField);
  writeRd(w, n.rd);
  w.bytes(n.prefix.address.subarray(0, (n.prefix.length + 7) >> 3));
}

/** Builds an IPv6 prefix from 16 bytes (copied, host bits cleared). */
export function ipv6Prefix(address: Uint8Array, length: number): Ipv6Prefix {
  if (address.length !== 16 || !Number.isInteger(length) || length < 0 || length > 128) throw new RangeError('bad IPv6 prefix');
  return { address: readIpv6Bits(Buffer.from(address), 0, length), length };
}
