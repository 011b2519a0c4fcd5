/**
 * Cookies: every flow carries one, so the controller can find its own flows in a FLOW
 * multipart reply (and tell them from anything else in the switch) after a reconnect.
 *
 *   bits 63..48  0x7077 ("pw": this project's flows)
 *   bits 47..40  kind (which part of the router made the flow)
 *   bits 39..24  VRF id (0 when the flow belongs to no VRF)
 *   bits 23..0   zero
 */

/** What made a flow. */
export type FlowKind = 'miss' | 'classifier' | 'own-address' | 'remote-route' | 'local-route' | 'connected' | 'label';

const KINDS: readonly FlowKind[] = ['miss', 'classifier', 'own-address', 'remote-route', 'local-route', 'connected', 'label'];

/** The marker in the top 16 bits. */
export const COOKIE_MARKER = 0x7077n;
/** Mask selecting the marker (for multipart requests filtered by cookie). */
export const COOKIE_MARKER_MASK = 0xffffn << 48n;

const cache = new Map<number, bigint>();

/** The cookie of a flow of `kind` in VRF `vrfId` (0 = none). Memoised: BigInt arithmetic is slow per route. */
export function cookieOf(kind: FlowKind, vrfId = 0): bigint {
  const k = (KINDS.indexOf(kind) + 1) * 0x10000 + (vrfId & 0xffff);
  let c = cache.get(k);
  if (c === undefined) {
    c = (COOKIE_MARKER << 48n) | (BigInt(KINDS.indexOf(kind) + 1) << 40n) | (BigInt(vrfId & 0xffff) << 24n);
    cache.set(k, c);
  }
  return c;
}

/** Decodes a cookie; undefined if it is not one of ours. */
export function decodeCookie(cookie: bigint): { kind: FlowKind; vrfId: number } | undefined {
  if (cookie >> 48n !== COOKIE_MARKER) return undefined;
  const kind = KINDS[Number((cookie >> 40n) & 0xffn) - 1];
  if (!kind) return undefined;
  return { kind, vrfId: Number((cookie >> 24n) & 0xffffn) };
}
