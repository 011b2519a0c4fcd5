/**
 * The BGP library of pseudo-wan: domain types, the wire codec, sessions, RIBs and VRFs, label
 * allocation and the speaker. It imports nothing else from the repository. The wire codec is
 * re-exported as the `wire` namespace because its message types share names (AsPathSegment,
 * Origin) with the RIB's own types; its most used names are re-exported directly too.
 */
export * from './types/index.js';
export * from './labels/index.js';
export * from './rib/index.js';
export * from './session/index.js';
export * from './speaker/index.js';
export * from './policy/index.js';
export * as wire from './wire/index.js';
export * as bmp from './bmp/index.js';
export {
  AFI_IPV4,
  AFI_IPV6,
  SAFI_UNICAST,
  SAFI_MPLS_VPN,
  BgpDecodeError,
  describeNotification,
  type BgpMessage,
  type UpdateMessage,
  type VpnNlri,
  type CodecContext,
  type Family,
} from './wire/index.js';
