/**
 * A tiny OpenFlow 1.3 pipeline interpreter over the controller's FlowSpecs, so unit tests can
 * assert forwarding behaviour ("this packet leaves port 1 with label 2001") instead of flow text.
 * It implements only what the pipeline uses; a tie between two matching flows of the same
 * priority is an error (OpenFlow leaves the choice undefined).
 */
import type { FlowSpec } from '../../../controller/pipeline/flow-spec.js';

export interface SimPacket {
  inPort: number;
  ethType: number;
  ipv4Dst?: number;
  labels?: number[];
  ethSrc?: string;
  ethDst?: string;
}

export interface SimResult {
  outputs: Array<{ port: number; packet: SimPacket }>;
  toController: boolean;
  /** Tables visited, in order. */
  tables: number[];
}

function matches(f: FlowSpec, p: SimPacket, metadata: bigint): boolean {
  const m = f.match;
  if (m.inPort !== undefined && m.inPort !== p.inPort) return false;
  if (m.ethType !== undefined && m.ethType !== p.ethType) return false;
  if (m.metadata !== undefined && m.metadata !== metadata) return false;
  if (m.ipv4Dst !== undefined) {
    if (p.ipv4Dst === undefined) return false;
    const mask = m.ipv4Dst.length === 0 ? 0 : (0xffffffff << (32 - m.ipv4Dst.length)) >>> 0;
    if (((p.ipv4Dst & mask) >>> 0) !== m.ipv4Dst.address) return false;
  }
  if (m.mplsLabel !== undefined && p.labels?.[0] !== m.mplsLabel) return false;
  if (m.mplsBos !== undefined && (p.labels?.length === 1 ? 1 : 0) !== m.mplsBos) return false;
  return true;
}

/** Runs `packet` through `flows` from table 0. */
export function simulate(flows: readonly FlowSpec[], packet: SimPacket): SimResult {
  const p: SimPacket = { ...packet, labels: [...(packet.labels ?? [])] };
  const result: SimResult = { outputs: [], toController: false, tables: [] };
  let table: number | undefined = 0;
  let metadata = 0n;
  while (table !== undefined) {
    result.tables.push(table);
    const candidates = flows.filter((f) => f.table === table && matches(f, p, metadata));
    if (candidates.length === 0) return result;
    const top = Math.max(...candidates.map((f) => f.priority));
    const best = candidates.filter((f) => f.priority === top);
    if (best.length > 1) throw new Error(`ambiguous match in table ${table} at priority ${top}`);
    const i = best[0]!.instructions;
    for (const a of i.apply ?? []) {
      switch (a.type) {
        case 'output':
          result.outputs.push({ port: a.port, packet: { ...p, labels: [...p.labels!] } });
          break;
        case 'controller':
          result.toController = true;
          break;
        case 'push-mpls':
          p.labels!.unshift(0);
          p.ethType = a.ethType;
          break;
        case 'pop-mpls':
          p.labels!.shift();
          p.ethType = a.ethType;
          break;
        case 'set-mpls-label':
          p.labels![0] = a.label;
          break;
        case 'set-eth-src':
          p.ethSrc = a.mac;
          break;
        case 'set-eth-dst':
          p.ethDst = a.mac;
          break;
        case 'dec-nw-ttl':
        case 'dec-mpls-ttl':
          break;
      }
    }
    if (i.writeMetadata !== undefined) metadata = i.writeMetadata;
    table = i.gotoTable;
  }
  return result;
}
