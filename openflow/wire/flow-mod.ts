/**
 * OFPT_FLOW_MOD (§7.3.4.1) and OFPT_FLOW_REMOVED (§7.4.2).
 */
import { OFP_NO_BUFFER, OFPG_ANY, OFPP_ANY } from './constants.js';
import { OfDecodeError } from './decode-error.js';
import { decodeInstructions, encodeInstructions, type Instruction } from './instructions.js';
import { decodeMatch, encodeMatch, type Match } from './oxm.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** `enum ofp_flow_mod_command` by name. */
export type FlowModCommand = 'add' | 'modify' | 'modify_strict' | 'delete' | 'delete_strict';
const COMMANDS: readonly FlowModCommand[] = ['add', 'modify', 'modify_strict', 'delete', 'delete_strict'];

/** Priority a flow gets when none is given (`OFP_DEFAULT_PRIORITY`). */
export const OFP_DEFAULT_PRIORITY = 0x8000;

/**
 * OFPT_FLOW_MOD. `flags` is an OFPFF_ bitmap; `outPort`/`outGroup` filter deletes
 * (OFPP_ANY / OFPG_ANY = no filter); `cookieMask` non-zero restricts modify/delete by cookie.
 */
export interface FlowModMessage {
  readonly type: 'flow_mod';
  readonly xid: number;
  readonly cookie: bigint;
  readonly cookieMask: bigint;
  readonly tableId: number;
  readonly command: FlowModCommand;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly priority: number;
  readonly bufferId: number;
  readonly outPort: number;
  readonly outGroup: number;
  readonly flags: number;
  readonly match: Match;
  readonly instructions: readonly Instruction[];
}

/** Why a flow was removed. */
export type FlowRemovedReason = 'idle_timeout' | 'hard_timeout' | 'delete' | 'group_delete' | 'meter_delete';
// meter_delete (4) is OpenFlow 1.4's, but OVS uses the same numbering on every version.
const FR_REASONS: readonly FlowRemovedReason[] = ['idle_timeout', 'hard_timeout', 'delete', 'group_delete', 'meter_delete'];

/** OFPT_FLOW_REMOVED (only for flows added with OFPFF_SEND_FLOW_REM). */
export interface FlowRemovedMessage {
  readonly type: 'flow_removed';
  readonly xid: number;
  readonly cookie: bigint;
  readonly priority: number;
  readonly reason: FlowRemovedReason;
  readonly tableId: number;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly match: Match;
}

/** A flow-mod with the usual defaults filled in: add, table 0, priority 0x8000, no buffer, no filters. */
export function flowMod(fields: Partial<Omit<FlowModMessage, 'type'>> = {}): FlowModMessage {
  return {
    type: 'flow_mod',
    xid: 0,
    cookie: 0n,
    cookieMask: 0n,
    tableId: 0,
    command: 'add',
    idleTimeout: 0,
    hardTimeout: 0,
    priority: OFP_DEFAULT_PRIORITY,
    bufferId: OFP_NO_BUFFER,
    outPort: OFPP_ANY,
    outGroup: OFPG_ANY,
    flags: 0,
    match: [],
    instructions: [],
    ...fields,
  };
}

/** Decodes a FLOW_MOD body. */
export function decodeFlowMod(r: OfReader, xid: number): FlowModMessage {
  const cookie = r.u64();
  const cookieMask = r.u64();
  const tableId = r.u8();
  const code = r.u8();
  const command = COMMANDS[code];
  if (!command) throw new OfDecodeError(`flow-mod command ${code}`, r.pos - 1);
  const idleTimeout = r.u16();
  const hardTimeout = r.u16();
  const priority = r.u16();
  const bufferId = r.u32();
  const outPort = r.u32();
  const outGroup = r.u32();
  const flags = r.u16();
  r.skip(2);
  const match = decodeMatch(r);
  const instructions = decodeInstructions(r);
  return { type: 'flow_mod', xid, cookie, cookieMask, tableId, command, idleTimeout, hardTimeout, priority, bufferId, outPort, outGroup, flags, match, instructions };
}

/** Encodes a FLOW_MOD body. */
export function encodeFlowMod(w: OfWriter, m: FlowModMessage): void {
  w.u64(m.cookie).u64(m.cookieMask).u8(m.tableId).u8(COMMANDS.indexOf(m.command));
  w.u16(m.idleTimeout).u16(m.hardTimeout).u16(m.priority).u32(m.bufferId).u32(m.outPort).u32(m.outGroup).u16(m.flags).zeros(2);
  encodeMatch(w, m.match);
  encodeInstructions(w, m.instructions);
}

/** Decodes a FLOW_REMOVED body. */
export function decodeFlowRemoved(r: OfReader, xid: number): FlowRemovedMessage {
  const cookie = r.u64();
  const priority = r.u16();
  const code = r.u8();
  const reason = FR_REASONS[code];
  if (!reason) throw new OfDecodeError(`flow-removed reason ${code}`, r.pos - 1);
  const tableId = r.u8();
  const durationSec = r.u32();
  const durationNsec = r.u32();
  const idleTimeout = r.u16();
  const hardTimeout = r.u16();
  const packetCount = r.u64();
  const byteCount = r.u64();
  const match = decodeMatch(r);
  return { type: 'flow_removed', xid, cookie, priority, reason, tableId, durationSec, durationNsec, idleTimeout, hardTimeout, packetCount, byteCount, match };
}

/** Encodes a FLOW_REMOVED body. */
export function encodeFlowRemoved(w: OfWriter, m: FlowRemovedMessage): void {
  w.u64(m.cookie).u16(m.priority).u8(FR_REASONS.indexOf(m.reason)).u8(m.tableId).u32(m.durationSec).u32(m.durationNsec);
  w.u16(m.idleTimeout).u16(m.hardTimeout).u64(m.packetCount).u64(m.byteCount);
  encodeMatch(w, m.match);
}
