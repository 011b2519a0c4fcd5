/**
 * The Internet checksum (RFC 1071): one's-complement sum of 16-bit words, folded, inverted.
 * Used by the IPv4 header and ICMP.
 */

/** One's-complement sum of `buf[start, end)` (an odd last byte is padded with zero), not yet inverted. */
export function onesComplementSum(buf: Uint8Array, start = 0, end = buf.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum to store in a header whose checksum field is zero. */
export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length): number {
  return ~onesComplementSum(buf, start, end) & 0xffff;
}

/** True when data that includes its checksum field sums to 0xffff (RFC 1071 §1 verification). */
export function checksumValid(buf: Uint8Array, start = 0, end = buf.length): boolean {
  return onesComplementSum(buf, start, end) === 0xffff;
}
