/** Adj-RIB-In (RFC 4271 §3.2): the paths one neighbour announced, as accepted. */
import { VpnTable } from './keys.js';
import type { Path, PathSource } from './path.js';

/** Counters of one neighbour's announcements. */
export interface AdjRibInCounters {
  /** NLRI announced (including replacements). */
  announced: number;
  /** NLRI withdrawn (explicitly or by treat-as-withdraw). */
  withdrawn: number;
  /** NLRI dropped because the AS_PATH holds our AS (RFC 4271 §9.1.2). */
  loops: number;
}

/** One neighbour's accepted paths, by (RD, prefix). */
export class AdjRibIn {
  readonly table = new VpnTable<Path>();
  readonly counters: AdjRibInCounters = { announced: 0, withdrawn: 0, loops: 0 };
  /**
   * Paths held when the neighbour began an enhanced route refresh (RFC 7313 §4: BoRR). A path
   * re-announced meanwhile is a new object, so whatever is still the same object at EoRR was
   * not refreshed and goes. No per-path flag: a million paths stay as small as they are.
   */
  stale: Set<Path> | undefined = undefined;
  constructor(readonly source: PathSource) {}

  /** Paths held. */
  get size(): number {
    return this.table.size;
  }
}
