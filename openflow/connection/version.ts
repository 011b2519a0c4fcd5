/**
 * OpenFlow version negotiation (OF 1.3.5 §6.3.1, §7.5.1). We speak 1.3 (wire version 4) only.
 *
 * The switch's HELLO is read from the raw frame, not through the message codec: whatever
 * version a switch speaks, we have to understand its HELLO well enough to say HELLO_FAILED
 * and log why. Our own HELLO goes through the codec (`hello()` in wire).
 *
 *     HELLO element:  type u16 | length u16 | body ... padded to 8
 *     OFPHET_VERSIONBITMAP (1): u32 bitmaps; bit i of bitmap j = version 32*j + i
 */

/** The only version we accept: OpenFlow 1.3. */
export const OF13 = 4;

const OFPT_HELLO = 0;
const OFPHET_VERSIONBITMAP = 1;

/** Outcome of reading a switch's HELLO. */
export type Negotiation =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly offered: readonly number[]; readonly reason: string };

/** Human name of a wire version, e.g. 4 → "1.3". */
export function versionName(v: number): string {
  const names: Record<number, string> = { 1: '1.0', 2: '1.1', 3: '1.2', 4: '1.3', 5: '1.4', 6: '1.5', 7: '1.6' };
  return names[v] ?? `wire version ${v}`;
}

/** Decides whether a HELLO frame (header included) lets us talk OpenFlow 1.3. */
export function negotiate(frame: Buffer): Negotiation {
  if (frame.length < 8 || frame[1] !== OFPT_HELLO) return { ok: false, offered: [], reason: 'first message is not HELLO' };
  const headerVersion = frame[0]!;
  const bitmap = versionBitmap(frame);
  if (bitmap) {
    // With a bitmap the highest common version wins (§6.3.1); ours must be in it.
    if (bitmap.includes(OF13)) return { ok: true, version: OF13 };
    return { ok: false, offered: bitmap, reason: `switch offers OpenFlow ${bitmap.map(versionName).join(', ')} but not 1.3` };
  }
  // Without a bitmap the negotiated version is min(ours, theirs).
  if (headerVersion >= OF13) return { ok: true, version: OF13 };
  return { ok: false, offered: [headerVersion], reason: `switch speaks OpenFlow ${versionName(headerVersion)} (no 1.3)` };
}

/** The versions listed in a HELLO's version bitmap element, or undefined if it has none (or it is malformed). */
export function versionBitmap(frame: Buffer): number[] | undefined {
  const end = Math.min(frame.length, frame.readUInt16BE(2));
  let off = 8;
  while (off + 4 <= end) {
    const type = frame.readUInt16BE(off);
    const len = frame.readUInt16BE(off + 2);
    if (len < 4 || off + len > end) return undefined;
    if (type === OFPHET_VERSIONBITMAP) {
      const versions: number[] = [];
      for (let j = 0; off + 4 + 4 * j + 4 <= off + len; j++) {
        const word = frame.readUInt32BE(off + 4 + 4 * j);
        for (let i = 0; i < 32; i++) if (word & (1 << i)) versions.push(32 * j + i);
      }
      return versions;
    }
    off += (len + 7) & ~7;
  }
  return undefined;
}

/**
 * Encodes ERROR HELLO_FAILED/INCOMPATIBLE with an ASCII explanation (§7.5.4.1). It goes out
 * with the switch's own header version so that a switch speaking only 1.0 can read it (the
 * ERROR header layout is the same in every version).
 */
export function encodeHelloFailed(version: number, xid: number, text: string): Buffer {
  const data = Buffer.from(text, 'ascii');
  const buf = Buffer.alloc(12 + data.length);
  buf.writeUInt8(version, 0);
  buf.writeUInt8(1, 1); // OFPT_ERROR is type 1 in every version
  buf.writeUInt16BE(buf.length, 2);
  buf.writeUInt32BE(xid >>> 0, 4);
  buf.writeUInt16BE(0, 8); // OFPET_HELLO_FAILED
  buf.writeUInt16BE(0, 10); // OFPHFC_INCOMPATIBLE
  data.copy(buf, 12);
  return buf;
}
