/**
 * Cheap keys for a million routes: an RD becomes one exact number (its 6 value octets fit in
 * 48 bits, the type above them, < 2^53), and a prefix is looked up by length, then by its
 * address as an int32 (a small integer in V8, hashed without allocation).
 */
import type { Rd } from '../types/index.js';

/** The RD as an exact number, equal for equal RDs. */
export function rdKey(rd: Rd): number {
  const value = rd.type === 0 ? rd.admin * 0x1_0000_0000 + rd.assigned : rd.admin * 0x1_0000 + rd.assigned;
  return rd.type * 0x1_0000_0000_0000 + value;
}

/** One RD's prefixes: a map per prefix length keyed by the address as int32. */
export class PrefixTable<V> {
  private readonly byLength: Array<Map<number, V> | undefined> = new Array(33).fill(undefined);
  private count = 0;

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** The entry of a prefix. */
  get(address: number, length: number): V | undefined {
    return this.byLength[length]?.get(address | 0);
  }

  /** Sets the entry of a prefix. */
  set(address: number, length: number, value: V): void {
    let m = this.byLength[length];
    if (!m) this.byLength[length] = m = new Map();
    const before = m.size;
    m.set(address | 0, value);
    this.count += m.size - before;
  }

  /** Deletes the entry of a prefix; returns whether there was one. */
  delete(address: number, length: number): boolean {
    const m = this.byLength[length];
    if (!m || !m.delete(address | 0)) return false;
    this.count--;
    return true;
  }

  /** Every entry as (address, length, value), shorter prefixes first. */
  *entries(): IterableIterator<[number, number, V]> {
    for (let length = 0; length <= 32; length++) {
      const m = this.byLength[length];
      if (!m) continue;
      for (const [address, value] of m) yield [address >>> 0, length, value];
    }
  }

  /** Every value. */
  *values(): IterableIterator<V> {
    for (const m of this.byLength) if (m) yield* m.values();
  }
}

/** Prefixes of many RDs. */
export class VpnTable<V> {
  private readonly rds = new Map<number, { rd: Rd; table: PrefixTable<V> }>();
  private lastKey = -1;
  private lastTable: PrefixTable<V> | undefined;
  private count = 0;

  /** Entries held over all RDs. */
  get size(): number {
    return this.count;
  }

  private table(rdk: number): PrefixTable<V> | undefined {
    if (rdk === this.lastKey) return this.lastTable;
    const t = this.rds.get(rdk)?.table;
    this.lastKey = rdk;
    this.lastTable = t;
    return t;
  }

  /** The entry of (RD, prefix). */
  get(rdk: number, address: number, length: number): V | undefined {
    return this.table(rdk)?.get(address, length);
  }

  /** Sets the entry of (RD, prefix). */
  set(rd: Rd, rdk: number, address: number, length: number, value: V): void {
    let t = this.table(rdk);
    if (!t) {
      t = new PrefixTable<V>();
      this.rds.set(rdk, { rd, table: t });
      this.lastKey = rdk;
      this.lastTable = t;
    }
    const before = t.size;
    t.set(address, length, value);
    this.count += t.size - before;
  }

  /** Deletes the entry of (RD, prefix). */
  delete(rdk: number, address: number, length: number): boolean {
    const t = this.table(rdk);
    if (!t || !t.delete(address, length)) return false;
    this.count--;
    if (t.size === 0) {
      this.rds.delete(rdk);
      this.lastKey = -1;
      this.lastTable = undefined;
    }
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.rds.clear();
    this.lastKey = -1;
    this.lastTable = undefined;
    this.count = 0;
  }

  /** Every entry as (rd, address, length, value). */
  *entries(): IterableIterator<[Rd, number, number, V]> {
    for (const { rd, table } of [...this.rds.values()]) {
      for (const [address, length, value] of table.entries()) yield [rd, address, length, value];
    }
  }

  /** Every value. */
  *values(): IterableIterator<V> {
    for (const { table } of [...this.rds.values()]) yield* table.values();
  }
}
