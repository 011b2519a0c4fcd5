/** RFC 7854 numbers, named as in the RFC. */

/** §4.1: the only version this codec speaks. */
export const BMP_VERSION = 3;
/** §4.1: version (1) + message length (4) + message type (1). */
export const BMP_COMMON_HEADER_LEN = 6;
/** §4.2: type, flags, distinguisher (8), address (16), AS, BGP ID, timestamp seconds and microseconds. */
export const BMP_PER_PEER_HEADER_LEN = 42;
/** The IANA port for BMP is not assigned; collectors commonly listen on this one. */
export const BMP_DEFAULT_PORT = 11019;

/** §4.1 message types. */
export const BMP_ROUTE_MONITORING = 0;
export const BMP_STATISTICS_REPORT = 1;
export const BMP_PEER_DOWN_NOTIFICATION = 2;
export const BMP_PEER_UP_NOTIFICATION = 3;
export const BMP_INITIATION = 4;
export const BMP_TERMINATION = 5;

/** §4.2 peer types. */
export const PEER_TYPE_GLOBAL = 0;
export const PEER_TYPE_RD_INSTANCE = 1;

/** §4.2 per-peer flags. */
export const PEER_FLAG_V = 0x80; // IPv6 peer address
export const PEER_FLAG_L = 0x40; // post-policy Adj-RIB-In
export const PEER_FLAG_A = 0x20; // legacy 2-octet AS_PATH format

/** §4.3/§4.4 Initiation (and Termination) information TLV types. */
export const INIT_TLV_STRING = 0;
export const INIT_TLV_SYS_DESCR = 1;
export const INIT_TLV_SYS_NAME = 2;

/** §4.5 Termination TLV types and reason codes. */
export const TERM_TLV_STRING = 0;
export const TERM_TLV_REASON = 1;
export const TERM_REASON_ADMIN_CLOSE = 0;
export const TERM_REASON_UNSPECIFIED = 1;
export const TERM_REASON_OUT_OF_RESOURCES = 2;
export const TERM_REASON_REDUNDANT = 3;
export const TERM_REASON_PERM_ADMIN_CLOSE = 4;

/** §4.9 Peer Down reasons. */
export const PEER_DOWN_LOCAL_NOTIFICATION = 1;
export const PEER_DOWN_LOCAL_NO_NOTIFICATION = 2;
export const PEER_DOWN_REMOTE_NOTIFICATION = 3;
export const PEER_DOWN_REMOTE_NO_NOTIFICATION = 4;
export const PEER_DOWN_DECONFIGURED = 5;

/** §4.8 statistics types used here (all gauges/counters as the RFC sizes them). */
export const STAT_REJECTED_PREFIXES = 0; // 32-bit counter
export const STAT_ADJ_RIB_IN_ROUTES = 7; // 64-bit gauge
export const STAT_LOC_RIB_ROUTES = 8; // 64-bit gauge
