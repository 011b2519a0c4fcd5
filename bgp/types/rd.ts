/**
 * Route distinguishers (RFC 4364 §4.2) and route targets (RFC 4360 §4, extended communities of
 * types 0x00, 0x01 and 0x02 with sub-type 0x02) share one shape: an administrator and an
 * assigned number, whose widths the type fixes:
 *   type 0: 2-octet AS : 4-octet number      `65001:101`
 *   type 1: IPv4 address : 2-octet number    `10.10.10.1:5`
 *   type 2: 4-octet AS : 2-octet number      `4200000000:7` (or any AS > 65535)
 */
import { ParseError, formatIpv4, parseIpv4, type Ipv4Address } from './ipv4.js';

/** Administrator + assigned number, discriminated by type. */
export type AdminAssigned =
  | { readonly type: 0; readonly admin: number; readonly assigned: number }
  | { readonly type: 1; readonly admin: Ipv4Address; readonly assigned: number }
  | { readonly type: 2; readonly admin: number; readonly assigned: number };

declare const rdBrand: unique symbol;
declare const rtBrand: unique symbol;
/** A route distinguisher. */
export type Rd = AdminAssigned & { readonly [rdBrand]: true };
/** A route target. */
export type RouteTarget = AdminAssigned & { readonly [rtBrand]: true };

function parseAdminAssigned(what: string, text: string): AdminAssigned {
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw new ParseError(what, text);
  const adminText = text.slice(0, colon);
  const assignedText = text.slice(colon + 1);
  if (!/^[0-9]{1,10}$/.test(assignedText)) throw new ParseError(what, text);
  const assigned = Number(assignedText);
  if (adminText.includes('.')) {
    let admin: Ipv4Address;
    try {
      admin = parseIpv4(adminText);
    } catch {
      throw new ParseError(what, text);
    }
    if (assigned > 0xffff) throw new ParseError(what, text);
    return { type: 1, admin, assigned };
  }
  if (!/^[0-9]{1,10}$/.test(adminText)) throw new ParseError(what, text);
  const admin = Number(adminText);
  if (admin <= 0xffff) {
    if (assigned > 0xffffffff) throw new ParseError(what, text);
    return { type: 0, admin, assigned };
  }
  if (admin > 0xffffffff || assigned > 0xffff) throw new ParseError(what, text);
  return { type: 2, admin, assigned };
}

function formatAdminAssigned(v: AdminAssigned): string {
  return v.type === 1 ? `${formatIpv4(v.admin)}:${v.assigned}` : `${v.admin}:${v.assigned}`;
}

/** Parses `65001:101`, `10.10.10.1:5` or `4200000000:7`. */
export function parseRd(text: string): Rd {
  return parseAdminAssigned('route distinguisher', text) as Rd;
}

/** Parses a route target in the same notation as an RD. */
export function parseRouteTarget(text: string): RouteTarget {
  return parseAdminAssigned('route target', text) as RouteTarget;
}

/** Canonical text of an RD — also its key in maps. */
export function formatRd(rd: Rd): string {
  return formatAdminAssigned(rd);
}

/** Canonical text of a route target — also its key in sets. */
export function formatRouteTarget(rt: RouteTarget): string {
  return formatAdminAssigned(rt);
}

/** Builds an RD from decoded fields (wire decoders use this; it checks widths). */
export function rdFromFields(type: number, admin: number, assigned: number): Rd {
  return checkFields('route distinguisher', type, admin, assigned) as Rd;
}

/** Builds a route target from decoded fields. */
export function routeTargetFromFields(type: number, admin: number, assigned: number): RouteTarget {
  return checkFields('route target', type, admin, assigned) as RouteTarget;
}

function checkFields(what: string, type: number, admin: number, assigned: number): AdminAssigned {
  const ok =
    (type === 0 && admin <= 0xffff && assigned <= 0xffffffff) ||
    (type === 1 && admin <= 0xffffffff && assigned <= 0xffff) ||
    (type === 2 && admin <= 0xffffffff && assigned <= 0xffff);
  if (!ok || admin < 0 || assigned < 0 || !Number.isInteger(admin) || !Number.isInteger(assigned)) {
    throw new ParseError(what, `${type}:${admin}:${assigned}`);
  }
  return { type, admin, assigned } as AdminAssigned;
}
