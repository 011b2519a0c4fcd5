/**
 * A bounds-checked cursor over a Buffer. Reads never allocate except `bytes`, which copies, so
 * a decoded message never keeps the socket's receive buffer alive (pg-protocol's trap).
 */

/** The input ended before a field did; message decoders turn it into their NOTIFICATION. */
export class TruncatedError extends Error {
  constructor() {
    super('input truncated');
    this.name = 'TruncatedError';
  }
}

/** Cursor reader over `buf[start, end)`. */
export class Reader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws TruncatedError unless `n` more bytes are available. */
  need(n: number): void {
    if (this.pos + n > this.end) throw new TruncatedError();
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A copy of the next `n` bytes. */
  bytes(n: number): Buffer {
    this.need(n);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A reader over the next `n` bytes; this reader moves past them. */
  sub(n: number): Reader {
    this.need(n);
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}
