/**
 * The controller's own description of a flow: small, typed, and independent of the OpenFlow
 * wire structures. One adapter (of-adapter.ts) turns it into FLOW_MODs and back, so the
 * router logic and its tests never see OXM TLVs.
 *
 * A flow's identity in a table is (table, priority, match) — exactly what a strict delete must
 * repeat (design §2.6: the original deleted with the wrong priority and left stale flows).
 */
import { formatIpv4Prefix, type Ipv4Prefix, type Label } from '../deps/bgp.js';
import type { MacAddress } from '../deps/openflow.js';

/** Ethernet types the pipeline matches on. */
export const ETH_TYPE_IPV4 = 0x0800;
export const ETH_TYPE_ARP = 0x0806;
export const ETH_TYPE_MPLS = 0x8847;

/** Match fields the pipeline uses (all exact, except ipv4Dst which is a prefix). */
export interface FlowMatch {
  readonly inPort?: number;
  readonly ethType?: number;
  /** The VRF id written by the classifier (exact match on the whole 64-bit field). */
  readonly metadata?: bigint;
  readonly ipv4Dst?: Ipv4Prefix;
  readonly mplsLabel?: Label;
  readonly mplsBos?: 0 | 1;
}

/** Actions, applied in list order (TTL actions must come before output: design §3). */
export type FlowAction =
  | { readonly type: 'output'; readonly port: number }
  | { readonly type: 'controller'; readonly maxLen: number }
  | { readonly type: 'push-mpls'; readonly ethType: number }
  | { readonly type: 'pop-mpls'; readonly ethType: number }
  | { readonly type: 'set-mpls-label'; readonly label: Label }
  | { readonly type: 'set-eth-src'; readonly mac: MacAddress }
  | { readonly type: 'set-eth-dst'; readonly mac: MacAddress }
  | { readonly type: 'dec-nw-ttl' }
  | { readonly type: 'dec-mpls-ttl' };

/** Instructions of a flow; no apply-actions and no goto means drop. */
export interface FlowInstructions {
  readonly apply?: readonly FlowAction[];
  readonly writeMetadata?: bigint;
  readonly gotoTable?: number;
}

/** One flow the controller wants in the switch. */
export interface FlowSpec {
  readonly table: number;
  readonly priority: number;
  readonly cookie: bigint;
  readonly match: FlowMatch;
  readonly instructions: FlowInstructions;
}

/** Canonical text of a match: field order fixed, so equal matches give equal text. (Hot path: no arrays.) */
export function matchKey(m: FlowMatch): string {
  let t = '';
  if (m.inPort !== undefined) t += `in_port=${m.inPort},`;
  if (m.ethType !== undefined) t += `eth_type=0x${m.ethType.toString(16)},`;
  if (m.metadata !== undefined) t += `metadata=${m.metadata},`;
  if (m.ipv4Dst !== undefined) t += `ipv4_dst=${formatIpv4Prefix(m.ipv4Dst)},`;
  if (m.mplsLabel !== undefined) t += `mpls_label=${m.mplsLabel},`;
  if (m.mplsBos !== undefined) t += `mpls_bos=${m.mplsBos},`;
  return t.length > 0 ? t.slice(0, -1) : t;
}

/** Identity of a flow in the switch: what a strict delete repeats. */
export function flowKey(f: Pick<FlowSpec, 'table' | 'priority' | 'match'>): string {
  return `${f.table}/${f.priority}/${matchKey(f.match)}`;
}

function actionText(a: FlowAction): string {
  switch (a.type) {
    case 'output':
      return `output:${a.port}`;
    case 'controller':
      return `controller:${a.maxLen}`;
    case 'push-mpls':
      return `push_mpls:0x${a.ethType.toString(16)}`;
    case 'pop-mpls':
      return `pop_mpls:0x${a.ethType.toString(16)}`;
    case 'set-mpls-label':
      return `set_mpls_label:${a.label}`;
    case 'set-eth-src':
      return `set_eth_src:${a.mac}`;
    case 'set-eth-dst':
      return `set_eth_dst:${a.mac}`;
    case 'dec-nw-ttl':
      return 'dec_ttl';
    case 'dec-mpls-ttl':
      return 'dec_mpls_ttl';
  }
}

/** Canonical text of a flow's instructions (and cookie): equal text = nothing to change. */
export function instructionsKey(f: Pick<FlowSpec, 'cookie' | 'instructions'>): string {
  const i = f.instructions;
  const parts = [`cookie=${f.cookie}`];
  if (i.apply && i.apply.length > 0) parts.push(`apply(${i.apply.map(actionText).join(',')})`);
  if (i.writeMetadata !== undefined) parts.push(`meta=${i.writeMetadata}`);
  if (i.gotoTable !== undefined) parts.push(`goto=${i.gotoTable}`);
  return parts.join(' ');
}

/** Human-readable one-liner (logs, test failure messages). */
export function describeFlow(f: FlowSpec): string {
  return `table=${f.table} priority=${f.priority} ${matchKey(f.match)} ${instructionsKey(f)}`;
}
