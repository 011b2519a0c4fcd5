/**
 * Ethernet MAC addresses. Carried as a branded lower-case `aa:bb:cc:dd:ee:ff` string so that
 * it can key a Map, print as itself and compare with `===`; parsed once at the edge.
 */

/** A canonical (lower-case, colon-separated) 48-bit MAC address. */
export type MacAddress = string & { readonly __brand: 'MacAddress' };

/** Thrown by {@link parseMac} for text that is not a MAC address. */
export class MacParseError extends Error {
  constructor(readonly input: string) {
    super(`not a MAC address: ${JSON.stringify(input)}`);
    this.name = 'MacParseError';
  }
}

const MAC_RE = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

/** Parses `aa:bb:cc:dd:ee:ff` (or with dashes, any case) into the canonical form. */
export function parseMac(text: string): MacAddress {
  if (!MAC_RE.test(text)) throw new MacParseError(text);
  return text.toLowerCase().replace(/-/g, ':') as MacAddress;
}

/** Formats a MAC address for display (it already is canonical text). */
export function formatMac(mac: MacAddress): string {
  return mac;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Reads 6 bytes at `offset` as a MAC address (the caller checks bounds). */
export function macFromBytes(buf: Uint8Array, offset = 0): MacAddress {
  return `${HEX[buf[offset]!]}:${HEX[buf[offset + 1]!]}:${HEX[buf[offset + 2]!]}:${HEX[buf[offset + 3]!]}:${HEX[buf[offset + 4]!]}:${HEX[buf[offset + 5]!]}` as MacAddress;
}

/** Writes a MAC address as 6 bytes at `offset` (the caller checks bounds). */
export function writeMacBytes(mac: MacAddress, buf: Uint8Array, offset: number): void {
  for (let i = 0; i < 6; i++) buf[offset + i] = (nibble(mac.charCodeAt(i * 3)) << 4) | nibble(mac.charCodeAt(i * 3 + 1));
}

/** Value of one lower- or upper-case hex digit (canonical MACs are lower-case). */
function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

/** The broadcast address ff:ff:ff:ff:ff:ff. */
export const MAC_BROADCAST = 'ff:ff:ff:ff:ff:ff' as MacAddress;
/** The all-zero address, e.g. the target hardware address of an ARP request. */
export const MAC_ZERO = '00:00:00:00:00:00' as MacAddress;
