/** The one error the OpenFlow decoders throw. */

/** Malformed or unsupported OpenFlow bytes. `offset` is where in the frame decoding gave up. */
export class OfDecodeError extends Error {
  constructor(
    message: string,
    readonly offset = -1,
  ) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.name = 'OfDecodeError';
  }
}

/** Thrown by encoders for values that cannot be put on the wire (a programming error). */
export class OfEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfEncodeError';
  }
}
