/**
 * Field parsers shared by the REST bodies and OpenFlow.ini: each turns the text the original's
 * clients sent (strings; numbers accepted where natural) into a domain value, or records an
 * issue that names what was expected. Parsed once here, never re-parsed downstream.
 */
import { z } from 'zod';
import {
  asn,
  label,
  lengthOfMask,
  parseAsn,
  parseIpv4,
  parseRd,
  parseRouteTarget,
  type Asn,
  type Ipv4Address,
  type Label,
  type Rd,
  type RouteTarget,
} from '../../bgp/index.js';
import { parseMacAddress, type MacAddress } from '../api.js';

/** The issue message zod gets for an absent required field; `firstProblem` names the field. */
export const MISSING = 'missing field';

/** A type error that tells "absent" from "wrong type". */
export function typeError(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : `expected ${expected}`);
}

/** First label a router may allocate: 0..15 are reserved (RFC 3032 §2.1). */
export const FIRST_UNRESERVED_LABEL = 16;
/** Largest OpenFlow 1.3 physical/logical port number (OFPP_MAX). */
export const OFPP_MAX = 0xffffff00;

/** A string field parsed by `parse`; a throw becomes "invalid <what>". */
export function parsedString<T>(what: string, parse: (text: string) => T) {
  return z.string({ error: typeError(`a string (${what})`) }).transform((text, ctx): T => {
    try {
      return parse(text.trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `invalid ${what}: ${JSON.stringify(text)}` });
      return z.NEVER;
    }
  });
}

/** An unsigned decimal integer in [min, max], given as a string or a number. */
export function integerField(what: string, min: number, max: number) {
  return z
    .union([z.string(), z.number()], { error: typeError(`a string or number (${what})`) })
    .transform((value, ctx): number => {
      const text = String(value).trim();
      const n = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `invalid ${what}: ${JSON.stringify(value)} (expected ${min}..${max})` });
        return z.NEVER;
      }
      return n;
    });
}

/**
 * An optional field: absent, null and "" (what the original sent for "not set") all mean
 * undefined; anything else must satisfy `schema`.
 */
export function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
}

/** Dotted-quad IPv4 address. */
export const ipv4Field = (what = 'IPv4 address') => parsedString<Ipv4Address>(what, parseIpv4);

/** AS number, plain or asdot; a number is accepted. */
export const asnField = z
  .union([z.string(), z.number()], { error: typeError('a string or number (AS number)') })
  .transform((value, ctx): Asn => {
    try {
      return typeof value === 'number' ? asn(value) : parseAsn(value.trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `invalid AS number: ${JSON.stringify(value)}` });
      return z.NEVER;
    }
  });

/** An MPLS label a router may allocate (16..1048575). */
export const labelField = integerField('MPLS label', FIRST_UNRESERVED_LABEL, 0xfffff).transform((n) => label(n) as Label);

/** An OpenFlow port number. */
export const portField = integerField('OpenFlow port', 1, OFPP_MAX);

/** A 32-bit metric (MED, LOCAL_PREF). */
export const metricField = (what: string) => integerField(what, 0, 0xffffffff);

/** A netmask `255.255.255.0` (contiguous) or a prefix length `24`; yields the length. */
export const netmaskField = z
  .union([z.string(), z.number()], { error: typeError('a string (netmask)') })
  .transform((value, ctx): number => {
    const text = String(value).trim();
    try {
      if (/^[0-9]{1,2}$/.test(text) && Number(text) <= 32) return Number(text);
      return lengthOfMask(parseIpv4(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: `invalid netmask: ${JSON.stringify(value)}` });
      return z.NEVER;
    }
  });

/** MAC address `00:00:00:01:01:01`. */
export const macField = parsedString<MacAddress>('MAC address', parseMacAddress);

/** Route distinguisher `65001:101`. */
export const rdField = parsedString<Rd>('route distinguisher', parseRd);

/**
 * Route targets: an array of strings, or one string holding one or more separated by commas
 * or spaces (the original sent `"import": "65001:101"`). At least one.
 */
export const routeTargetsField = z
  .union([z.string(), z.array(z.string())], { error: typeError('a route target string or list') })
  .transform((value, ctx): RouteTarget[] => {
    const texts = (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((t) => t.trim()).filter((t) => t !== '');
    if (texts.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one route target is required' });
      return z.NEVER;
    }
    const out: RouteTarget[] = [];
    for (const text of texts) {
      try {
        out.push(parseRouteTarget(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: `invalid route target: ${JSON.stringify(text)}` });
        return z.NEVER;
      }
    }
    return out;
  });
