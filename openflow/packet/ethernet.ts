/**
 * Ethernet II frames with an optional 802.1Q tag (IEEE 802.1Q §9.6):
 *
 *   dst(6) | src(6) | [0x8100 | PCP(3) DEI(1) VID(12)] | ethertype(2) | payload
 *
 * No FCS: OpenFlow packet-in/out data carries frames without it.
 */
import { macFromBytes, writeMacBytes, type MacAddress } from '../types/mac-address.js';
import { need } from './decode-error.js';

/** EtherTypes this library deals with. */
export const ETH_TYPE = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, MPLS: 0x8847, MPLS_MCAST: 0x8848, IPV6: 0x86dd } as const;

/** An 802.1Q tag. */
export interface VlanTag {
  /** Priority code point, 0..7. */
  readonly pcp: number;
  /** Drop eligible indicator. */
  readonly dei: boolean;
  /** VLAN id, 0..4095. */
  readonly vid: number;
}

/** A decoded Ethernet frame. `ethertype` is the inner one when tagged. */
export interface EthernetFrame {
  readonly dst: MacAddress;
  readonly src: MacAddress;
  readonly vlan?: VlanTag;
  readonly ethertype: number;
  readonly payload: Buffer;
}

/** Decodes an Ethernet frame (one 802.1Q tag at most; a second tag stays in the payload). */
export function decodeEthernet(buf: Buffer): EthernetFrame {
  need(buf, 0, 14, 'Ethernet header');
  const dst = macFromBytes(buf, 0);
  const src = macFromBytes(buf, 6);
  let ethertype = buf.readUInt16BE(12);
  if (ethertype === ETH_TYPE.VLAN) {
    need(buf, 14, 4, '802.1Q tag');
    const tci = buf.readUInt16BE(14);
    ethertype = buf.readUInt16BE(16);
    const vlan: VlanTag = { pcp: tci >> 13, dei: ((tci >> 12) & 1) === 1, vid: tci & 0x0fff };
    return { dst, src, vlan, ethertype, payload: buf.subarray(18) };
  }
  return { dst, src, ethertype, payload: buf.subarray(14) };
}

/** Encodes an Ethernet frame. */
export function encodeEthernet(f: EthernetFrame): Buffer {
  const hdr = f.vlan ? 18 : 14;
  const out = Buffer.allocUnsafe(hdr + f.payload.length);
  writeMacBytes(f.dst, out, 0);
  writeMacBytes(f.src, out, 6);
  if (f.vlan) {
    out.writeUInt16BE(ETH_TYPE.VLAN, 12);
    out.writeUInt16BE(((f.vlan.pcp & 7) << 13) | (f.vlan.dei ? 0x1000 : 0) | (f.vlan.vid & 0x0fff), 14);
    out.writeUInt16BE(f.ethertype, 16);
  } else {
    out.writeUInt16BE(f.ethertype, 12);
  }
  f.payload.copy(out, hdr);
  return out;
}
