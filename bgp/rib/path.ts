/** A path: one announcement of one (RD, prefix) by one source, as stored in the RIBs. */
import type { Asn, Ipv4Address, Label, Rd } from '../types/index.js';
import type { RouteAttrs } from './attributes.js';

/** Who a path came from: a BGP neighbour, or this router (a VRF-local route). */
export interface PathSource {
  readonly kind: 'peer' | 'local';
  /** Neighbour address (0 for local). */
  readonly address: Ipv4Address;
  readonly asn: Asn;
  /** The neighbour's BGP identifier (ours for local). */
  readonly routerId: Ipv4Address;
  /** External neighbour (false for local and iBGP). */
  readonly ebgp: boolean;
}

/**
 * One path. Kept small (a million of them): the prefix lives in the destination the path
 * points to; attributes and label stacks are shared.
 */
export class Path {
  constructor(
    readonly source: PathSource,
    readonly attrs: RouteAttrs,
    readonly labels: readonly Label[],
    readonly dest: Destination,
  ) {}
}

/** One (RD, prefix) of the VPNv4 Loc-RIB with its paths and best path. */
export class Destination {
  /** Paths, at most one per source. */
  paths: Path[] = [];
  best: Path | undefined = undefined;
  reason: BestPathReason = 'only-path';
  constructor(
    readonly rd: Rd,
    readonly rdk: number,
    readonly address: Ipv4Address,
    readonly length: number,
  ) {}
}

/** Why the best path won (RFC 4271 §9.1.2.2 steps, named). */
export type BestPathReason =
  | 'only-path'
  | 'local-pref'
  | 'local-origin'
  | 'origin-vrf'
  | 'as-path'
  | 'origin'
  | 'med'
  | 'ebgp-over-ibgp'
  | 'router-id'
  | 'peer-address';

/** Reason text as the original's VRF table printed it. */
export function describeBestPathReason(r: BestPathReason): string {
  switch (r) {
    case 'only-path':
      return 'Only Path';
    case 'local-pref':
      return 'Local Pref';
    case 'local-origin':
      return 'Local Origin';
    case 'origin-vrf':
      return 'Origin VRF';
    case 'as-path':
      return 'AS Path';
    case 'origin':
      return 'Origin';
    case 'med':
      return 'MED';
    case 'ebgp-over-ibgp':
      return 'ASN';
    case 'router-id':
      return 'Router ID';
    case 'peer-address':
      return 'Peer Address';
  }
}

/**
 * Label stacks are shared: one array per single label value, held weakly like attribute sets
 * (attributes.ts). Held strongly, the table would keep one dead entry for every label value a
 * peer ever used — with per-prefix labels and churn, up to 2^20 of them.
 */
const singleLabels = new Map<number, WeakRef<readonly Label[]>>();
const forgetLabel = new FinalizationRegistry<number>((l) => {
  if (singleLabels.get(l)?.deref() === undefined) singleLabels.delete(l);
});

/** The shared one-label stack of `l` (most VPNv4 routes carry exactly one label). */
export function labelStack(labels: readonly Label[]): readonly Label[] {
  if (labels.length !== 1) return Object.freeze(labels.slice());
  const l = labels[0]!;
  let s = singleLabels.get(l)?.deref();
  if (!s) {
    s = Object.freeze([l]);
    singleLabels.set(l, new WeakRef(s));
    forgetLabel.register(s, l);
  }
  return s;
}

/** Distinct single-label stacks held (including ones awaiting collection); for tests. */
export function sharedLabelStacks(): number {
  return singleLabels.size;
}
