/** The one error the packet decoders throw. */

/** Malformed packet bytes (too short, wrong hardware type, bad checksum...). */
export class PacketDecodeError extends Error {
  constructor(
    message: string,
    readonly offset = -1,
  ) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.name = 'PacketDecodeError';
  }
}

/** Throws a PacketDecodeError unless `buf` has `n` bytes from `offset`. */
export function need(buf: Uint8Array, offset: number, n: number, what: string): void {
  if (offset + n > buf.length) throw new PacketDecodeError(`truncated ${what}: need ${n} bytes, have ${Math.max(0, buf.length - offset)}`, offset);
}
