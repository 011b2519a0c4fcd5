/**
 * Packet codecs for what rides packet-in/out: Ethernet (802.1Q), ARP, IPv4, ICMP, MPLS.
 * Decoders throw only {@link PacketDecodeError}. Payloads are views into the input buffer.
 */
export { PacketDecodeError } from './decode-error.js';
export * from './checksum.js';
export * from './ethernet.js';
export * from './arp.js';
export * from './ipv4.js';
export * from './icmp.js';
export * from './mpls.js';
