/**
 * The one place FlowSpecs meet the OpenFlow wire types: FlowSpec → FLOW_MOD (add or strict
 * delete) and FLOW multipart entries → FlowSpec (for reconcile after a reconnect and for
 * flow statistics). Anything the pipeline never produces decodes to undefined ("not ours").
 */
import { label as toLabel, type Ipv4Address } from '../deps/bgp.js';
import {
  OFPCML_NO_BUFFER,
  OFPP_CONTROLLER,
  flowMod,
  type Action,
  type FlowModMessage,
  type FlowStats,
  type Instruction,
  type OxmField,
} from '../deps/openflow.js';
import { ETH_TYPE_IPV4, type FlowAction, type FlowMatch, type FlowSpec } from '../pipeline/flow-spec.js';
import { TABLE_VRF_FIB, TABLE_VRF_LOCAL } from '../pipeline/tables.js';

const ALL_ONES_64 = 0xffff_ffff_ffff_ffffn;

function maskBits(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** FlowMatch → OXM fields, prerequisites first (eth_type before ipv4/mpls fields). */
export function toOxm(m: FlowMatch): OxmField[] {
  const out: OxmField[] = [];
  if (m.inPort !== undefined) out.push({ field: 'in_port', value: m.inPort });
  if (m.metadata !== undefined) out.push({ field: 'metadata', value: m.metadata });
  if (m.ethType !== undefined) out.push({ field: 'eth_type', value: m.ethType });
  if (m.ipv4Dst !== undefined && m.ipv4Dst.length > 0) {
    out.push(
      m.ipv4Dst.length === 32
        ? { field: 'ipv4_dst', value: m.ipv4Dst.address }
        : { field: 'ipv4_dst', value: m.ipv4Dst.address, mask: maskBits(m.ipv4Dst.length) },
    );
  }
  if (m.mplsLabel !== undefined) out.push({ field: 'mpls_label', value: m.mplsLabel });
  if (m.mplsBos !== undefined) out.push({ field: 'mpls_bos', value: m.mplsBos });
  return out;
}

function toAction(a: FlowAction): Action {
  switch (a.type) {
    case 'output':
      return { type: 'output', port: a.port, maxLen: 0 };
    case 'controller':
      return { type: 'output', port: OFPP_CONTROLLER, maxLen: a.maxLen };
    case 'push-mpls':
      return { type: 'push_mpls', ethertype: a.ethType };
    case 'pop-mpls':
      return { type: 'pop_mpls', ethertype: a.ethType };
    case 'set-mpls-label':
      return { type: 'set_field', field: { field: 'mpls_label', value: a.label } };
    case 'set-eth-src':
      return { type: 'set_field', field: { field: 'eth_src', value: a.mac } };
    case 'set-eth-dst':
      return { type: 'set_field', field: { field: 'eth_dst', value: a.mac } };
    case 'dec-nw-ttl':
      return { type: 'dec_nw_ttl' };
    case 'dec-mpls-ttl':
      return { type: 'dec_mpls_ttl' };
  }
}

/** FlowSpec instructions → OpenFlow instructions. */
export function toInstructions(f: FlowSpec): Instruction[] {
  const out: Instruction[] = [];
  const i = f.instructions;
  if (i.apply && i.apply.length > 0) out.push({ type: 'apply_actions', actions: i.apply.map(toAction) });
  if (i.writeMetadata !== undefined) out.push({ type: 'write_metadata', metadata: i.writeMetadata, mask: ALL_ONES_64 });
  if (i.gotoTable !== undefined) out.push({ type: 'goto_table', tableId: i.gotoTable });
  return out;
}

/** An ADD of the flow (which also overwrites an identical match+priority in place). */
export function addFlowMod(f: FlowSpec): FlowModMessage {
  return flowMod({ command: 'add', tableId: f.table, priority: f.priority, cookie: f.cookie, match: toOxm(f.match), instructions: toInstructions(f) });
}

/** A strict delete: the exact table, priority and match the flow was added with. */
export function deleteStrictFlowMod(f: FlowSpec): FlowModMessage {
  return flowMod({ command: 'delete_strict', tableId: f.table, priority: f.priority, match: toOxm(f.match) });
}

/** A delete of every flow with exactly this cookie, in all tables (foreign flows at reconcile). */
export function deleteByCookieFlowMod(cookie: bigint): FlowModMessage {
  return flowMod({ command: 'delete', tableId: 0xff, cookie, cookieMask: ALL_ONES_64 });
}

function lengthOfMaskBits(mask: number): number | undefined {
  for (let len = 0; len <= 32; len++) if (maskBits(len) === mask >>> 0) return len;
  return undefined;
}

/** OXM fields → FlowMatch; undefined when a field is one the pipeline never uses. */
export function fromOxm(fields: readonly OxmField[]): FlowMatch | undefined {
  const m: { -readonly [K in keyof FlowMatch]: FlowMatch[K] } = {};
  for (const f of fields) {
    switch (f.field) {
      case 'in_port':
        m.inPort = f.value;
        break;
      case 'metadata':
        if (f.mask !== undefined && f.mask !== ALL_ONES_64) return undefined;
        m.metadata = f.value;
        break;
      case 'eth_type':
        m.ethType = f.value;
        break;
      case 'ipv4_dst': {
        const length = f.mask === undefined ? 32 : lengthOfMaskBits(f.mask);
        if (length === undefined) return undefined;
        m.ipv4Dst = { address: ((f.value & maskBits(length)) >>> 0) as Ipv4Address, length };
        break;
      }
      case 'mpls_label':
        m.mplsLabel = toLabel(f.value);
        break;
      case 'mpls_bos':
        if (f.value !== 0 && f.value !== 1) return undefined;
        m.mplsBos = f.value;
        break;
      default:
        return undefined;
    }
  }
  return m;
}

function fromAction(a: Action): FlowAction | undefined {
  switch (a.type) {
    case 'output':
      return a.port === OFPP_CONTROLLER ? { type: 'controller', maxLen: a.maxLen } : { type: 'output', port: a.port };
    case 'push_mpls':
      return { type: 'push-mpls', ethType: a.ethertype };
    case 'pop_mpls':
      return { type: 'pop-mpls', ethType: a.ethertype };
    case 'dec_nw_ttl':
      return { type: 'dec-nw-ttl' };
    case 'dec_mpls_ttl':
      return { type: 'dec-mpls-ttl' };
    case 'set_field': {
      const f = a.field;
      if (f.field === 'mpls_label') return { type: 'set-mpls-label', label: toLabel(f.value) };
      if (f.field === 'eth_src' && f.mask === undefined) return { type: 'set-eth-src', mac: f.value };
      if (f.field === 'eth_dst' && f.mask === undefined) return { type: 'set-eth-dst', mac: f.value };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A FLOW multipart entry → FlowSpec; undefined when the flow is not one the pipeline makes. */
export function fromFlowStats(s: FlowStats): FlowSpec | undefined {
  let match = fromOxm(s.match);
  if (!match) return undefined;
  // A /0 route travels without an ipv4_dst field; the FIB keys it as 0.0.0.0/0.
  if ((s.tableId === TABLE_VRF_FIB || s.tableId === TABLE_VRF_LOCAL) && match.ethType === ETH_TYPE_IPV4 && match.ipv4Dst === undefined && s.priority > 0) {
    match = { ...match, ipv4Dst: { address: 0 as Ipv4Address, length: 0 } };
  }
  let apply: FlowAction[] | undefined;
  let writeMetadata: bigint | undefined;
  let gotoTable: number | undefined;
  for (const i of s.instructions) {
    if (i.type === 'apply_actions') {
      apply = [];
      for (const a of i.actions) {
        const fa = fromAction(a);
        if (!fa) return undefined;
        apply.push(fa);
      }
    } else if (i.type === 'write_metadata') {
      if (i.mask !== ALL_ONES_64) return undefined;
      writeMetadata = i.metadata;
    } else if (i.type === 'goto_table') {
      gotoTable = i.tableId;
    } else {
      return undefined;
    }
  }
  const instructions = {
    ...(apply && apply.length > 0 ? { apply } : {}),
    ...(writeMetadata !== undefined ? { writeMetadata } : {}),
    ...(gotoTable !== undefined ? { gotoTable } : {}),
  };
  return { table: s.tableId, priority: s.priority, cookie: s.cookie, match, instructions };
}

/** OFPCML_NO_BUFFER re-exported for builders that want whole packets. */
export const WHOLE_PACKET = OFPCML_NO_BUFFER;
