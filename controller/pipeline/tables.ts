/**
 * The OpenFlow pipeline as data (design §3.1, plus table 3 for per-VRF labels): the tables, the match fields each one
 * accepts, their miss behaviour, and named priority bands. `checkFlow` refuses a flow that does
 * not fit its table — a flow that matched a VRF route without metadata, say, would leak routes
 * between VRFs (the original's bug), so it is a programming error caught before it reaches OVS.
 */
import type { FlowMatch, FlowSpec } from './flow-spec.js';

/** Table ids. */
export const TABLE_CLASSIFIER = 0;
export const TABLE_VRF_FIB = 1;
export const TABLE_LFIB = 2;
/**
 * The VRF's local routes again, for per-VRF labels. OpenFlow only lets goto_table go forward
 * (OVS answers OFPBIC_BAD_TABLE_ID otherwise), so the LFIB (2) cannot re-look-up in the VRF
 * FIB (1); labelled traffic from the uplink only ever goes to local destinations, so a copy
 * of the local routes after the LFIB is all a per-VRF label needs.
 */
export const TABLE_VRF_LOCAL = 3;

/** Priority bands; within the FIB bands the priority is base + prefix length, so longer prefixes win. */
export const PRIORITY = {
  /** Table misses: drop. */
  miss: 0,
  /** Classifier rules. */
  classifier: 100,
  /** Classifier rules that must beat the general ones (uplink IP to the router's own uplink IP). */
  classifierSpecific: 200,
  /** VRF routes, learned or local: base + length (0..32). */
  route: 1000,
  /** Hosts learned by ARP on a VRF's port: base + 32, above any route to the same address. */
  connected: 1100,
  /** The router's own interface IPs (to the controller, which answers ICMP echo). */
  ownAddress: 1200,
  /** LFIB entries (exact label). */
  label: 1000,
} as const;

/** FIB priority of a route prefix of `length` bits in a band. */
export function fibPriority(band: 'route' | 'connected', length: number): number {
  return PRIORITY[band] + length;
}

type MatchField = keyof FlowMatch;

/** What a table accepts. */
export interface TableDef {
  readonly id: number;
  readonly name: string;
  /** Fields a flow of this table may match. */
  readonly fields: readonly MatchField[];
  /** Fields every non-miss flow of this table must match. */
  readonly required: readonly MatchField[];
  /** Tables a flow here may go to. */
  readonly gotoTables: readonly number[];
  /** Whether a flow here may write metadata. */
  readonly writesMetadata: boolean;
}

/** The pipeline. */
export const TABLES: readonly TableDef[] = [
  {
    id: TABLE_CLASSIFIER,
    name: 'classifier',
    fields: ['inPort', 'ethType', 'ipv4Dst'],
    required: ['inPort'],
    gotoTables: [TABLE_VRF_FIB, TABLE_LFIB],
    writesMetadata: true,
  },
  {
    id: TABLE_VRF_FIB,
    name: 'vrf-fib',
    fields: ['metadata', 'ethType', 'ipv4Dst'],
    required: ['metadata', 'ethType', 'ipv4Dst'],
    gotoTables: [],
    writesMetadata: false,
  },
  {
    id: TABLE_LFIB,
    name: 'lfib',
    fields: ['ethType', 'mplsLabel', 'mplsBos'],
    required: ['ethType', 'mplsLabel', 'mplsBos'],
    gotoTables: [TABLE_VRF_LOCAL],
    writesMetadata: true,
  },
  {
    id: TABLE_VRF_LOCAL,
    name: 'vrf-local',
    fields: ['metadata', 'ethType', 'ipv4Dst'],
    required: ['metadata', 'ethType', 'ipv4Dst'],
    gotoTables: [],
    writesMetadata: false,
  },
];

/** A flow that does not fit its table. */
export class PipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineError';
  }
}

const ALL_FIELDS: readonly MatchField[] = ['inPort', 'ethType', 'metadata', 'ipv4Dst', 'mplsLabel', 'mplsBos'];
const TABLE_BY_ID = new Map(TABLES.map((t) => [t.id, t]));

/** Throws PipelineError unless `f` fits its table. (On the hot path of every route: no allocation.) */
export function checkFlow(f: FlowSpec): void {
  const table = TABLE_BY_ID.get(f.table);
  if (!table) throw new PipelineError(`no table ${f.table}`);
  let present = 0;
  for (const field of ALL_FIELDS) {
    if (f.match[field] === undefined) continue;
    present++;
    if (!table.fields.includes(field)) throw new PipelineError(`table ${table.name} does not match on ${field}`);
  }
  if (f.priority !== PRIORITY.miss) {
    for (const field of table.required) {
      if (f.match[field] === undefined) throw new PipelineError(`table ${table.name} needs a match on ${field}`);
    }
  } else if (present > 0) {
    throw new PipelineError(`table ${table.name}: a miss flow matches nothing`);
  }
  const i = f.instructions;
  if (i.gotoTable !== undefined && !table.gotoTables.includes(i.gotoTable)) {
    throw new PipelineError(`table ${table.name} may not go to table ${i.gotoTable}`);
  }
  if (i.writeMetadata !== undefined && !table.writesMetadata) {
    throw new PipelineError(`table ${table.name} may not write metadata`);
  }
  // OpenFlow 1.3 §7.2.3.3: MPLS fields need eth_type MPLS, ipv4 fields need eth_type IPv4.
  if (f.match.ipv4Dst !== undefined && f.match.ethType !== 0x0800) throw new PipelineError('ipv4_dst needs eth_type 0x0800');
  if (f.match.mplsLabel !== undefined && f.match.ethType !== 0x8847) throw new PipelineError('mpls_label needs eth_type 0x8847');
}
