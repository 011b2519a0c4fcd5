/**
 * Allocation of MPLS labels from the configured range [label_range_start, label_range_end].
 * Next-fit (a cursor that moves forward and wraps), so a label just released is not handed out
 * again at once while packets carrying it may still be in flight.
 */
import type { Label } from '../types/index.js';

/** An inclusive range of labels. */
export interface LabelRange {
  readonly start: Label;
  readonly end: Label;
}

/** Every label of the range is in use; nothing was changed. */
export class LabelExhaustedError extends Error {
  constructor(readonly range: LabelRange) {
    super(`label range ${range.start}-${range.end} exhausted (${range.end - range.start + 1} labels in use)`);
    this.name = 'LabelExhaustedError';
  }
}

/** Hands out labels of one range, one at a time. */
export class LabelAllocator {
  private readonly used: Uint8Array;
  private cursor = 0;
  private count = 0;

  constructor(readonly range: LabelRange) {
    if (range.end < range.start) throw new RangeError(`label range ${range.start}-${range.end}: start after end`);
    this.used = new Uint8Array(range.end - range.start + 1);
  }

  /** Labels in use. */
  get inUse(): number {
    return this.count;
  }

  /** Labels still free. */
  get free(): number {
    return this.used.length - this.count;
  }

  /** Takes the next free label; throws {@link LabelExhaustedError} when none is left. */
  allocate(): Label {
    const size = this.used.length;
    if (this.count === size) throw new LabelExhaustedError(this.range);
    for (let i = 0; i < size; i++) {
      const slot = (this.cursor + i) % size;
      if (this.used[slot] === 0) {
        this.used[slot] = 1;
        this.count++;
        this.cursor = (slot + 1) % size;
        return (this.range.start + slot) as Label;
      }
    }
    throw new LabelExhaustedError(this.range);
  }

  /** Whether a label of the range is currently allocated. */
  isAllocated(l: Label): boolean {
    return l >= this.range.start && l <= this.range.end && this.used[l - this.range.start] === 1;
  }

  /** Gives a label back; releasing a free or foreign label is a programming error. */
  release(l: Label): void {
    if (!this.isAllocated(l)) throw new RangeError(`label ${l} is not allocated`);
    this.used[l - this.range.start] = 0;
    this.count--;
  }
}
