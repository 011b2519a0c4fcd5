/**
 * Just enough IPv4 arithmetic to lay out a topology (base + offset, masks). The CLI hands
 * addresses to `ip` and REST as text, so values stay text at its edges; parsing here is only
 * for computing them.
 */

/** Parses dotted-quad text into an unsigned 32-bit number; throws on anything else. */
export function ipToNumber(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${text}`);
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) throw new Error(`not an IPv4 address: ${text}`);
    value = value * 256 + Number(part);
  }
  return value;
}

/** Formats an unsigned 32-bit number as dotted-quad text. */
export function numberToIp(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`IPv4 value out of range: ${value}`);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** `base + offset` as an address (e.g. `addIp('10.1.0.0', 65536)` = `10.2.0.0`). */
export function addIp(base: string, offset: number): string {
  return numberToIp(ipToNumber(base) + offset);
}

/** The dotted netmask of a prefix length (`24` → `255.255.255.0`). */
export function netmaskOf(length: number): string {
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new Error(`bad prefix length: ${length}`);
  return numberToIp(length === 0 ? 0 : (0xffffffff - (2 ** (32 - length) - 1)));
}

/** The prefix length of a dotted netmask (`255.255.255.252` → `30`); throws if not contiguous. */
export function lengthOfNetmask(mask: string): number {
  const value = ipToNumber(mask);
  for (let length = 0; length <= 32; length++) if (ipToNumber(netmaskOf(length)) === value) return length;
  throw new Error(`not a contiguous netmask: ${mask}`);
}

/** The network address of `ip/length` (`networkOf('10.1.0.2', 24)` = `10.1.0.0`). */
export function networkOf(ip: string, length: number): string {
  const size = 2 ** (32 - length);
  return numberToIp(Math.floor(ipToNumber(ip) / size) * size);
}
