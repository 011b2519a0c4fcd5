/** The BMP codec's one error type. */

/** Bytes that are not a well-formed BMP v3 message (RFC 7854). */
export class BmpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BmpDecodeError';
  }
}
