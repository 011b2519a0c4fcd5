/**
 * A bounds-checked cursor over one frame (pg-protocol style): every read checks the end
 * first, so a short or lying length field becomes an {@link OfDecodeError}, never a RangeError.
 */
import { macFromBytes, type MacAddress } from '../types/mac-address.js';
import { OfDecodeError } from './decode-error.js';

/** Cursor reader over `buf[start, end)`. */
export class OfReader {
  /** Current offset into `buf`. */
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

  /** Throws unless `n` more bytes are available. */
  need(n: number, what = 'field'): void {
    if (n < 0 || this.pos + n > this.end) throw new OfDecodeError(`truncated ${what}: need ${n} bytes, have ${this.end - this.pos}`, this.pos);
  }

  /** Reads a uint8. */
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** Reads a big-endian uint16. */
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  /** Reads a big-endian uint32. */
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a big-endian uint64. */
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads 6 bytes as a MAC address. */
  mac(): MacAddress {
    this.need(6);
    const v = macFromBytes(this.buf, this.pos);
    this.pos += 6;
    return v;
  }

  /** Skips `n` bytes (padding). */
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A copy of the next `n` bytes (a copy, so a kept piece never pins the whole read buffer). */
  bytes(n: number): Buffer {
    this.need(n);
    const v = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return v;
  }

  /** A copy of everything up to `end`. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** A NUL-padded fixed-width ASCII string (port names). */
  fixedString(n: number): string {
    this.need(n);
    const raw = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    const nul = raw.indexOf(0);
    return raw.subarray(0, nul < 0 ? n : nul).toString('latin1');
  }

  /** A sub-reader over the next `n` bytes; this reader moves past them. */
  sub(n: number, what = 'element'): OfReader {
    this.need(n, what);
    const r = new OfReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}
