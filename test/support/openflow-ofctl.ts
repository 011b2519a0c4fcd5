/**
 * Reading flows back two independent ways and comparing them field by field: the
 * `ovs-ofctl -O OpenFlow13 dump-flows` text (parsed here), and our FLOW multipart reply
 * (rendered here into the same normalized form, using ovs-ofctl's spelling: `nw_dst=`,
 * `dec_ttl`, `CONTROLLER:len`...). Only the spellings the pipeline's flows use are covered;
 * anything else renders as `?field` so that a comparison fails loudly instead of matching.
 */
import { OFPP_CONTROLLER, type Action, type FlowStats, type Instruction, type OxmField } from '../../openflow/index.js';

/** A flow in comparable form. */
export interface NormalFlow {
  readonly table: number;
  readonly priority: number;
  readonly cookie: string;
  /** Match tokens (`ip`, `in_port=1`, `nw_dst=10.1.2.0/24`...), sorted. */
  readonly match: readonly string[];
  /** Actions and instructions in ovs-ofctl order. */
  readonly actions: readonly string[];
  readonly packets: number;
}

/** What both a FLOW multipart entry and a flow-mod carry. */
export type FlowLike = Pick<FlowStats, 'tableId' | 'priority' | 'cookie' | 'match' | 'instructions'> & { readonly packetCount?: bigint };

/** Parses `ovs-ofctl dump-flows` output (with stats) into normalized flows. */
export function parseDumpFlows(text: string): NormalFlow[] {
  const flows: NormalFlow[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('cookie=')) continue;
    const [head, actions] = line.split(' actions=') as [string, string];
    const parts = head.split(', ');
    const fields = new Map<string, string>();
    for (const p of parts.slice(0, -1)) {
      const [k, v] = p.split('=') as [string, string];
      fields.set(k, v);
    }
    const matchTokens = parts[parts.length - 1]!.split(',');
    let priority = 32768;
    const match: string[] = [];
    for (const t of matchTokens) {
      if (t.startsWith('priority=')) priority = Number(t.slice(9));
      else match.push(t);
    }
    flows.push({
      table: Number(fields.get('table') ?? 0),
      priority,
      cookie: fields.get('cookie') ?? '0x0',
      match: match.sort(),
      actions: actions === 'drop' ? [] : actions.split(','),
      packets: Number(fields.get('n_packets') ?? 0),
    });
  }
  return sortFlows(flows);
}

/** Renders our FLOW multipart entries in the same normalized form. */
export function normalizeStats(stats: readonly FlowLike[]): NormalFlow[] {
  return sortFlows(
    stats.map((s) => ({
      table: s.tableId,
      priority: s.priority,
      cookie: `0x${s.cookie.toString(16)}`,
      match: s.match.map(matchToken).sort(),
      actions: instructionTokens(s.instructions),
      packets: Number(s.packetCount ?? 0n),
    })),
  );
}

function sortFlows(flows: NormalFlow[]): NormalFlow[] {
  return flows.sort((a, b) => a.table - b.table || b.priority - a.priority || a.match.join().localeCompare(b.match.join()));
}

function ip(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function prefixLen(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) n++;
  return n;
}

const ETH_SHORTHAND: Record<number, string> = { 0x0800: 'ip', 0x0806: 'arp', 0x8847: 'mpls' };

function matchToken(f: OxmField): string {
  switch (f.field) {
    case 'eth_type':
      return ETH_SHORTHAND[f.value] ?? `dl_type=0x${f.value.toString(16).padStart(4, '0')}`;
    case 'in_port':
      return `in_port=${f.value}`;
    case 'metadata':
      return f.mask === undefined ? `metadata=0x${f.value.toString(16)}` : `metadata=0x${f.value.toString(16)}/0x${f.mask.toString(16)}`;
    case 'ipv4_dst':
    case 'ipv4_src': {
      const name = f.field === 'ipv4_dst' ? 'nw_dst' : 'nw_src';
      return f.mask === undefined || f.mask === 0xffffffff ? `${name}=${ip(f.value)}` : `${name}=${ip(f.value)}/${prefixLen(f.mask)}`;
    }
    case 'mpls_label':
      return `mpls_label=${f.value}`;
    case 'mpls_bos':
      return `mpls_bos=${f.value}`;
    case 'eth_dst':
      return `dl_dst=${f.value}`;
    case 'eth_src':
      return `dl_src=${f.value}`;
    case 'ip_proto':
      return `nw_proto=${f.value}`;
    default:
      return `?${f.field}`;
  }
}

function setFieldToken(f: OxmField): string {
  switch (f.field) {
    case 'mpls_label':
      return `set_field:${f.value}->mpls_label`;
    case 'eth_src':
    case 'eth_dst':
      return `set_field:${f.value}->${f.field}`;
    case 'ipv4_dst':
    case 'ipv4_src':
      return `set_field:${ip(f.value)}->${f.field.replace('ipv4_', 'ip_')}`;
    default:
      return `?set_field:${f.field}`;
  }
}

function hex4(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

function actionToken(a: Action): string {
  switch (a.type) {
    case 'output':
      return a.port === OFPP_CONTROLLER ? `CONTROLLER:${a.maxLen}` : `output:${a.port}`;
    case 'push_mpls':
      return `push_mpls:${hex4(a.ethertype)}`;
    case 'pop_mpls':
      return `pop_mpls:${hex4(a.ethertype)}`;
    case 'dec_nw_ttl':
      return 'dec_ttl';
    case 'set_field':
      return setFieldToken(a.field);
    case 'dec_mpls_ttl':
      return 'dec_mpls_ttl';
    default:
      return `?${a.type}`;
  }
}

/** ovs-ofctl prints apply-actions first, then write_metadata, then goto_table (OVS's instruction order). */
function instructionTokens(list: readonly Instruction[]): string[] {
  const order = ['apply_actions', 'clear_actions', 'write_actions', 'write_metadata', 'goto_table'];
  const sorted = [...list].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const out: string[] = [];
  for (const i of sorted) {
    switch (i.type) {
      case 'apply_actions':
        out.push(...i.actions.map(actionToken));
        break;
      case 'write_metadata':
        out.push(`write_metadata:0x${i.metadata.toString(16)}/0x${i.mask.toString(16)}`);
        break;
      case 'goto_table':
        out.push(`goto_table:${i.tableId}`);
        break;
      default:
        out.push(`?${i.type}`);
    }
  }
  return out;
}
