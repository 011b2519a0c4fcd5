/**
 * Bulk flow-mod installation. The switch is fast when it gets flow-mods in big reads: we
 * encode them back to back into large buffers (one write per ~1 MiB instead of one per
 * flow), then close the batch with a barrier, or wrap it in an ONF bundle (OVS accepts the
 * ONF experimenter bundle messages on OpenFlow 1.3; `ovs-ofctl --bundle` uses them) so the
 * switch commits the whole change atomically.
 *
 * Every flow-mod gets its own xid from one contiguous range, so a switch ERROR names the
 * flow-mod it refused: OVS answers in order, and in a bundle commit failure it reports the
 * failing inner message under its own xid (ofproto.c do_bundle_commit), followed by
 * OFPBFC_MSG_FAILED for the commit.
 */
import { OFPBF, type FlowModMessage, type OfMessage } from '../wire/index.js';
import { OfSwitchError } from './errors.js';
import { encodeBundleAddInto, encodeFlowModInto } from './bulk-encode.js';
import type { XidTable } from './xid-table.js';

/** A flow-mod to install (its own xid is ignored; the batch assigns one). */
export type FlowModLike = FlowModMessage;

/** How to send a batch. */
export interface SendFlowModsOptions {
  /** Wrap the batch in an atomic, ordered ONF bundle (all or nothing). */
  readonly bundle?: boolean;
  /** Target size of each socket write (default 1 MiB). */
  readonly chunkBytes?: number;
}

type Requester = (msg: OfMessage) => Promise<unknown>;

const DEFAULT_CHUNK = 1 << 20;
const NO_PROPERTIES = Buffer.alloc(0);

/** Writes flow-mod batches for one connection. */
export class FlowModBatcher {
  private nextBundleId = 1;

  constructor(
    private readonly xids: XidTable,
    /** Writes a chunk; resolves when the socket can take more (backpressure). */
    private readonly write: (chunk: Buffer) => Promise<void>,
  ) {}

  /** Sends `mods` and resolves once the switch has applied them all (see the module comment). */
  async send(mods: readonly FlowModLike[], options: SendFlowModsOptions, request: Requester): Promise<void> {
    if (mods.length === 0) return;
    return options.bundle ? this.sendBundle(mods, options, request) : this.sendPlain(mods, options, request);
  }

  private async sendPlain(mods: readonly FlowModLike[], options: SendFlowModsOptions, request: Requester): Promise<void> {
    const first = this.xids.allocate(mods.length);
    const batch = this.xids.openBatch(first, mods.length);
    try {
      await this.writeAll(mods, first, options.chunkBytes ?? DEFAULT_CHUNK, undefined);
      await request({ type: 'barrier_request', xid: 0 });
    } finally {
      const err = this.xids.endBatch(batch);
      if (err) throw err;
    }
  }

  private async sendBundle(mods: readonly FlowModLike[], options: SendFlowModsOptions, request: Requester): Promise<void> {
    const bundleId = this.nextBundleId++;
    const flags = OFPBF.ATOMIC | OFPBF.ORDERED;
    // Open is pipelined with the adds: OVS handles the connection's messages in order.
    const opened = settle(request({ type: 'bundle_control', xid: 0, bundleId, ctrlType: 'open_request', flags, properties: NO_PROPERTIES }));
    const first = this.xids.allocate(mods.length);
    const batch = this.xids.openBatch(first, mods.length);
    let batchError: OfSwitchError | undefined;
    let committed: Settled;
    try {
      await this.writeAll(mods, first, options.chunkBytes ?? DEFAULT_CHUNK, { bundleId, flags });
      committed = await settle(request({ type: 'bundle_control', xid: 0, bundleId, ctrlType: 'commit_request', flags, properties: NO_PROPERTIES }));
    } finally {
      batchError = this.xids.endBatch(batch);
    }
    const open = await opened;
    if (!open.ok) throw open.error;
    if (batchError) throw batchError;
    if (!committed.ok) throw committed.error;
  }

  /** Encodes `mods` (xids `first`...) into ~chunkBytes buffers and writes each. */
  private async writeAll(mods: readonly FlowModLike[], first: number, chunkBytes: number, bundle: { bundleId: number; flags: number } | undefined): Promise<void> {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let pos = 0;
    for (let i = 0; i < mods.length; i++) {
      const xid = (first + i) >>> 0;
      const mod = mods[i]!;
      let end = bundle ? encodeBundleAddInto(buf, pos, xid, bundle.bundleId, bundle.flags, mod) : encodeFlowModInto(buf, pos, xid, mod);
      if (end < 0) {
        // Did not fit: flush what we have and retry in a fresh buffer (grown if one message is huge).
        if (pos > 0) await this.write(buf.subarray(0, pos));
        buf = Buffer.allocUnsafe(Math.max(chunkBytes, 2 * 65536));
        pos = 0;
        end = bundle ? encodeBundleAddInto(buf, pos, xid, bundle.bundleId, bundle.flags, mod) : encodeFlowModInto(buf, pos, xid, mod);
      }
      pos = end;
    }
    if (pos > 0) await this.write(buf.subarray(0, pos));
  }
}

type Settled = { ok: true } | { ok: false; error: Error };

function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    () => ({ ok: true as const }),
    (error: Error) => ({ ok: false as const, error }),
  );
}
