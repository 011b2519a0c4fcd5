/**
 * Bulk flow-mod installation. The switch is fast when it gets flow-mods in big reads: we
 * encode them back to back into large buffers (one write per ~1 MiB instead of one per
 * flow), then close the batch with a barrier, or wrap it in an ONF bundle (OVS accepts the
 * ONF experimenter bundle messages on OpenFlow 1.3; `ovs-ofctl --bundle` uses them) so the
 * switch commits the whole change atomically.
 *
 * Every flow-mod gets its own xid from one contiguous range, so a switch ERROR names the
 * flow-mod it refused: OVS answers in order; in a bundle, a flow-mod that fails validation
 * is refused at BUNDLE_ADD time under its xid, and one that fails at commit is reported
 * under its own xid too (ofproto.c do_bundle_commit), followed by OFPBFC_MSG_FAILED for the
 * commit.
 */
import { OFPBF, type FlowModMessage, type OfMessage } from '../wire/index.js';
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
    const control = (ctrlType: 'open_request' | 'commit_request' | 'discard_request') =>
      request({ type: 'bundle_control', xid: 0, bundleId, ctrlType, flags, properties: NO_PROPERTIES });
    // Open is pipelined with the adds: OVS handles a connection's messages in order.
    const opened = settle(control('open_request'));
    const first = this.xids.allocate(mods.length);
    const batch = this.xids.openBatch(first, mods.length);
    try {
      await this.writeAll(mods, first, options.chunkBytes ?? DEFAULT_CHUNK, { bundleId, flags });
      // OVS quirk: a flow-mod that fails validation is refused at BUNDLE_ADD time and simply
      // left out of the bundle — a commit would then apply the rest. So we wait (barrier)
      // until every add was seen, and discard instead of commit if any was refused.
      await request({ type: 'barrier_request', xid: 0 });
      const open = await opened;
      if (!open.ok) throw open.error;
      if (batch.error) {
        await control('discard_request').catch(() => undefined);
        throw batch.error;
      }
      const commit = await settle(control('commit_request'));
      // A flow-mod failing at commit is reported under its own xid before the commit's error.
      if (!commit.ok) throw batch.error ?? commit.error;
    } finally {
      this.xids.endBatch(batch);
    }
  }

  /** Encodes `mods` (xids `first`...) into ~chunkBytes buffers and writes each. */
  private async writeAll(mods: readonly FlowModLike[], first: number, chunkBytes: number, bundle: { bundleId: number; flags: number } | undefined): Promise<void> {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let pos = 0;
    for (let i = 0; i < mods.length; i++) {
      const xid = (first + i) >>> 0;
      const mod = mods[i]!;
      let end = encodeOne(buf, pos, xid, mod, bundle);
      if (end < 0) {
        // Did not fit: flush what we have (the socket keeps that buffer) and start a fresh one.
        if (pos > 0) await this.write(buf.subarray(0, pos));
        buf = Buffer.allocUnsafe(chunkBytes);
        pos = 0;
        end = encodeOne(buf, pos, xid, mod, bundle);
        if (end < 0) {
          // One message larger than a chunk (at most 64 KiB + bundle prefix): give it its own buffer.
          buf = Buffer.allocUnsafe(2 * 65536);
          end = encodeOne(buf, pos, xid, mod, bundle);
        }
      }
      pos = end;
    }
    if (pos > 0) await this.write(buf.subarray(0, pos));
  }
}

function encodeOne(buf: Buffer, pos: number, xid: number, mod: FlowModLike, bundle: { bundleId: number; flags: number } | undefined): number {
  return bundle ? encodeBundleAddInto(buf, pos, xid, bundle.bundleId, bundle.flags, mod) : encodeFlowModInto(buf, pos, xid, mod);
}

type Settled = { ok: true } | { ok: false; error: Error };

function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    () => ({ ok: true as const }),
    (error: Error) => ({ ok: false as const, error }),
  );
}
