/**
 * A growable writer (pg-protocol style): one buffer that doubles when full, lengths written
 * as placeholders and back-patched, so encoding a flow-mod costs no Buffer.concat per field.
 * One writer can hold many messages back to back (batched socket writes).
 */
import { writeMacBytes, type MacAddress } from '../types/mac-address.js';
import { OfEncodeError } from './decode-error.js';

/** Growable big-endian byte writer. */
export class OfWriter {
  /** The backing buffer (replaced when it grows); bytes [0, pos) are written. */
  buf: Buffer;
  /** Number of bytes written. */
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  // Plain indexed stores: Buffer.write*BE re-check their arguments on every call, and this
  // is the hot path of bulk flow programming.
  /** Appends a uint8. */
  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }

  /** Appends a big-endian uint16. */
  u16(v: number): this {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.pos = p + 2;
    return this;
  }

  /** Appends a big-endian uint32. */
  u32(v: number): this {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
    return this;
  }

  /** Appends a big-endian uint64. */
  u64(v: bigint): this {
    // Most 64-bit values here (cookies, metadata) are small: avoid bigint arithmetic for them.
    if (v >= 0n && v <= 0xffffffffn) return this.u32(0).u32(Number(v));
    const u = BigInt.asUintN(64, v);
    return this.u32(Number(u >> 32n)).u32(Number(u & 0xffffffffn));
  }

  /** Appends a MAC address as 6 bytes. */
  mac(v: MacAddress): this {
    this.ensure(6);
    writeMacBytes(v, this.buf, this.pos);
    this.pos += 6;
    return this;
  }

  /** Appends raw bytes. */
  bytes(v: Uint8Array): this {
    if (v.length === 0) return this;
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** Appends `n` zero bytes. */
  zeros(n: number): this {
    this.ensure(n);
    const b = this.buf;
    const end = this.pos + n;
    // Paddings are 1-8 bytes: a loop beats Buffer.fill's argument checks.
    if (n <= 16) for (let p = this.pos; p < end; p++) b[p] = 0;
    else b.fill(0, this.pos, end);
    this.pos = end;
    return this;
  }

  /** Zero-pads so that the distance from `start` is a multiple of 8 (OpenFlow alignment). */
  pad8(start: number): this {
    const rem = (this.pos - start) % 8;
    return rem === 0 ? this : this.zeros(8 - rem);
  }

  /** A fixed-width NUL-padded ASCII string. */
  fixedString(s: string, n: number): this {
    this.ensure(n);
    const written = this.buf.write(s.slice(0, n - 1), this.pos, n - 1, 'latin1');
    this.buf.fill(0, this.pos + written, this.pos + n);
    this.pos += n;
    return this;
  }

  /** Writes a 16-bit length at `at`: the number of bytes from `from` to the current position. */
  patchLen16(at: number, from: number): void {
    const len = this.pos - from;
    if (len > 0xffff) throw new OfEncodeError(`element too long for a 16-bit length: ${len}`);
    this.buf.writeUInt16BE(len, at);
  }

  /** A copy of everything written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** Forgets the contents, keeping the allocated buffer. */
  reset(): void {
    this.pos = 0;
  }
}
