/**
 * OFPT_MULTIPART_REQUEST / OFPT_MULTIPART_REPLY (§7.3.5): DESC, FLOW, AGGREGATE, TABLE,
 * PORT_STATS and PORT_DESC bodies; other kinds kept raw. A reply may be split over several
 * messages with OFPMPF_REPLY_MORE set on all but the last: {@link mergeMultipartReplies}
 * joins the parts once the connection has collected them.
 */
import { OFPMP, OFPMPF_REPLY_MORE, OFPG_ANY, OFPP_ANY, OFPTT_ALL } from './constants.js';
import { OfDecodeError } from './decode-error.js';
import { decodeInstructions, encodeInstructions, type Instruction } from './instructions.js';
import { decodeMatch, encodeMatch, type Match } from './oxm.js';
import { decodePort, encodePort, type PortDesc } from './port.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** Filter of a FLOW or AGGREGATE request (`struct ofp_flow_stats_request`). */
export interface FlowStatsFilter {
  readonly tableId: number;
  readonly outPort: number;
  readonly outGroup: number;
  readonly cookie: bigint;
  readonly cookieMask: bigint;
  readonly match: Match;
}

/** Body of a multipart request. */
export type MultipartRequestBody =
  | { readonly kind: 'desc' }
  | ({ readonly kind: 'flow' } & FlowStatsFilter)
  | ({ readonly kind: 'aggregate' } & FlowStatsFilter)
  | { readonly kind: 'table' }
  /** OFPP_ANY = all ports. */
  | { readonly kind: 'port_stats'; readonly portNo: number }
  | { readonly kind: 'port_desc' }
  | { readonly kind: 'unknown'; readonly mpType: number; readonly body: Buffer };

/** One entry of a FLOW reply (`struct ofp_flow_stats`). */
export interface FlowStats {
  readonly tableId: number;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly priority: number;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
  readonly cookie: bigint;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly match: Match;
  readonly instructions: readonly Instruction[];
}

/** One entry of a TABLE reply. */
export interface TableStats {
  readonly tableId: number;
  readonly activeCount: number;
  readonly lookupCount: bigint;
  readonly matchedCount: bigint;
}

/** One entry of a PORT_STATS reply. Counters a switch does not keep are all-ones. */
export interface PortStats {
  readonly portNo: number;
  readonly rxPackets: bigint;
  readonly txPackets: bigint;
  readonly rxBytes: bigint;
  readonly txBytes: bigint;
  readonly rxDropped: bigint;
  readonly txDropped: bigint;
  readonly rxErrors: bigint;
  readonly txErrors: bigint;
  readonly rxFrameErr: bigint;
  readonly rxOverErr: bigint;
  readonly rxCrcErr: bigint;
  readonly collisions: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
}

/** Body of a multipart reply. */
export type MultipartReplyBody =
  | {
      readonly kind: 'desc';
      readonly mfrDesc: string;
      readonly hwDesc: string;
      readonly swDesc: string;
      readonly serialNum: string;
      readonly dpDesc: string;
    }
  | { readonly kind: 'flow'; readonly flows: readonly FlowStats[] }
  | { readonly kind: 'aggregate'; readonly packetCount: bigint; readonly byteCount: bigint; readonly flowCount: number }
  | { readonly kind: 'table'; readonly tables: readonly TableStats[] }
  | { readonly kind: 'port_stats'; readonly ports: readonly PortStats[] }
  | { readonly kind: 'port_desc'; readonly ports: readonly PortDesc[] }
  | { readonly kind: 'unknown'; readonly mpType: number; readonly body: Buffer };

/** OFPT_MULTIPART_REQUEST. `flags` bit OFPMPF_REQ_MORE. */
export interface MultipartRequestMessage {
  readonly type: 'multipart_request';
  readonly xid: number;
  readonly flags: number;
  readonly body: MultipartRequestBody;
}

/** OFPT_MULTIPART_REPLY. `flags` bit OFPMPF_REPLY_MORE: more parts with this xid follow. */
export interface MultipartReplyMessage {
  readonly type: 'multipart_reply';
  readonly xid: number;
  readonly flags: number;
  readonly body: MultipartReplyBody;
}

/** True when more parts of this reply follow (OFPMPF_REPLY_MORE). */
export function isReplyMore(m: MultipartReplyMessage): boolean {
  return (m.flags & OFPMPF_REPLY_MORE) !== 0;
}

/** A FLOW (or AGGREGATE) request over all tables, ports and groups, optionally narrowed. */
export function flowStatsRequest(xid: number, filter: Partial<FlowStatsFilter> = {}, kind: 'flow' | 'aggregate' = 'flow'): MultipartRequestMessage {
  return {
    type: 'multipart_request',
    xid,
    flags: 0,
    body: { kind, tableId: OFPTT_ALL, outPort: OFPP_ANY, outGroup: OFPG_ANY, cookie: 0n, cookieMask: 0n, match: [], ...filter },
  };
}

/** Joins the parts of a split reply (same xid, same kind) into one message with flags 0. */
export function mergeMultipartReplies(parts: readonly MultipartReplyMessage[]): MultipartReplyMessage {
  const first = parts[0];
  if (!first) throw new RangeError('no multipart reply parts');
  const kind = first.body.kind;
  if (parts.some((p) => p.body.kind !== kind)) throw new RangeError('multipart reply parts of different kinds');
  let body: MultipartReplyBody;
  switch (first.body.kind) {
    case 'flow':
      body = { kind: 'flow', flows: parts.flatMap((p) => (p.body.kind === 'flow' ? p.body.flows : [])) };
      break;
    case 'table':
      body = { kind: 'table', tables: parts.flatMap((p) => (p.body.kind === 'table' ? p.body.tables : [])) };
      break;
    case 'port_stats':
      body = { kind: 'port_stats', ports: parts.flatMap((p) => (p.body.kind === 'port_stats' ? p.body.ports : [])) };
      break;
    case 'port_desc':
      body = { kind: 'port_desc', ports: parts.flatMap((p) => (p.body.kind === 'port_desc' ? p.body.ports : [])) };
      break;
    case 'unknown':
      body = { kind: 'unknown', mpType: first.body.mpType, body: Buffer.concat(parts.map((p) => (p.body.kind === 'unknown' ? p.body.body : Buffer.alloc(0)))) };
      break;
    default:
      body = parts[parts.length - 1]!.body;
  }
  return { type: 'multipart_reply', xid: first.xid, flags: 0, body };
}

function decodeFilter(r: OfReader): FlowStatsFilter {
  const tableId = r.u8();
  r.skip(3);
  const outPort = r.u32();
  const outGroup = r.u32();
  r.skip(4);
  const cookie = r.u64();
  const cookieMask = r.u64();
  return { tableId, outPort, outGroup, cookie, cookieMask, match: decodeMatch(r) };
}

function encodeFilter(w: OfWriter, f: FlowStatsFilter): void {
  w.u8(f.tableId).zeros(3).u32(f.outPort).u32(f.outGroup).zeros(4).u64(f.cookie).u64(f.cookieMask);
  encodeMatch(w, f.match);
}

function expectEnd(r: OfReader, what: string): void {
  if (r.remaining !== 0) throw new OfDecodeError(`${r.remaining} trailing bytes in ${what}`, r.pos);
}

/** Decodes a MULTIPART_REQUEST body. */
export function decodeMultipartRequest(r: OfReader, xid: number): MultipartRequestMessage {
  const mpType = r.u16();
  const flags = r.u16();
  r.skip(4);
  let body: MultipartRequestBody;
  switch (mpType) {
    case OFPMP.DESC:
      body = { kind: 'desc' };
      break;
    case OFPMP.FLOW:
      body = { kind: 'flow', ...decodeFilter(r) };
      break;
    case OFPMP.AGGREGATE:
      body = { kind: 'aggregate', ...decodeFilter(r) };
      break;
    case OFPMP.TABLE:
      body = { kind: 'table' };
      break;
    case OFPMP.PORT_STATS: {
      const portNo = r.u32();
      r.skip(4);
      body = { kind: 'port_stats', portNo };
      break;
    }
    case OFPMP.PORT_DESC:
      body = { kind: 'port_desc' };
      break;
    default:
      body = { kind: 'unknown', mpType, body: r.rest() };
  }
  expectEnd(r, 'multipart request');
  return { type: 'multipart_request', xid, flags, body };
}

const MP_TYPE: Record<Exclude<MultipartRequestBody['kind'], 'unknown'>, number> = {
  desc: OFPMP.DESC,
  flow: OFPMP.FLOW,
  aggregate: OFPMP.AGGREGATE,
  table: OFPMP.TABLE,
  port_stats: OFPMP.PORT_STATS,
  port_desc: OFPMP.PORT_DESC,
};

/** Encodes a MULTIPART_REQUEST body. */
export function encodeMultipartRequest(w: OfWriter, m: MultipartRequestMessage): void {
  const b = m.body;
  w.u16(b.kind === 'unknown' ? b.mpType : MP_TYPE[b.kind]).u16(m.flags).zeros(4);
  switch (b.kind) {
    case 'flow':
    case 'aggregate':
      encodeFilter(w, b);
      break;
    case 'port_stats':
      w.u32(b.portNo).zeros(4);
      break;
    case 'unknown':
      w.bytes(b.body);
      break;
    default:
      break;
  }
}

function decodeFlowStats(r: OfReader): FlowStats {
  const start = r.pos;
  const len = r.u16();
  if (len < 56) throw new OfDecodeError(`flow stats length ${len}`, start);
  const b = r.sub(len - 2, 'flow stats');
  const tableId = b.u8();
  b.skip(1);
  const durationSec = b.u32();
  const durationNsec = b.u32();
  const priority = b.u16();
  const idleTimeout = b.u16();
  const hardTimeout = b.u16();
  const flags = b.u16();
  b.skip(4);
  const cookie = b.u64();
  const packetCount = b.u64();
  const byteCount = b.u64();
  const match = decodeMatch(b);
  const instructions = decodeInstructions(b);
  return { tableId, durationSec, durationNsec, priority, idleTimeout, hardTimeout, flags, cookie, packetCount, byteCount, match, instructions };
}

function encodeFlowStats(w: OfWriter, f: FlowStats): void {
  const start = w.pos;
  w.u16(0).u8(f.tableId).zeros(1).u32(f.durationSec).u32(f.durationNsec).u16(f.priority).u16(f.idleTimeout).u16(f.hardTimeout).u16(f.flags).zeros(4);
  w.u64(f.cookie).u64(f.packetCount).u64(f.byteCount);
  encodeMatch(w, f.match);
  encodeInstructions(w, f.instructions);
  w.patchLen16(start, start);
}

function decodePortStats(r: OfReader): PortStats {
  r.need(112, 'port stats');
  const portNo = r.u32();
  r.skip(4);
  return {
    portNo,
    rxPackets: r.u64(),
    txPackets: r.u64(),
    rxBytes: r.u64(),
    txBytes: r.u64(),
    rxDropped: r.u64(),
    txDropped: r.u64(),
    rxErrors: r.u64(),
    txErrors: r.u64(),
    rxFrameErr: r.u64(),
    rxOverErr: r.u64(),
    rxCrcErr: r.u64(),
    collisions: r.u64(),
    durationSec: r.u32(),
    durationNsec: r.u32(),
  };
}

function encodePortStats(w: OfWriter, p: PortStats): void {
  w.u32(p.portNo).zeros(4);
  for (const v of [p.rxPackets, p.txPackets, p.rxBytes, p.txBytes, p.rxDropped, p.txDropped, p.rxErrors, p.txErrors, p.rxFrameErr, p.rxOverErr, p.rxCrcErr, p.collisions]) w.u64(v);
  w.u32(p.durationSec).u32(p.durationNsec);
}

/** Decodes a MULTIPART_REPLY body. */
export function decodeMultipartReply(r: OfReader, xid: number): MultipartReplyMessage {
  const mpType = r.u16();
  const flags = r.u16();
  r.skip(4);
  let body: MultipartReplyBody;
  switch (mpType) {
    case OFPMP.DESC:
      body = { kind: 'desc', mfrDesc: r.fixedString(256), hwDesc: r.fixedString(256), swDesc: r.fixedString(256), serialNum: r.fixedString(32), dpDesc: r.fixedString(256) };
      break;
    case OFPMP.FLOW: {
      const flows: FlowStats[] = [];
      while (r.remaining > 0) flows.push(decodeFlowStats(r));
      body = { kind: 'flow', flows };
      break;
    }
    case OFPMP.AGGREGATE: {
      const packetCount = r.u64();
      const byteCount = r.u64();
      const flowCount = r.u32();
      r.skip(4);
      body = { kind: 'aggregate', packetCount, byteCount, flowCount };
      break;
    }
    case OFPMP.TABLE: {
      const tables: TableStats[] = [];
      while (r.remaining > 0) {
        const tableId = r.u8();
        r.skip(3);
        const activeCount = r.u32();
        const lookupCount = r.u64();
        tables.push({ tableId, activeCount, lookupCount, matchedCount: r.u64() });
      }
      body = { kind: 'table', tables };
      break;
    }
    case OFPMP.PORT_STATS: {
      const ports: PortStats[] = [];
      while (r.remaining > 0) ports.push(decodePortStats(r));
      body = { kind: 'port_stats', ports };
      break;
    }
    case OFPMP.PORT_DESC: {
      const ports: PortDesc[] = [];
      while (r.remaining > 0) ports.push(decodePort(r));
      body = { kind: 'port_desc', ports };
      break;
    }
    default:
      body = { kind: 'unknown', mpType, body: r.rest() };
  }
  expectEnd(r, 'multipart reply');
  return { type: 'multipart_reply', xid, flags, body };
}

/** Encodes a MULTIPART_REPLY body. */
export function encodeMultipartReply(w: OfWriter, m: MultipartReplyMessage): void {
  const b = m.body;
  w.u16(b.kind === 'unknown' ? b.mpType : MP_TYPE[b.kind]).u16(m.flags).zeros(4);
  switch (b.kind) {
    case 'desc':
      w.fixedString(b.mfrDesc, 256).fixedString(b.hwDesc, 256).fixedString(b.swDesc, 256).fixedString(b.serialNum, 32).fixedString(b.dpDesc, 256);
      break;
    case 'flow':
      for (const f of b.flows) encodeFlowStats(w, f);
      break;
    case 'aggregate':
      w.u64(b.packetCount).u64(b.byteCount).u32(b.flowCount).zeros(4);
      break;
    case 'table':
      for (const t of b.tables) w.u8(t.tableId).zeros(3).u32(t.activeCount).u64(t.lookupCount).u64(t.matchedCount);
      break;
    case 'port_stats':
      for (const p of b.ports) encodePortStats(w, p);
      break;
    case 'port_desc':
      for (const p of b.ports) encodePort(w, p);
      break;
    case 'unknown':
      w.bytes(b.body);
      break;
  }
}
