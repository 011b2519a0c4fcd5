/**
 * What the router does with a packet-in, as a pure function of the forwarding state: learn
 * ARP senders (from requests and replies, RFC 826 "merge" rule), answer ARP requests for the
 * router's own IPs on host ports (on the uplink the offload host stack answers for itself),
 * answer ICMP echo requests to the router's IPs, and report echo replies for PUT ping.
 * It returns frames to send; the shell sends them.
 */
import type { Ipv4Address } from '../deps/bgp.js';
import {
  ARP_OP,
  ETH_TYPE,
  ICMP_TYPE,
  IP_PROTO,
  PacketDecodeError,
  arpReplyFrame,
  arpRequestFrame,
  decodeArp,
  decodeEthernet,
  decodeIcmp,
  decodeIpv4,
  encodeEthernet,
  encodeIcmp,
  encodeIpv4,
  type MacAddress,
} from '../deps/openflow.js';
import type { ArpEntry, LearnResult } from './arp-table.js';
import type { ForwardingState } from './forwarding-state.js';

/** A frame to send out of a port. */
export interface FrameOut {
  readonly port: number;
  readonly frame: Buffer;
}

/** An ICMP echo reply addressed to the router (for PUT ping). */
export interface EchoReplyIn {
  readonly from: Ipv4Address;
  readonly identifier: number;
  readonly sequence: number;
  readonly ttl: number;
  readonly bytes: number;
}

/** Result of handling one packet-in. */
export interface PacketInResult {
  readonly out: FrameOut[];
  /** A neighbour learned or changed (for redistribution of connected hosts). */
  readonly learned?: { entry: ArpEntry; result: LearnResult };
  readonly echoReply?: EchoReplyIn;
}

const NOTHING: PacketInResult = { out: [] };

/** Handles a packet that arrived on `inPort`. Malformed packets are ignored. */
export function handlePacketIn(state: ForwardingState, inPort: number, data: Buffer, now: number): PacketInResult {
  try {
    const eth = decodeEthernet(data);
    if (eth.ethertype === ETH_TYPE.ARP) return handleArp(state, inPort, eth.payload, now);
    if (eth.ethertype === ETH_TYPE.IPV4) return handleIpv4(state, inPort, eth.src, eth.payload);
    return NOTHING;
  } catch (err) {
    if (err instanceof PacketDecodeError) return NOTHING;
    throw err;
  }
}

function handleArp(state: ForwardingState, inPort: number, payload: Buffer, now: number): PacketInResult {
  const arp = decodeArp(payload);
  const own = state.portAddress(inPort);
  if (!own) return NOTHING; // the offload port's copies, or an unconfigured port
  const sender = arp.spa as Ipv4Address;
  let learned: PacketInResult['learned'];
  // Learn senders on this port's subnet only; 0.0.0.0 is an ARP probe (RFC 5227), our own IP a conflict.
  if (sender !== 0 && sender !== own.ip && state.onPortSubnet(inPort, sender)) {
    const result = state.learn(sender, arp.sha, inPort, now);
    const entry = state.arp.lookup(inPort, sender);
    if (entry) learned = { entry, result };
  }
  const out: FrameOut[] = [];
  const isUplink = state.uplink?.port === inPort;
  if (!isUplink && arp.op === ARP_OP.REQUEST && arp.tpa === own.ip) {
    out.push({ port: inPort, frame: arpReplyFrame(own.mac, own.ip, arp.sha, arp.spa) });
  }
  return learned ? { out, learned } : { out };
}

function handleIpv4(state: ForwardingState, inPort: number, srcMac: MacAddress, payload: Buffer): PacketInResult {
  const ip = decodeIpv4(payload);
  const own = state.portAddress(inPort);
  if (!own || ip.dst !== own.ip || ip.protocol !== IP_PROTO.ICMP) return NOTHING;
  const icmp = decodeIcmp(ip.payload);
  if (icmp.kind === 'echo_request') {
    const reply = encodeIpv4({
      dscp: 0, ecn: 0, identification: ip.identification, flags: 0, fragmentOffset: 0, ttl: 64,
      protocol: IP_PROTO.ICMP, src: own.ip, dst: ip.src, options: Buffer.alloc(0),
      payload: encodeIcmp({ kind: 'echo_reply', identifier: icmp.identifier, sequence: icmp.sequence, data: icmp.data }),
    });
    return { out: [{ port: inPort, frame: encodeEthernet({ dst: srcMac, src: own.mac, ethertype: ETH_TYPE.IPV4, payload: reply }) }] };
  }
  if (icmp.kind === 'echo_reply') {
    return { out: [], echoReply: { from: ip.src as Ipv4Address, identifier: icmp.identifier, sequence: icmp.sequence, ttl: ip.ttl, bytes: ip.payload.length } };
  }
  return NOTHING;
}

/** An ARP request frame for `ip` out of `port`, from the router's address there. */
export function arpRequestOut(state: ForwardingState, port: number, ip: Ipv4Address): FrameOut | undefined {
  const own = state.portAddress(port);
  if (!own) return undefined;
  return { port, frame: arpRequestFrame(own.mac, own.ip, ip) };
}

/** An ICMP echo request from the router's address on `port` to `dst` at `dstMac`. */
export function echoRequestOut(
  state: ForwardingState,
  port: number,
  dst: Ipv4Address,
  dstMac: MacAddress,
  identifier: number,
  sequence: number,
  data: Buffer,
): FrameOut | undefined {
  const own = state.portAddress(port);
  if (!own) return undefined;
  const packet = encodeIpv4({
    dscp: 0, ecn: 0, identification: sequence, flags: 2, fragmentOffset: 0, ttl: 64,
    protocol: IP_PROTO.ICMP, src: own.ip, dst, options: Buffer.alloc(0),
    payload: encodeIcmp({ kind: 'echo_request', identifier, sequence, data }),
  });
  return { port, frame: encodeEthernet({ dst: dstMac, src: own.mac, ethertype: ETH_TYPE.IPV4, payload: packet }) };
}

/** ICMP type numbers, re-exported for callers that log them. */
export { ICMP_TYPE };
