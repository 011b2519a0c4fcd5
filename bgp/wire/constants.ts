/** Numbers from the BGP specifications, named as the RFCs name them. */

/** RFC 4271 §4.1: every message starts with a 16-octet marker of all ones, then length and type. */
export const BGP_HEADER_LEN = 19;
/** RFC 4271 §4.1: largest message without RFC 8654 extended messages. */
export const BGP_MAX_MESSAGE_LEN = 4096;
/** RFC 8654: largest message once extended messages are negotiated. */
export const BGP_MAX_EXTENDED_MESSAGE_LEN = 65535;
/** RFC 4271 §4.2. */
export const BGP_VERSION = 4;

/** Message type codes (RFC 4271 §4.1, RFC 2918). */
export const MSG_OPEN = 1;
export const MSG_UPDATE = 2;
export const MSG_NOTIFICATION = 3;
export const MSG_KEEPALIVE = 4;
export const MSG_ROUTE_REFRESH = 5;

/** Address family identifiers (IANA) and subsequent ones (RFC 4760, RFC 4364). */
export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;
export const SAFI_MPLS_LABEL = 4;
export const SAFI_MPLS_VPN = 128;

/** Path attribute type codes (IANA "BGP Path Attributes"). */
export const ATTR_ORIGIN = 1;
export const ATTR_AS_PATH = 2;
export const ATTR_NEXT_HOP = 3;
export const ATTR_MULTI_EXIT_DISC = 4;
export const ATTR_LOCAL_PREF = 5;
export const ATTR_ATOMIC_AGGREGATE = 6;
export const ATTR_AGGREGATOR = 7;
export const ATTR_COMMUNITIES = 8;
export const ATTR_ORIGINATOR_ID = 9;
export const ATTR_CLUSTER_LIST = 10;
export const ATTR_MP_REACH_NLRI = 14;
export const ATTR_MP_UNREACH_NLRI = 15;
export const ATTR_EXTENDED_COMMUNITIES = 16;
export const ATTR_AS4_PATH = 17;
export const ATTR_AS4_AGGREGATOR = 18;
export const ATTR_LARGE_COMMUNITIES = 32;

/** Attribute flag bits (RFC 4271 §4.3). */
export const FLAG_OPTIONAL = 0x80;
export const FLAG_TRANSITIVE = 0x40;
export const FLAG_PARTIAL = 0x20;
export const FLAG_EXTENDED_LENGTH = 0x10;

/** Capability codes (IANA "Capability Codes"). */
export const CAP_MULTIPROTOCOL = 1;
export const CAP_ROUTE_REFRESH = 2;
export const CAP_GRACEFUL_RESTART = 64;
export const CAP_FOUR_OCTET_AS = 65;
export const CAP_ENHANCED_ROUTE_REFRESH = 70;

/** OPEN optional parameter type carrying capabilities (RFC 5492). */
export const OPT_PARAM_CAPABILITIES = 2;

/** ROUTE-REFRESH message subtypes (RFC 7313 §3.2). */
export const ROUTE_REFRESH_NORMAL = 0;
export const ROUTE_REFRESH_BORR = 1;
export const ROUTE_REFRESH_EORR = 2;

/** RFC 8277 §2.4 / RFC 3107 §3: the label field a withdrawal carries by convention. */
export const WITHDRAW_LABEL_FIELD = 0x800000;
