/**
 * BGP-4 wire codec (RFC 4271) with MP-BGP (RFC 4760), VPNv4/VPNv6 (RFC 4364, 4659, 8277),
 * 4-octet AS (RFC 6793), route refresh (RFC 2918, 7313), communities (RFC 1997, 4360, 8092)
 * and RFC 7606 error handling. Pure: bytes in, typed messages out, and back.
 *
 * - `BgpFramer` splits a TCP stream into frames; `decodeMessage(frame, ctx)` /
 *   `encodeMessage(msg, ctx)` convert one whole message.
 * - Decoders throw only `BgpDecodeError` (`toNotification()` gives the NOTIFICATION to send).
 *   RFC 7606 treat-as-withdraw / attribute-discard come back on the UpdateMessage instead.
 * - `encodeVpnv4Updates` / `encodeVpnv4Withdraws` pack many NLRI into ≤4096-byte UPDATEs.
 */
export * from './types.js';
export * from './constants.js';
export * from './notification-codes.js';
export { BgpDecodeError } from './errors.js';
export { BgpFramer, type FramerOptions } from './framer.js';
export { readHeader, type BgpHeader } from './header.js';
export { encodeMessage, decodeMessage } from './message.js';
export { endOfRib, endOfRibFamily } from './update.js';
export { encodeIpv4Updates, encodeIpv4Withdraws, encodeVpnv4Updates, encodeVpnv4Withdraws } from './bulk.js';
export { asPathLength, buildAs4Path, effectivePath, hasFourOctetAsn, mergeAs4Path } from './as-path.js';
export { unknownAttributesToPassOn } from './attributes-encode.js';
export { ipv6Prefix } from './nlri.js';
