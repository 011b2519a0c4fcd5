/**
 * Splits a TCP byte stream into whole BGP messages, carrying a partial message across reads.
 */
import { BGP_HEADER_LEN, BGP_MAX_EXTENDED_MESSAGE_LEN, BGP_MAX_MESSAGE_LEN } from './constants.js';
import { readHeader } from './header.js';

/** Options of a {@link BgpFramer}. */
export interface FramerOptions {
  /** Largest accepted message length; 4096 unless RFC 8654 extended messages were negotiated. */
  readonly maxLength?: number;
}

/**
 * Stream framer. `push(chunk)` returns the complete frames (header included) that the bytes so
 * far complete. Frames may be views into `chunk`: decode them before the next read, or copy them.
 * Throws BgpDecodeError (Connection Not Synchronized / Bad Message Length) on a bad header;
 * after that the stream is unusable, as the session must close.
 */
export class BgpFramer {
  private pending: Buffer | undefined;
  private maxLength: number;

  constructor(options: FramerOptions = {}) {
    this.maxLength = options.maxLength ?? BGP_MAX_MESSAGE_LEN;
  }

  /** Allows messages up to 65535 bytes once extended messages are negotiated (RFC 8654). */
  setExtendedMessages(enabled: boolean): void {
    this.maxLength = enabled ? BGP_MAX_EXTENDED_MESSAGE_LEN : BGP_MAX_MESSAGE_LEN;
  }

  /** Bytes held back waiting for the rest of a message. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  push(chunk: Buffer): Buffer[] {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    const frames: Buffer[] = [];
    let at = 0;
    while (buf.length - at >= BGP_HEADER_LEN) {
      const { length } = readHeader(buf, at, this.maxLength);
      if (buf.length - at < length) break;
      frames.push(buf.subarray(at, at + length));
      at += length;
    }
    // Copy the tail: keeping a view would pin the whole (possibly large) read buffer.
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
    return frames;
  }
}
