/**
 * ARP for IPv4 over Ethernet (RFC 826): htype 1, ptype 0x0800, hlen 6, plen 4.
 *
 *   htype(2) ptype(2) hlen(1) plen(1) op(2) sha(6) spa(4) tha(6) tpa(4)   = 28 bytes
 */
import { macFromBytes, writeMacBytes, MAC_BROADCAST, MAC_ZERO, type MacAddress } from '../types/mac-address.js';
import { PacketDecodeError, need } from './decode-error.js';
import { ETH_TYPE, encodeEthernet } from './ethernet.js';

/** ARP opcodes. */
export const ARP_OP = { REQUEST: 1, REPLY: 2 } as const;
/** Length of an Ethernet/IPv4 ARP packet. */
export const ARP_LEN = 28;

/** An Ethernet/IPv4 ARP packet. Protocol addresses are uint32 IPv4 addresses. */
export interface ArpPacket {
  readonly op: number;
  readonly sha: MacAddress;
  readonly spa: number;
  readonly tha: MacAddress;
  readonly tpa: number;
}

/** Decodes an ARP packet (trailing Ethernet padding is ignored). */
export function decodeArp(buf: Buffer): ArpPacket {
  need(buf, 0, ARP_LEN, 'ARP packet');
  const htype = buf.readUInt16BE(0);
  const ptype = buf.readUInt16BE(2);
  if (htype !== 1 || ptype !== ETH_TYPE.IPV4 || buf[4] !== 6 || buf[5] !== 4) {
    throw new PacketDecodeError(`not an Ethernet/IPv4 ARP packet (htype ${htype}, ptype 0x${ptype.toString(16)}, hlen ${buf[4]}, plen ${buf[5]})`, 0);
  }
  return {
    op: buf.readUInt16BE(6),
    sha: macFromBytes(buf, 8),
    spa: buf.readUInt32BE(14),
    tha: macFromBytes(buf, 18),
    tpa: buf.readUInt32BE(24),
  };
}

/** Encodes an ARP packet (28 bytes). */
export function encodeArp(a: ArpPacket): Buffer {
  const out = Buffer.allocUnsafe(ARP_LEN);
  out.writeUInt16BE(1, 0);
  out.writeUInt16BE(ETH_TYPE.IPV4, 2);
  out[4] = 6;
  out[5] = 4;
  out.writeUInt16BE(a.op, 6);
  writeMacBytes(a.sha, out, 8);
  out.writeUInt32BE(a.spa >>> 0, 14);
  writeMacBytes(a.tha, out, 18);
  out.writeUInt32BE(a.tpa >>> 0, 24);
  return out;
}

/** A broadcast ARP request frame asking who has `targetIp`. */
export function arpRequestFrame(senderMac: MacAddress, senderIp: number, targetIp: number): Buffer {
  const arp = encodeArp({ op: ARP_OP.REQUEST, sha: senderMac, spa: senderIp, tha: MAC_ZERO, tpa: targetIp });
  return encodeEthernet({ dst: MAC_BROADCAST, src: senderMac, ethertype: ETH_TYPE.ARP, payload: arp });
}

/** A unicast ARP reply frame: `senderIp` is at `senderMac`, sent to the requester. */
export function arpReplyFrame(senderMac: MacAddress, senderIp: number, targetMac: MacAddress, targetIp: number): Buffer {
  const arp = encodeArp({ op: ARP_OP.REPLY, sha: senderMac, spa: senderIp, tha: targetMac, tpa: targetIp });
  return encodeEthernet({ dst: targetMac, src: senderMac, ethertype: ETH_TYPE.ARP, payload: arp });
}
