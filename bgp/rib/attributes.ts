/**
 * The RIB's own path attributes, separate from the wire's: what best-path selection, VRF import
 * and export need, interned so the many routes of one UPDATE (or of one VRF's export) share a
 * single frozen object and its derived facts (AS path length, neighbour AS, RT keys).
 */
import { formatRouteTarget, type Asn, type Ipv4Address, type RouteTarget } from '../types/index.js';

/** ORIGIN (RFC 4271 §5.1.1), best first. */
export type Origin = 'igp' | 'egp' | 'incomplete';

/** One AS_PATH segment (RFC 4271 §4.3, RFC 5065 confederation segments). */
export interface AsPathSegment {
  readonly type: 'sequence' | 'set' | 'confed-sequence' | 'confed-set';
  readonly asns: readonly Asn[];
}

/**
 * Attributes the RIB does not interpret but passes on (other communities, large communities,
 * unknown transitive attributes); opaque here, owned by the wire adapter. Must be immutable
 * and carry a stable `key` for interning.
 */
export interface OpaqueAttributes {
  readonly key: string;
}

/** Attributes as given to the interner. */
export interface RouteAttrsInput {
  readonly origin: Origin;
  readonly asPath: readonly AsPathSegment[];
  readonly nextHop: Ipv4Address;
  readonly med?: number;
  readonly localPref?: number;
  readonly routeTargets: readonly RouteTarget[];
  readonly communities?: readonly number[];
  readonly opaque?: OpaqueAttributes;
}

/** Interned attributes with derived facts. Never mutate. */
export interface RouteAttrs extends RouteAttrsInput {
  /** RFC 4271 §9.1.2.2 (a): an AS_SET counts 1, confederation segments 0. */
  readonly asPathLength: number;
  /** The first AS of the path (the neighbour AS for MED comparison), if any. */
  readonly neighborAs: Asn | undefined;
  /** Canonical text of each route target. */
  readonly rtKeys: readonly string[];
  /** Interning key. */
  readonly key: string;
}

/** Length of an AS_PATH for best-path selection. */
export function asPathLength(path: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of path) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

/** Whether an AS appears anywhere in the path (loop detection, RFC 4271 §9.1.2). */
export function asPathContains(path: readonly AsPathSegment[], a: Asn): boolean {
  for (const s of path) if (s.asns.includes(a)) return true;
  return false;
}

/** AS path in the usual text form: `65002 65003 {65004,65005}`. */
export function formatAsPath(path: readonly AsPathSegment[]): string {
  return path
    .map((s) => {
      const list = s.asns.join(s.type.endsWith('set') ? ',' : ' ');
      switch (s.type) {
        case 'sequence':
          return list;
        case 'set':
          return `{${list}}`;
        case 'confed-sequence':
          return `(${list})`;
        case 'confed-set':
          return `[${list}]`;
      }
    })
    .filter((t) => t.length > 0)
    .join(' ');
}

function keyOf(a: RouteAttrsInput, rtKeys: readonly string[]): string {
  const path = a.asPath.map((s) => `${s.type[0]}${s.type.length}:${s.asns.join(',')}`).join(';');
  return [
    a.origin,
    path,
    a.nextHop,
    a.med ?? '',
    a.localPref ?? '',
    rtKeys.join(','),
    a.communities?.join(',') ?? '',
    a.opaque?.key ?? '',
  ].join('|');
}

/**
 * Shares one object per distinct attribute set. Held weakly: a set no route uses any more is
 * collected with the last route, and its table entry goes with it, so nobody counts uses.
 */
export class AttrInterner {
  private readonly table = new Map<string, WeakRef<RouteAttrs>>();
  private readonly registry = new FinalizationRegistry<string>((key) => {
    const ref = this.table.get(key);
    if (ref && ref.deref() === undefined) this.table.delete(key);
  });

  /** Distinct attribute sets held (including ones awaiting collection). */
  get size(): number {
    return this.table.size;
  }

  /** The shared attribute object equal to `a`. */
  intern(a: RouteAttrsInput): RouteAttrs {
    const rtKeys = a.routeTargets.map(formatRouteTarget);
    const key = keyOf(a, rtKeys);
    const found = this.table.get(key)?.deref();
    if (found) return found;
    const first = a.asPath.find((s) => s.type === 'sequence' && s.asns.length > 0);
    const attrs: RouteAttrs = Object.freeze({
      origin: a.origin,
      asPath: a.asPath,
      nextHop: a.nextHop,
      med: a.med,
      localPref: a.localPref,
      routeTargets: a.routeTargets,
      communities: a.communities,
      opaque: a.opaque,
      asPathLength: asPathLength(a.asPath),
      neighborAs: first?.asns[0],
      rtKeys,
      key,
    });
    this.table.set(key, new WeakRef(attrs));
    this.registry.register(attrs, key);
    return attrs;
  }
}
