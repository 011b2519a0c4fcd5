/**
 * A growable big-endian writer. Length fields are reserved first and patched once their
 * content is written, so no length is ever computed twice or by hand.
 */
export class Writer {
  private buf: Buffer;
  pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.buf[this.pos] = (v >>> 16) & 0xff;
    this.buf[this.pos + 1] = (v >>> 8) & 0xff;
    this.buf[this.pos + 2] = v & 0xff;
    this.pos += 3;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** `n` zero bytes. */
  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  /** Reserves a `width`-byte length field; returns its offset for {@link patchLength}. */
  reserve(width: 1 | 2): number {
    const at = this.pos;
    this.ensure(width);
    this.pos += width;
    return at;
  }

  /** Writes, at `at`, the number of bytes written since the field reserved there. */
  patchLength(at: number, width: 1 | 2, extra = 0): number {
    const length = this.pos - at - width + extra;
    if (width === 1) this.buf[at] = length;
    else this.buf.writeUInt16BE(length, at);
    return length;
  }

  /** Overwrites a 16-bit value at an earlier offset. */
  setU16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }

  /** A copy of the bytes written so far. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
