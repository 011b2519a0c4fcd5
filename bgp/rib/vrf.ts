/**
 * A VRF: its RD, import and export route targets, the routes it originates, and its table of
 * best paths per prefix, chosen among the VPNv4 best paths it imports and its local routes.
 * What it imports by route target includes the local routes of OTHER local VRFs (extranet /
 * shared services on one PE): such a leaked copy keeps its origin VRF's label and next hop.
 */
import { formatRouteTarget, type Ipv4Address, type Ipv4Prefix, type Label, type Rd, type RouteTarget } from '../types/index.js';
import type { LocalOrigin } from '../labels/index.js';
import { selectBest } from './best-path.js';
import { PrefixTable, rdKey } from './keys.js';
import type { BestPathReason, Path } from './path.js';
import { appendExact } from './append.js';

/** What a VRF is made of. */
export interface VrfConfig {
  readonly rd: Rd;
  readonly importRts: readonly RouteTarget[];
  readonly exportRts: readonly RouteTarget[];
}

/** A change of a VRF's best path for one prefix. */
export interface VrfRouteChange {
  readonly vrf: Rd;
  readonly prefix: Ipv4Prefix;
  /** The CE (local) or remote PE (remote) next hop; of the withdrawn path on withdraw. */
  readonly nexthop: Ipv4Address;
  readonly labels: readonly Label[];
  readonly source: 'local' | 'remote';
  readonly withdraw: boolean;
  /** The neighbour a remote path came from. */
  readonly peer?: Ipv4Address;
  /**
   * For a local route leaked from another local VRF by route target: the VRF that originates it
   * (its next hop lives behind that VRF's ports; its label is that VRF's). Absent otherwise.
   */
  readonly originVrf?: Rd;
}

/** A route the VRF originates. */
export interface LocalRoute {
  readonly prefix: Ipv4Prefix;
  readonly nexthop: Ipv4Address;
  readonly origin: LocalOrigin;
  readonly label: Label;
  readonly path: Path;
}

/** One prefix of a VRF table: its candidate paths and the best. */
export class VrfEntry {
  candidates: Path[] = [];
  best: Path | undefined = undefined;
  reason: BestPathReason = 'only-path';
  constructor(
    readonly address: Ipv4Address,
    readonly length: number,
  ) {}
}

function changeOf(vrf: Rd, rdk: number, e: VrfEntry, p: Path, withdraw: boolean): VrfRouteChange {
  // Literal objects of one shape each (no spread): a million of these go by at ingest.
  const prefix = { address: e.address, length: e.length };
  const nexthop = p.attrs.nextHop;
  if (p.source.kind === 'local') {
    if (p.dest.rdk === rdk) return { vrf, prefix, nexthop, labels: p.labels, source: 'local', withdraw };
    return { vrf, prefix, nexthop, labels: p.labels, source: 'local', withdraw, originVrf: p.dest.rd };
  }
  return { vrf, prefix, nexthop, labels: p.labels, source: 'remote', withdraw, peer: p.source.address };
}

function sameLabels(a: readonly Label[], b: readonly Label[]): boolean {
  if (a === b) return true;
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** A VRF and its table. */
export class Vrf {
  readonly rdk: number;
  readonly importKeys: ReadonlySet<string>;
  readonly table = new PrefixTable<VrfEntry>();
  readonly locals = new PrefixTable<LocalRoute>();

  constructor(readonly config: VrfConfig) {
    this.rdk = rdKey(config.rd);
    this.importKeys = new Set(config.importRts.map(formatRouteTarget));
  }

  /** The VRF's RD. */
  get rd(): Rd {
    return this.config.rd;
  }

  /** Whether a path carrying these route targets is imported here. */
  imports(rtKeys: readonly string[]): boolean {
    for (const k of rtKeys) if (this.importKeys.has(k)) return true;
    return false;
  }

  /**
   * Replaces candidate `removed` by `added` at one prefix (either may be absent) and returns
   * the change of best path, if any. Both paths are of the same prefix.
   */
  update(address: Ipv4Address, length: number, removed: Path | undefined, added: Path | undefined): VrfRouteChange | undefined {
    let e = this.table.get(address, length);
    if (!e) {
      if (!added) return undefined;
      // Fast path of ingest: a new prefix with its only path.
      e = new VrfEntry(address, length);
      e.candidates = [added];
      e.best = added;
      this.table.set(address, length, e);
      return changeOf(this.rd, this.rdk, e, added, false);
    }
    const before = e.best;
    if (removed) {
      const i = e.candidates.indexOf(removed);
      if (i >= 0) e.candidates.splice(i, 1);
    }
    if (added && !e.candidates.includes(added)) e.candidates = appendExact(e.candidates, added);
    const chosen = selectBest(e.candidates, this.rdk);
    e.best = chosen?.best;
    e.reason = chosen?.reason ?? 'only-path';
    if (!e.best) {
      this.table.delete(address, length);
      return before ? changeOf(this.rd, this.rdk, e, before, true) : undefined;
    }
    // A local path and one leaked from another VRF share source, maybe next hop and label: the
    // origin VRF tells them apart (it decides which ports the next hop is behind).
    if (
      before &&
      before.attrs.nextHop === e.best.attrs.nextHop &&
      sameLabels(before.labels, e.best.labels) &&
      before.source === e.best.source &&
      (before.source.kind !== 'local' || before.dest === e.best.dest)
    ) {
      return undefined;
    }
    return changeOf(this.rd, this.rdk, e, e.best, false);
  }

  /** Withdraw changes for every prefix of the table (the VRF is going away). */
  withdrawAll(): VrfRouteChange[] {
    const out: VrfRouteChange[] = [];
    for (const e of this.table.values()) if (e.best) out.push(changeOf(this.rd, this.rdk, e, e.best, true));
    return out;
  }
}
