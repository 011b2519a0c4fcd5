/**
 * IPv4 (RFC 791 §3.1):
 *
 *   ver(4) ihl(4) | dscp(6) ecn(2) | total length(16)
 *   identification(16) | flags(3) fragment offset(13)
 *   ttl(8) | protocol(8) | header checksum(16)
 *   source(32) | destination(32) | options (ihl > 5) | payload
 *
 * The checksum is computed on encode and verified on decode (RFC 1071).
 */
import { checksumValid, internetChecksum } from './checksum.js';
import { PacketDecodeError, need } from './decode-error.js';

/** IP protocol numbers used here. */
export const IP_PROTO = { ICMP: 1, TCP: 6, UDP: 17 } as const;

/** A decoded IPv4 packet. Addresses are uint32. `flags` holds the 3 flag bits (2 = DF, 1 = MF). */
export interface Ipv4Packet {
  readonly dscp: number;
  readonly ecn: number;
  readonly identification: number;
  readonly flags: number;
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly src: number;
  readonly dst: number;
  /** Options, a multiple of 4 bytes (usually empty). */
  readonly options: Buffer;
  readonly payload: Buffer;
}

/** Options for {@link decodeIpv4}. */
export interface Ipv4DecodeOptions {
  /** Reject a bad header checksum (default true). */
  readonly verifyChecksum?: boolean;
}

/** Decodes an IPv4 packet; bytes after `total length` (Ethernet padding) are dropped. */
export function decodeIpv4(buf: Buffer, options: Ipv4DecodeOptions = {}): Ipv4Packet {
  need(buf, 0, 20, 'IPv4 header');
  const version = buf[0]! >> 4;
  const ihl = (buf[0]! & 0x0f) * 4;
  if (version !== 4) throw new PacketDecodeError(`IP version ${version}`, 0);
  if (ihl < 20) throw new PacketDecodeError(`IPv4 header length ${ihl}`, 0);
  need(buf, 0, ihl, 'IPv4 options');
  const totalLength = buf.readUInt16BE(2);
  if (totalLength < ihl) throw new PacketDecodeError(`IPv4 total length ${totalLength} < header ${ihl}`, 2);
  need(buf, 0, totalLength, 'IPv4 payload');
  if (options.verifyChecksum !== false && !checksumValid(buf, 0, ihl)) throw new PacketDecodeError('bad IPv4 header checksum', 10);
  const ff = buf.readUInt16BE(6);
  return {
    dscp: buf[1]! >> 2,
    ecn: buf[1]! & 3,
    identification: buf.readUInt16BE(4),
    flags: ff >> 13,
    fragmentOffset: ff & 0x1fff,
    ttl: buf[8]!,
    protocol: buf[9]!,
    src: buf.readUInt32BE(12),
    dst: buf.readUInt32BE(16),
    options: buf.subarray(20, ihl),
    payload: buf.subarray(ihl, totalLength),
  };
}

/** Encodes an IPv4 packet, computing total length and header checksum. */
export function encodeIpv4(p: Ipv4Packet): Buffer {
  if (p.options.length % 4 !== 0 || p.options.length > 40) throw new RangeError('IPv4 options must be a multiple of 4 bytes, at most 40');
  const ihl = 20 + p.options.length;
  const total = ihl + p.payload.length;
  if (total > 0xffff) throw new RangeError(`IPv4 packet too long: ${total}`);
  const out = Buffer.allocUnsafe(total);
  out[0] = 0x40 | (ihl / 4);
  out[1] = ((p.dscp & 0x3f) << 2) | (p.ecn & 3);
  out.writeUInt16BE(total, 2);
  out.writeUInt16BE(p.identification & 0xffff, 4);
  out.writeUInt16BE(((p.flags & 7) << 13) | (p.fragmentOffset & 0x1fff), 6);
  out[8] = p.ttl & 0xff;
  out[9] = p.protocol & 0xff;
  out.writeUInt16BE(0, 10);
  out.writeUInt32BE(p.src >>> 0, 12);
  out.writeUInt32BE(p.dst >>> 0, 16);
  p.options.copy(out, 20);
  out.writeUInt16BE(internetChecksum(out, 0, ihl), 10);
  p.payload.copy(out, ihl);
  return out;
}
