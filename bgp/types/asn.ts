/** Autonomous system numbers (RFC 6793: 4 octets; AS_TRANS stands in toward 2-octet speakers). */
import { ParseError } from './ipv4.js';

declare const asnBrand: unique symbol;
/** An AS number, 0..4294967295. */
export type Asn = number & { readonly [asnBrand]: true };

/** RFC 6793 §9: the 2-octet placeholder for a 4-octet AS. */
export const AS_TRANS = 23456 as Asn;

/** Checks a number is a 4-octet AS number. */
export function asn(n: number): Asn {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ParseError('AS number', String(n));
  return n as Asn;
}

/** Parses `65001` or asdot `1.10`. */
export function parseAsn(text: string): Asn {
  const dot = /^([0-9]+)\.([0-9]+)$/.exec(text);
  if (dot) {
    const high = Number(dot[1]);
    const low = Number(dot[2]);
    if (high > 0xffff || low > 0xffff) throw new ParseError('AS number', text);
    return asn(high * 65536 + low);
  }
  if (!/^[0-9]{1,10}$/.test(text)) throw new ParseError('AS number', text);
  return asn(Number(text));
}

/** Whether the AS fits in 2 octets. */
export function isTwoOctet(a: Asn): boolean {
  return a <= 0xffff;
}
