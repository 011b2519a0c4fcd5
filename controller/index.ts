/**
 * The controller package's public surface: the only module `rest/` may import.
 * (Created by the rest helper with the API contract; the controller helper extends it.)
 */
export * from './api.js';
export * from './errors.js';
export {
  ParseError,
  parseAsn,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  formatIpv4,
  formatIpv4Prefix,
  formatRd,
  formatRouteTarget,
  ipv4Prefix,
  maskOf,
  lengthOfMask,
  label,
  asn,
  MAX_LABEL,
} from './deps/bgp.js';
export type { Asn, Ipv4Address, Ipv4Prefix, Label, Rd, RouteTarget } from './deps/bgp.js';
export * from './config/index.js';
export { parseDpid, formatDpid, type Dpid } from './deps/openflow.js';
