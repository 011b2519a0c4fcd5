/**
 * The common header (§4.1) and the per-peer header (§4.2), encoded and decoded side by side,
 * with the bounds-checked cursor the message decoders share.
 */
import type { Ipv4Address } from '../types/index.js';
import * as C from './constants.js';
import { BmpDecodeError } from './errors.js';
import type { BmpAddress, PerPeerHeader } from './types.js';

/** A bounds-checked big-endian reader over `buf[pos, end)`; every overrun is a BmpDecodeError. */
export class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  get left(): number {
    return this.end - this.pos;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new BmpDecodeError(`truncated ${what}: need ${n} bytes, ${this.left} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A copy, so a kept piece does not pin the whole receive buffer. */
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }

  rest(): Buffer {
    return this.bytes(this.left, 'rest');
  }
}

/**
 * ```
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Message Length                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Msg. Type   |
 *  +-+-+-+-+-+-+-+-+
 * ```
 * Message Length counts the whole message, this header included.
 */
export function commonHeader(type: number, bodyLength: number): Buffer {
  const b = Buffer.alloc(C.BMP_COMMON_HEADER_LEN);
  b[0] = C.BMP_VERSION;
  b.writeUInt32BE(C.BMP_COMMON_HEADER_LEN + bodyLength, 1);
  b[5] = type;
  return b;
}

/** Version, length and type of the message starting at `buf[at]`; throws unless version 3 and a sane length. */
export function readCommonHeader(buf: Buffer, at = 0): { length: number; type: number } {
  if (buf.length - at < C.BMP_COMMON_HEADER_LEN) throw new BmpDecodeError('truncated common header');
  const version = buf[at];
  if (version !== C.BMP_VERSION) throw new BmpDecodeError(`BMP version ${version}, only 3 is spoken`);
  const length = buf.readUInt32BE(at + 1);
  if (length < C.BMP_COMMON_HEADER_LEN) throw new BmpDecodeError(`message length ${length} shorter than the header`);
  return { length, type: buf[at + 5] };
}

/** The 16-byte address field: IPv4 right-aligned behind 12 zero bytes (§4.2), or IPv6. */
export function encodeAddress(a: BmpAddress): Buffer {
  const b = Buffer.alloc(16);
  if (a.family === 'ipv4') b.writeUInt32BE(a.address >>> 0, 12);
  else {
    if (a.bytes.length !== 16) throw new RangeError('an IPv6 address has 16 bytes');
    a.bytes.copy(b);
  }
  return b;
}

/** Reads a 16-byte address field of the given family (IPv4 from its low 4 bytes). */
export function decodeAddress(c: Cursor, v6: boolean, what: string): BmpAddress {
  const b = c.bytes(16, what);
  return v6 ? { family: 'ipv6', bytes: b } : { family: 'ipv4', address: b.readUInt32BE(12) as Ipv4Address };
}

/** Encodes a per-peer header (42 bytes); the V flag follows the address family. */
export function encodePerPeerHeader(p: PerPeerHeader): Buffer {
  if (p.distinguisher.length !== 8) throw new RangeError('a peer distinguisher has 8 bytes');
  const b = Buffer.alloc(C.BMP_PER_PEER_HEADER_LEN);
  b[0] = p.peerType;
  b[1] = (p.address.family === 'ipv6' ? C.PEER_FLAG_V : 0) | (p.postPolicy ? C.PEER_FLAG_L : 0) | (p.legacyAsPath ? C.PEER_FLAG_A : 0);
  p.distinguisher.copy(b, 2);
  encodeAddress(p.address).copy(b, 10);
  b.writeUInt32BE(p.asn >>> 0, 26);
  b.writeUInt32BE(p.bgpId >>> 0, 30);
  b.writeUInt32BE(p.seconds >>> 0, 34);
  b.writeUInt32BE(p.microseconds >>> 0, 38);
  return b;
}

/** Decodes a per-peer header. */
export function decodePerPeerHeader(c: Cursor): PerPeerHeader {
  c.need(C.BMP_PER_PEER_HEADER_LEN, 'per-peer header');
  const peerType = c.u8('peer type');
  const flags = c.u8('peer flags');
  const distinguisher = c.bytes(8, 'peer distinguisher');
  const address = decodeAddress(c, (flags & C.PEER_FLAG_V) !== 0, 'peer address');
  return {
    peerType,
    postPolicy: (flags & C.PEER_FLAG_L) !== 0,
    legacyAsPath: (flags & C.PEER_FLAG_A) !== 0,
    distinguisher,
    address,
    asn: c.u32('peer AS'),
    bgpId: c.u32('peer BGP ID') as Ipv4Address,
    seconds: c.u32('timestamp seconds'),
    microseconds: c.u32('timestamp microseconds'),
  };
}
