/**
 * OpenFlow 1.3 constants, named exactly as in the OpenFlow 1.3.5 specification (openflow.h)
 * so that a reader can grep the spec. Plain `const`s: no `const enum` (transpile-only tools).
 */

/** Wire version of OpenFlow 1.3. */
export const OFP_VERSION = 4;
/** Length of `struct ofp_header`. */
export const OFP_HEADER_LEN = 8;
/** Default controller port in the 1.3 era (OVS `tcp:HOST` default); IANA's is 6653. */
export const OFP_TCP_PORT = 6633;

/** `enum ofp_type` (§7.1). */
export const OFPT = {
  HELLO: 0,
  ERROR: 1,
  ECHO_REQUEST: 2,
  ECHO_REPLY: 3,
  EXPERIMENTER: 4,
  FEATURES_REQUEST: 5,
  FEATURES_REPLY: 6,
  GET_CONFIG_REQUEST: 7,
  GET_CONFIG_REPLY: 8,
  SET_CONFIG: 9,
  PACKET_IN: 10,
  FLOW_REMOVED: 11,
  PORT_STATUS: 12,
  PACKET_OUT: 13,
  FLOW_MOD: 14,
  GROUP_MOD: 15,
  PORT_MOD: 16,
  TABLE_MOD: 17,
  MULTIPART_REQUEST: 18,
  MULTIPART_REPLY: 19,
  BARRIER_REQUEST: 20,
  BARRIER_REPLY: 21,
  QUEUE_GET_CONFIG_REQUEST: 22,
  QUEUE_GET_CONFIG_REPLY: 23,
  ROLE_REQUEST: 24,
  ROLE_REPLY: 25,
  GET_ASYNC_REQUEST: 26,
  GET_ASYNC_REPLY: 27,
  SET_ASYNC: 28,
  METER_MOD: 29,
} as const;

// Port numbers (`enum ofp_port_no`, §7.2.1).
/** Maximum number of physical and logical switch ports. */
export const OFPP_MAX = 0xffffff00;
/** Send the packet out the input port. */
export const OFPP_IN_PORT = 0xfffffff8;
/** Submit the packet to the first flow table (packet-out only). */
export const OFPP_TABLE = 0xfffffff9;
/** Forward using non-OpenFlow pipeline. */
export const OFPP_NORMAL = 0xfffffffa;
/** Flood using non-OpenFlow pipeline. */
export const OFPP_FLOOD = 0xfffffffb;
/** All standard ports except input port. */
export const OFPP_ALL = 0xfffffffc;
/** Send to controller. */
export const OFPP_CONTROLLER = 0xfffffffd;
/** Local openflow "port". */
export const OFPP_LOCAL = 0xfffffffe;
/** Special value used in some requests when no port is specified (wildcard). */
export const OFPP_ANY = 0xffffffff;

/** `max_len` asking the switch to send the whole packet, unbuffered. */
export const OFPCML_NO_BUFFER = 0xffff;
/** Largest `max_len` that still buffers. */
export const OFPCML_MAX = 0xffe5;
/** `buffer_id` meaning "no buffered packet". */
export const OFP_NO_BUFFER = 0xffffffff;

/** Last usable table number. */
export const OFPTT_MAX = 0xfe;
/** Wildcard table in flow stats and delete requests. */
export const OFPTT_ALL = 0xff;

/** Last usable group number. */
export const OFPG_MAX = 0xffffff00;
/** All groups (group delete / stats). */
export const OFPG_ALL = 0xfffffffc;
/** Wildcard group in flow stats and delete requests. */
export const OFPG_ANY = 0xffffffff;

/** `enum ofp_flow_mod_command`. */
export const OFPFC = { ADD: 0, MODIFY: 1, MODIFY_STRICT: 2, DELETE: 3, DELETE_STRICT: 4 } as const;

/** `enum ofp_flow_mod_flags`. */
export const OFPFF = { SEND_FLOW_REM: 1, CHECK_OVERLAP: 2, RESET_COUNTS: 4, NO_PKT_COUNTS: 8, NO_BYT_COUNTS: 16 } as const;

/** `enum ofp_packet_in_reason`. */
export const OFPR = { NO_MATCH: 0, ACTION: 1, INVALID_TTL: 2 } as const;

/** `enum ofp_flow_removed_reason`. */
export const OFPRR = { IDLE_TIMEOUT: 0, HARD_TIMEOUT: 1, DELETE: 2, GROUP_DELETE: 3 } as const;

/** `enum ofp_port_reason`. */
export const OFPPR = { ADD: 0, DELETE: 1, MODIFY: 2 } as const;

/** `enum ofp_config_flags` (fragment handling). */
export const OFPC_FRAG = { NORMAL: 0, DROP: 1, REASM: 2, MASK: 3 } as const;

/** `enum ofp_capabilities`. */
export const OFPC = {
  FLOW_STATS: 1,
  TABLE_STATS: 2,
  PORT_STATS: 4,
  GROUP_STATS: 8,
  IP_REASM: 32,
  QUEUE_STATS: 64,
  PORT_BLOCKED: 256,
} as const;

/** `enum ofp_port_config`. */
export const OFPPC = { PORT_DOWN: 1, NO_RECV: 4, NO_FWD: 32, NO_PACKET_IN: 64 } as const;

/** `enum ofp_port_state`. */
export const OFPPS = { LINK_DOWN: 1, BLOCKED: 2, LIVE: 4 } as const;

/** `enum ofp_multipart_type`. */
export const OFPMP = {
  DESC: 0,
  FLOW: 1,
  AGGREGATE: 2,
  TABLE: 3,
  PORT_STATS: 4,
  QUEUE: 5,
  GROUP: 6,
  GROUP_DESC: 7,
  GROUP_FEATURES: 8,
  METER: 9,
  METER_CONFIG: 10,
  METER_FEATURES: 11,
  TABLE_FEATURES: 12,
  PORT_DESC: 13,
  EXPERIMENTER: 0xffff,
} as const;

/** More request parts follow (`OFPMPF_REQ_MORE`). */
export const OFPMPF_REQ_MORE = 1;
/** More reply parts follow (`OFPMPF_REPLY_MORE`): the connection must reassemble. */
export const OFPMPF_REPLY_MORE = 1;

/** `enum ofp_action_type`. */
export const OFPAT = {
  OUTPUT: 0,
  COPY_TTL_OUT: 11,
  COPY_TTL_IN: 12,
  SET_MPLS_TTL: 15,
  DEC_MPLS_TTL: 16,
  PUSH_VLAN: 17,
  POP_VLAN: 18,
  PUSH_MPLS: 19,
  POP_MPLS: 20,
  SET_QUEUE: 21,
  GROUP: 22,
  SET_NW_TTL: 23,
  DEC_NW_TTL: 24,
  SET_FIELD: 25,
  PUSH_PBB: 26,
  POP_PBB: 27,
  EXPERIMENTER: 0xffff,
} as const;

/** `enum ofp_instruction_type`. */
export const OFPIT = {
  GOTO_TABLE: 1,
  WRITE_METADATA: 2,
  WRITE_ACTIONS: 3,
  APPLY_ACTIONS: 4,
  CLEAR_ACTIONS: 5,
  METER: 6,
  EXPERIMENTER: 0xffff,
} as const;

/** `enum ofp_hello_elem_type`. */
export const OFPHET_VERSIONBITMAP = 1;

/** `OFPVID_PRESENT`: set in `vlan_vid` when a VLAN tag is present. */
export const OFPVID_PRESENT = 0x1000;
/** `OFPVID_NONE`: `vlan_vid` value matching packets without a VLAN tag. */
export const OFPVID_NONE = 0x0000;

/** ONF experimenter id (`ONF_EXPERIMENTER_ID`), used for bundles on OpenFlow 1.3. */
export const ONF_EXPERIMENTER_ID = 0x4f4e4600;
/** Nicira experimenter id (`NX_VENDOR_ID`): OVS's own errors and extensions. */
export const NX_EXPERIMENTER_ID = 0x00002320;
/** `ONF_ET_BUNDLE_CONTROL` (ONF extension 230, bundles on OpenFlow 1.3). */
export const ONF_ET_BUNDLE_CONTROL = 2300;
/** `ONF_ET_BUNDLE_ADD_MESSAGE`. */
export const ONF_ET_BUNDLE_ADD_MESSAGE = 2301;

/** `enum ofp_bundle_ctrl_type`. */
export const OFPBCT = {
  OPEN_REQUEST: 0,
  OPEN_REPLY: 1,
  CLOSE_REQUEST: 2,
  CLOSE_REPLY: 3,
  COMMIT_REQUEST: 4,
  COMMIT_REPLY: 5,
  DISCARD_REQUEST: 6,
  DISCARD_REPLY: 7,
} as const;

/** `enum ofp_bundle_flags`. */
export const OFPBF = { ATOMIC: 1, ORDERED: 2 } as const;
