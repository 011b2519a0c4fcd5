/**
 * Transaction-id bookkeeping for one switch connection: which xids are awaiting an answer,
 * and which xid ranges belong to a flow-mod batch. No I/O here — the connection feeds it what
 * arrived and it says whom to resolve or reject.
 *
 * OpenFlow lets the controller pick xids freely (OF 1.3.5 §7.1: a reply carries the xid of
 * its request; an ERROR carries the xid of the message that caused it). We allocate them
 * sequentially, skipping 0, and let them wrap at 2^32.
 */
import { OfSwitchError } from './errors.js';

/** A request awaiting its reply (or replies, for multipart). */
interface PendingRequest {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  /** Multipart reply parts gathered so far. */
  parts?: unknown[];
}

/** A batch of flow-mods whose xids are `first .. first+count-1` (mod 2^32). */
interface PendingBatch {
  readonly first: number;
  readonly count: number;
  /** First error the switch reported for a message of the batch. */
  error?: OfSwitchError;
}

/** Maps outstanding xids to their waiters. */
export class XidTable {
  private next: number;
  private readonly requests = new Map<number, PendingRequest>();
  private readonly batches = new Set<PendingBatch>();

  constructor(firstXid = 1) {
    this.next = firstXid >>> 0 || 1;
  }

  /** Reserves `n` consecutive xids and returns the first (xid 0 is never handed out). */
  allocate(n = 1): number {
    if (this.next + n > 0x1_0000_0000) this.next = 1; // keep a range contiguous, never through 0
    const first = this.next;
    this.next = (first + n) >>> 0 || 1;
    return first;
  }

  /** Number of requests still waiting. */
  get size(): number {
    return this.requests.size;
  }

  /** Registers a waiter for replies carrying `xid`. */
  expect(xid: number, resolve: (value: unknown) => void, reject: (err: Error) => void): void {
    this.requests.set(xid, { resolve, reject });
  }

  /** Whether something waits on `xid`. */
  has(xid: number): boolean {
    return this.requests.has(xid);
  }

  /**
   * Delivers a reply. With `more` set (multipart OFPMPF_REPLY_MORE), the part is kept and the
   * waiter stays; the final part resolves with every part in arrival order. Returns false
   * when nobody waited on the xid.
   */
  reply(xid: number, value: unknown, options: { multipart?: boolean; more?: boolean } = {}): boolean {
    const req = this.requests.get(xid);
    if (!req) return false;
    if (options.multipart) {
      (req.parts ??= []).push(value);
      if (options.more) return true;
      this.requests.delete(xid);
      req.resolve(req.parts);
      return true;
    }
    this.requests.delete(xid);
    req.resolve(value);
    return true;
  }

  /** Rejects the waiter on `xid`; returns false when nobody waited on it. */
  fail(xid: number, err: Error): boolean {
    const req = this.requests.get(xid);
    if (!req) return false;
    this.requests.delete(xid);
    req.reject(err);
    return true;
  }

  /** Registers a batch occupying xids `first .. first+count-1`; returns a handle for {@link batchError}/{@link endBatch}. */
  openBatch(first: number, count: number): PendingBatch {
    const batch: PendingBatch = { first, count };
    this.batches.add(batch);
    return batch;
  }

  /**
   * Records a switch error against the batch holding its xid, keeping the first (lowest
   * index: OVS answers in order). Returns false if the xid belongs to no open batch.
   */
  batchError(xid: number, make: (index: number) => OfSwitchError): boolean {
    for (const batch of this.batches) {
      const index = (xid - batch.first) >>> 0;
      if (index < batch.count) {
        if (!batch.error || index < (batch.error.index ?? Infinity)) batch.error = make(index);
        return true;
      }
    }
    return false;
  }

  /** Closes a batch and returns the error recorded for it, if any. */
  endBatch(batch: PendingBatch): OfSwitchError | undefined {
    this.batches.delete(batch);
    return batch.error;
  }

  /** Rejects every waiter (the connection is gone). Batches are rejected through their own closing request. */
  failAll(err: Error): void {
    const reqs = [...this.requests.values()];
    this.requests.clear();
    this.batches.clear();
    for (const req of reqs) req.reject(err);
  }
}

export type { PendingBatch };
