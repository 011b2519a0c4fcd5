/**
 * OFPT_PACKET_IN (§7.4.1) and OFPT_PACKET_OUT (§7.3.7).
 */
import { decodeActions, encodeActions, type Action } from './actions.js';
import { OFP_NO_BUFFER, OFPP_CONTROLLER } from './constants.js';
import { OfDecodeError } from './decode-error.js';
import { decodeMatch, encodeMatch, getField, type Match } from './oxm.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** Why a packet was sent to the controller. */
export type PacketInReason = 'no_match' | 'action' | 'invalid_ttl';
const PI_REASONS: readonly PacketInReason[] = ['no_match', 'action', 'invalid_ttl'];

/**
 * OFPT_PACKET_IN. `match` carries the pipeline fields (in_port at least; OVS adds
 * metadata and its own NXM fields, which decode as `unknown`). Use {@link packetInPort}.
 */
export interface PacketInMessage {
  readonly type: 'packet_in';
  readonly xid: number;
  readonly bufferId: number;
  readonly totalLen: number;
  readonly reason: PacketInReason;
  readonly tableId: number;
  readonly cookie: bigint;
  readonly match: Match;
  readonly data: Buffer;
}

/** OFPT_PACKET_OUT. With `bufferId` OFP_NO_BUFFER, `data` is the frame to send. */
export interface PacketOutMessage {
  readonly type: 'packet_out';
  readonly xid: number;
  readonly bufferId: number;
  readonly inPort: number;
  readonly actions: readonly Action[];
  readonly data: Buffer;
}

/** The in_port field of a packet-in's match (OFPP_CONTROLLER if absent, which OVS never does). */
export function packetInPort(m: PacketInMessage): number {
  return getField(m.match, 'in_port')?.value ?? OFPP_CONTROLLER;
}

/** Builds an unbuffered PACKET_OUT of `data` with the given actions (in_port CONTROLLER). */
export function packetOut(xid: number, data: Buffer, actions: readonly Action[], inPort: number = OFPP_CONTROLLER): PacketOutMessage {
  return { type: 'packet_out', xid, bufferId: OFP_NO_BUFFER, inPort, actions, data };
}

/** Decodes a PACKET_IN body. */
export function decodePacketIn(r: OfReader, xid: number): PacketInMessage {
  const bufferId = r.u32();
  const totalLen = r.u16();
  const code = r.u8();
  const reason = PI_REASONS[code];
  if (!reason) throw new OfDecodeError(`packet-in reason ${code}`, r.pos - 1);
  const tableId = r.u8();
  const cookie = r.u64();
  const match = decodeMatch(r);
  r.skip(2);
  return { type: 'packet_in', xid, bufferId, totalLen, reason, tableId, cookie, match, data: r.rest() };
}

/** Encodes a PACKET_IN body. */
export function encodePacketIn(w: OfWriter, m: PacketInMessage): void {
  w.u32(m.bufferId).u16(m.totalLen).u8(PI_REASONS.indexOf(m.reason)).u8(m.tableId).u64(m.cookie);
  encodeMatch(w, m.match);
  w.zeros(2).bytes(m.data);
}

/** Decodes a PACKET_OUT body. */
export function decodePacketOut(r: OfReader, xid: number): PacketOutMessage {
  const bufferId = r.u32();
  const inPort = r.u32();
  const actionsLen = r.u16();
  r.skip(6);
  const actions = decodeActions(r.sub(actionsLen, 'packet-out actions'));
  return { type: 'packet_out', xid, bufferId, inPort, actions, data: r.rest() };
}

/** Encodes a PACKET_OUT body. */
export function encodePacketOut(w: OfWriter, m: PacketOutMessage): void {
  w.u32(m.bufferId).u32(m.inPort);
  const lenAt = w.pos;
  w.u16(0).zeros(6);
  const start = w.pos;
  encodeActions(w, m.actions);
  w.patchLen16(lenAt, start);
  w.bytes(m.data);
}
