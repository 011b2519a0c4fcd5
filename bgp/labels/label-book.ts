/**
 * Which label a VRF-local route gets, by label mode, with reference counts so a label is
 * released exactly when the last route using it goes.
 *
 * per-ce (default): one label per (VRF, next hop, origin). The original's MPLS table shows
 * the host's connected /32 (10.1.0.2/32 → 1000) and the ten static routes via that host
 * (110.1.x.0/24 via 10.1.0.2 → 1001) on different labels: its speaker (Ryu) keyed labels by
 * (RD, next hop) and advertised connected routes with a next hop of their own. Keying by the
 * origin as well reproduces that whatever next hop the caller gives a connected route.
 * per-prefix: one label per (VRF, prefix). per-vrf: one label per VRF (the LFIB then pops and
 * looks the packet up again in the VRF's table).
 */
import { formatIpv4, formatIpv4Prefix, formatRd, type Ipv4Address, type Ipv4Prefix, type Label, type Rd } from '../types/index.js';
import { LabelAllocator, type LabelRange } from './label-allocator.js';

/** How local routes share labels. */
export type LabelMode = 'per-ce' | 'per-prefix' | 'per-vrf';

/** Where a VRF-local route comes from. */
export type LocalOrigin = 'static' | 'connected';

/** What decides a local route's label. */
export interface LabelRequest {
  readonly rd: Rd;
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly origin: LocalOrigin;
}

/** The sharing key of a route under a mode. */
export function labelKey(mode: LabelMode, r: LabelRequest): string {
  switch (mode) {
    case 'per-ce':
      return `${formatRd(r.rd)}|${formatIpv4(r.nexthop)}|${r.origin}`;
    case 'per-prefix':
      return `${formatRd(r.rd)}|${formatIpv4Prefix(r.prefix)}`;
    case 'per-vrf':
      return formatRd(r.rd);
  }
}

interface Entry {
  readonly label: Label;
  refs: number;
}

/** Reference-counted labels keyed by the mode's sharing key. */
export class LabelBook {
  private readonly allocator: LabelAllocator;
  private readonly byKey = new Map<string, Entry>();

  constructor(
    range: LabelRange,
    readonly mode: LabelMode = 'per-ce',
  ) {
    this.allocator = new LabelAllocator(range);
  }

  /** The label range. */
  get range(): LabelRange {
    return this.allocator.range;
  }

  /** Labels in use. */
  get inUse(): number {
    return this.allocator.inUse;
  }

  /** The label the request would get, without taking a reference (undefined: none yet). */
  peek(r: LabelRequest): Label | undefined {
    return this.byKey.get(labelKey(this.mode, r))?.label;
  }

  /** Takes a reference on the request's label, allocating one if needed (may throw LabelExhaustedError, changing nothing). */
  acquire(r: LabelRequest): Label {
    const key = labelKey(this.mode, r);
    const found = this.byKey.get(key);
    if (found) {
      found.refs++;
      return found.label;
    }
    const l = this.allocator.allocate();
    this.byKey.set(key, { label: l, refs: 1 });
    return l;
  }

  /** Drops a reference; the label is freed with its last reference. Returns whether it was freed. */
  release(r: LabelRequest): boolean {
    const key = labelKey(this.mode, r);
    const found = this.byKey.get(key);
    if (!found) throw new RangeError(`no label held for ${key}`);
    found.refs--;
    if (found.refs > 0) return false;
    this.byKey.delete(key);
    this.allocator.release(found.label);
    return true;
  }

  /** Whether a label value is one this router allocated and still holds. */
  isLocal(l: Label): boolean {
    return this.allocator.isAllocated(l);
  }
}
