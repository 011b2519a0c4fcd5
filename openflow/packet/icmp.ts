/**
 * ICMP for IPv4 (RFC 792): echo request/reply and destination unreachable, others kept raw.
 *
 *   type(8) | code(8) | checksum(16) | rest of header(32) | data
 *
 * Echo: rest = identifier(16) sequence(16). Unreachable: rest = unused(16) next-hop MTU(16)
 * (RFC 1191), data = original IP header + at least 8 bytes of its payload.
 */
import { checksumValid, internetChecksum } from './checksum.js';
import { PacketDecodeError, need } from './decode-error.js';

/** ICMP types used here. */
export const ICMP_TYPE = { ECHO_REPLY: 0, DEST_UNREACHABLE: 3, ECHO_REQUEST: 8, TIME_EXCEEDED: 11 } as const;
/** Destination-unreachable codes (RFC 792, RFC 1191). */
export const ICMP_UNREACH = { NET: 0, HOST: 1, PROTOCOL: 2, PORT: 3, FRAG_NEEDED: 4 } as const;

/** A decoded ICMP message. */
export type IcmpMessage =
  | { readonly kind: 'echo_request' | 'echo_reply'; readonly identifier: number; readonly sequence: number; readonly data: Buffer }
  | { readonly kind: 'dest_unreachable'; readonly code: number; readonly nextHopMtu: number; readonly original: Buffer }
  | { readonly kind: 'other'; readonly icmpType: number; readonly code: number; readonly rest: number; readonly data: Buffer };

/** Options for {@link decodeIcmp}. */
export interface IcmpDecodeOptions {
  /** Reject a bad checksum (default true). */
  readonly verifyChecksum?: boolean;
}

/** Decodes an ICMP message (the IPv4 payload). */
export function decodeIcmp(buf: Buffer, options: IcmpDecodeOptions = {}): IcmpMessage {
  need(buf, 0, 8, 'ICMP header');
  if (options.verifyChecksum !== false && !checksumValid(buf)) throw new PacketDecodeError('bad ICMP checksum', 2);
  const type = buf[0]!;
  const code = buf[1]!;
  const data = buf.subarray(8);
  if ((type === ICMP_TYPE.ECHO_REQUEST || type === ICMP_TYPE.ECHO_REPLY) && code === 0) {
    return { kind: type === ICMP_TYPE.ECHO_REQUEST ? 'echo_request' : 'echo_reply', identifier: buf.readUInt16BE(4), sequence: buf.readUInt16BE(6), data };
  }
  if (type === ICMP_TYPE.DEST_UNREACHABLE && buf.readUInt16BE(4) === 0) {
    return { kind: 'dest_unreachable', code, nextHopMtu: buf.readUInt16BE(6), original: data };
  }
  return { kind: 'other', icmpType: type, code, rest: buf.readUInt32BE(4), data };
}

/** Encodes an ICMP message, computing its checksum. */
export function encodeIcmp(m: IcmpMessage): Buffer {
  const data = m.kind === 'dest_unreachable' ? m.original : m.data;
  const out = Buffer.allocUnsafe(8 + data.length);
  switch (m.kind) {
    case 'echo_request':
    case 'echo_reply':
      out[0] = m.kind === 'echo_request' ? ICMP_TYPE.ECHO_REQUEST : ICMP_TYPE.ECHO_REPLY;
      out[1] = 0;
      out.writeUInt16BE(m.identifier & 0xffff, 4);
      out.writeUInt16BE(m.sequence & 0xffff, 6);
      break;
    case 'dest_unreachable':
      out[0] = ICMP_TYPE.DEST_UNREACHABLE;
      out[1] = m.code & 0xff;
      out.writeUInt16BE(0, 4);
      out.writeUInt16BE(m.nextHopMtu & 0xffff, 6);
      break;
    case 'other':
      out[0] = m.icmpType & 0xff;
      out[1] = m.code & 0xff;
      out.writeUInt32BE(m.rest >>> 0, 4);
      break;
  }
  out.writeUInt16BE(0, 2);
  data.copy(out, 8);
  out.writeUInt16BE(internetChecksum(out), 2);
  return out;
}

/**
 * The data of an ICMP error about `ipPacket` (an encoded IPv4 packet): its header and the
 * first 8 bytes of its payload (RFC 792).
 */
export function icmpErrorQuote(ipPacket: Buffer): Buffer {
  need(ipPacket, 0, 20, 'quoted IPv4 header');
  const ihl = (ipPacket[0]! & 0x0f) * 4;
  return Buffer.from(ipPacket.subarray(0, Math.min(ipPacket.length, ihl + 8)));
}
