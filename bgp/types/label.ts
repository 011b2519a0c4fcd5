/** MPLS labels (RFC 3032): 20 bits; 0..15 are reserved for special purposes. */
import { ParseError } from './ipv4.js';

declare const labelBrand: unique symbol;
/** An MPLS label value, 0..1048575. */
export type Label = number & { readonly [labelBrand]: true };

/** Largest label value (20 bits). */
export const MAX_LABEL = 0xfffff;

/** Checks a number is a 20-bit label. */
export function label(n: number): Label {
  if (!Number.isInteger(n) || n < 0 || n > MAX_LABEL) throw new ParseError('MPLS label', String(n));
  return n as Label;
}
