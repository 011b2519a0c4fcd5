/**
 * FEATURES_REPLY (§7.3.1) and GET_CONFIG_REPLY / SET_CONFIG (§7.3.2).
 */
import type { Dpid } from '../types/dpid.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** OFPT_FEATURES_REPLY. `capabilities` is an OFPC_ bitmap. */
export interface FeaturesReplyMessage {
  readonly type: 'features_reply';
  readonly xid: number;
  readonly datapathId: Dpid;
  readonly nBuffers: number;
  readonly nTables: number;
  readonly auxiliaryId: number;
  readonly capabilities: number;
  readonly reserved: number;
}

/** OFPT_GET_CONFIG_REPLY / OFPT_SET_CONFIG. `flags` holds OFPC_FRAG_*. */
export interface SwitchConfigMessage {
  readonly type: 'get_config_reply' | 'set_config';
  readonly xid: number;
  readonly flags: number;
  /** Bytes of a table-miss packet sent to the controller (OFPCML_NO_BUFFER = all). */
  readonly missSendLen: number;
}

/** Decodes a FEATURES_REPLY body. */
export function decodeFeaturesReply(r: OfReader, xid: number): FeaturesReplyMessage {
  const datapathId = r.u64();
  const nBuffers = r.u32();
  const nTables = r.u8();
  const auxiliaryId = r.u8();
  r.skip(2);
  const capabilities = r.u32();
  const reserved = r.u32();
  return { type: 'features_reply', xid, datapathId, nBuffers, nTables, auxiliaryId, capabilities, reserved };
}

/** Encodes a FEATURES_REPLY body. */
export function encodeFeaturesReply(w: OfWriter, m: FeaturesReplyMessage): void {
  w.u64(m.datapathId).u32(m.nBuffers).u8(m.nTables).u8(m.auxiliaryId).zeros(2).u32(m.capabilities).u32(m.reserved);
}

/** Decodes a GET_CONFIG_REPLY or SET_CONFIG body. */
export function decodeSwitchConfig(r: OfReader, xid: number, type: SwitchConfigMessage['type']): SwitchConfigMessage {
  const flags = r.u16();
  return { type, xid, flags, missSendLen: r.u16() };
}

/** Encodes a GET_CONFIG_REPLY or SET_CONFIG body. */
export function encodeSwitchConfig(w: OfWriter, m: SwitchConfigMessage): void {
  w.u16(m.flags).u16(m.missSendLen);
}
