/**
 * MPLS label stack entries (RFC 3032 §2.1):
 *
 *   label(20) | TC(3) | S(1) | TTL(8)
 *
 * The stack ends at the first entry with S (bottom of stack) set.
 */
import { need } from './decode-error.js';

/** One label stack entry. */
export interface MplsLabelEntry {
  /** 0..1048575 (0-15 reserved). */
  readonly label: number;
  /** Traffic class, 0..7. */
  readonly tc: number;
  /** Bottom of stack. */
  readonly bos: boolean;
  readonly ttl: number;
}

/** A label stack and what follows it. */
export interface MplsPacket {
  readonly labels: readonly MplsLabelEntry[];
  readonly payload: Buffer;
}

/** Largest label value. */
export const MPLS_LABEL_MAX = 0xfffff;

/** Decodes the label stack at the start of `buf` (the payload of an 0x8847 frame). */
export function decodeMpls(buf: Buffer): MplsPacket {
  const labels: MplsLabelEntry[] = [];
  let off = 0;
  for (;;) {
    need(buf, off, 4, 'MPLS label stack entry');
    const v = buf.readUInt32BE(off);
    const e: MplsLabelEntry = { label: v >>> 12, tc: (v >>> 9) & 7, bos: ((v >>> 8) & 1) === 1, ttl: v & 0xff };
    labels.push(e);
    off += 4;
    if (e.bos) break;
  }
  return { labels, payload: buf.subarray(off) };
}

/** Encodes a label stack followed by `payload`. S bits are written as given: the caller sets `bos` on the last. */
export function encodeMpls(p: MplsPacket): Buffer {
  if (p.labels.length === 0) throw new RangeError('empty MPLS label stack');
  const out = Buffer.allocUnsafe(4 * p.labels.length + p.payload.length);
  p.labels.forEach((e, i) => {
    if (e.label < 0 || e.label > MPLS_LABEL_MAX) throw new RangeError(`MPLS label ${e.label} out of range`);
    out.writeUInt32BE((((e.label & MPLS_LABEL_MAX) << 12) | ((e.tc & 7) << 9) | (e.bos ? 0x100 : 0) | (e.ttl & 0xff)) >>> 0, 4 * i);
  });
  p.payload.copy(out, 4 * p.labels.length);
  return out;
}
