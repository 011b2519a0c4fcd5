/** Splits a BMP byte stream into whole messages by the common header's length (§4.1). */
import { BMP_COMMON_HEADER_LEN } from './constants.js';
import { BmpDecodeError } from './errors.js';
import { readCommonHeader } from './header.js';

/** Longest message accepted: far beyond any real one, short of an allocation a bad length would force. */
const MAX_MESSAGE = 16 * 1024 * 1024;

/** A framer that carries partial messages across reads. */
export class BmpFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Appends a chunk; returns every message now complete (copies). Throws BmpDecodeError on a bad header. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    let at = 0;
    while (this.pending.length - at >= BMP_COMMON_HEADER_LEN) {
      const { length } = readCommonHeader(this.pending, at);
      if (length > MAX_MESSAGE) throw new BmpDecodeError(`message length ${length} beyond ${MAX_MESSAGE}`);
      if (this.pending.length - at < length) break;
      out.push(Buffer.from(this.pending.subarray(at, at + length)));
      at += length;
    }
    this.pending = Buffer.from(this.pending.subarray(at));
    return out;
  }

  /** Bytes of an incomplete message held. */
  get buffered(): number {
    return this.pending.length;
  }
}
