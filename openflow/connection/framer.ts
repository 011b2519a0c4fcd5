/**
 * Splits a TCP/unix byte stream into whole OpenFlow messages.
 *
 * Every OpenFlow message starts with the same 8-byte header (OF 1.3.5 §7.1):
 *
 *     0        1        2                 4                                 8
 *     +--------+--------+-----------------+---------------------------------+
 *     | version|  type  |     length      |               xid               |
 *     +--------+--------+-----------------+---------------------------------+
 *
 * `length` counts the header too, so anything below 8 can never be a message: the
 * stream is then out of step and the connection must be dropped (there is no resync).
 * Reads rarely line up with messages, so a partial tail is carried to the next push.
 */

/** Size of the common OpenFlow header. */
export const HEADER_LEN = 8;

/** The byte stream cannot be framed (a header announced a length below 8). */
export class OfFramingError extends Error {
  constructor(
    message: string,
    /** Byte offset in the stream (since the framer was created) of the bad header. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'OfFramingError';
  }
}

/**
 * Incremental framer. `push(chunk)` returns the complete frames the chunk finished, each a
 * Buffer holding exactly one message (header included). Frames that lie wholly inside the
 * chunk are zero-copy views; a frame that spanned reads is copied once when it completes.
 */
export class OfFramer {
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private consumed = 0;
  private broken: OfFramingError | undefined;

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pendingLen;
  }

  /** Feeds bytes; returns every message they complete. Throws OfFramingError (and keeps throwing) on a bad length. */
  push(chunk: Buffer): Buffer[] {
    if (this.broken) throw this.broken;
    let buf = chunk;
    if (this.pendingLen > 0) {
      this.pending.push(chunk);
      const total = this.pendingLen + chunk.length;
      // Still short of the pending frame: keep collecting instead of re-concatenating per read.
      if (total < this.neededLength()) {
        this.pendingLen = total;
        return [];
      }
      buf = Buffer.concat(this.pending, total);
      this.pending = [];
      this.pendingLen = 0;
    }
    const frames: Buffer[] = [];
    let off = 0;
    while (buf.length - off >= HEADER_LEN) {
      const length = buf.readUInt16BE(off + 2);
      if (length < HEADER_LEN) {
        this.broken = new OfFramingError(`OpenFlow header at stream offset ${this.consumed + off} announces length ${length} (< ${HEADER_LEN})`, this.consumed + off);
        throw this.broken;
      }
      if (buf.length - off < length) break;
      frames.push(buf.subarray(off, off + length));
      off += length;
    }
    this.consumed += off;
    if (off < buf.length) {
      // Copy the tail: a view would keep the whole (possibly large) read buffer alive.
      const tail = Buffer.from(buf.subarray(off));
      this.pending.push(tail);
      this.pendingLen = tail.length;
    }
    return frames;
  }

  /** Length of the frame the pending bytes start (8 while its header is incomplete). */
  private neededLength(): number {
    const head = this.pending[0];
    if (head === undefined || this.pendingLen < HEADER_LEN) return HEADER_LEN;
    if (head.length >= 4) return Math.max(HEADER_LEN, head.readUInt16BE(2));
    return HEADER_LEN; // header split over tiny reads: concatenate and look.
  }
}
