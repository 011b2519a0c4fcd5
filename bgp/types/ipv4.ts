/**
 * IPv4 addresses and prefixes as numbers, parsed once at the edge. An address is an unsigned
 * 32-bit integer (cheap to compare, hash and mask at a million routes); a prefix keeps its
 * host bits zero, so two equal prefixes always have equal keys.
 */

declare const ipv4Brand: unique symbol;
/** An IPv4 address as an unsigned 32-bit integer. */
export type Ipv4Address = number & { readonly [ipv4Brand]: true };

/** An IPv4 prefix with its host bits zero. */
export interface Ipv4Prefix {
  readonly address: Ipv4Address;
  /** 0..32 */
  readonly length: number;
}

/** A value that failed to parse; `what` names the kind of value expected. */
export class ParseError extends Error {
  constructor(
    readonly what: string,
    readonly input: string,
  ) {
    super(`invalid ${what}: ${JSON.stringify(input)}`);
    this.name = 'ParseError';
  }
}

/** Builds an address from a number, checking it fits in 32 bits. */
export function ipv4FromNumber(n: number): Ipv4Address {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ParseError('IPv4 address', String(n));
  return n as Ipv4Address;
}

/** Parses dotted-quad `192.168.0.1`. */
export function parseIpv4(text: string): Ipv4Address {
  const parts = text.split('.');
  if (parts.length !== 4) throw new ParseError('IPv4 address', text);
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) throw new ParseError('IPv4 address', text);
    const octet = Number(part);
    if (octet > 255) throw new ParseError('IPv4 address', text);
    n = n * 256 + octet;
  }
  return n as Ipv4Address;
}

/** Formats an address as dotted-quad. */
export function formatIpv4(a: Ipv4Address): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** The network mask of a prefix length, as an unsigned 32-bit number. */
export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** Prefix length of a contiguous netmask such as `255.255.255.0`; throws on a non-contiguous one. */
export function lengthOfMask(mask: Ipv4Address): number {
  const length = 32 - Math.log2(((~mask) >>> 0) + 1);
  if (!Number.isInteger(length) || maskOf(length) !== mask) throw new ParseError('netmask', formatIpv4(mask));
  return length;
}

/** Builds a prefix, zeroing host bits (so `10.1.0.5/24` becomes `10.1.0.0/24`). */
export function ipv4Prefix(address: Ipv4Address, length: number): Ipv4Prefix {
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new ParseError('prefix length', String(length));
  return { address: ((address & maskOf(length)) >>> 0) as Ipv4Address, length };
}

/** Parses `10.1.0.0/24`; a bare address is a /32. */
export function parseIpv4Prefix(text: string): Ipv4Prefix {
  const slash = text.indexOf('/');
  if (slash < 0) return ipv4Prefix(parseIpv4(text), 32);
  const lengthText = text.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(lengthText)) throw new ParseError('IPv4 prefix', text);
  return ipv4Prefix(parseIpv4(text.slice(0, slash)), Number(lengthText));
}

/** Formats `10.1.0.0/24`. */
export function formatIpv4Prefix(p: Ipv4Prefix): string {
  return `${formatIpv4(p.address)}/${p.length}`;
}

/** Whether `address` lies inside `prefix`. */
export function prefixContains(prefix: Ipv4Prefix, address: Ipv4Address): boolean {
  return ((address & maskOf(prefix.length)) >>> 0) === prefix.address;
}
