/**
 * NOTIFICATION error codes and subcodes with their RFC names: RFC 4271 §4.5 and §6, RFC 5492
 * (Unsupported Capability), RFC 4486 and RFC 8538 (Cease subcodes), RFC 6608 (FSM errors),
 * RFC 7313 (ROUTE-REFRESH Message Error), RFC 9234 (Role Mismatch), RFC 9384 (BFD Down).
 */

export const ERR_MESSAGE_HEADER = 1;
export const ERR_OPEN_MESSAGE = 2;
export const ERR_UPDATE_MESSAGE = 3;
export const ERR_HOLD_TIMER_EXPIRED = 4;
export const ERR_FSM = 5;
export const ERR_CEASE = 6;
export const ERR_ROUTE_REFRESH_MESSAGE = 7;

// Message Header Error subcodes
export const HDR_CONNECTION_NOT_SYNCHRONIZED = 1;
export const HDR_BAD_MESSAGE_LENGTH = 2;
export const HDR_BAD_MESSAGE_TYPE = 3;

// OPEN Message Error subcodes
export const OPEN_UNSUPPORTED_VERSION_NUMBER = 1;
export const OPEN_BAD_PEER_AS = 2;
export const OPEN_BAD_BGP_IDENTIFIER = 3;
export const OPEN_UNSUPPORTED_OPTIONAL_PARAMETER = 4;
export const OPEN_UNACCEPTABLE_HOLD_TIME = 6;
export const OPEN_UNSUPPORTED_CAPABILITY = 7;
export const OPEN_ROLE_MISMATCH = 11;

// UPDATE Message Error subcodes
export const UPD_MALFORMED_ATTRIBUTE_LIST = 1;
export const UPD_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
export const UPD_MISSING_WELL_KNOWN_ATTRIBUTE = 3;
export const UPD_ATTRIBUTE_FLAGS_ERROR = 4;
export const UPD_ATTRIBUTE_LENGTH_ERROR = 5;
export const UPD_INVALID_ORIGIN_ATTRIBUTE = 6;
export const UPD_INVALID_NEXT_HOP_ATTRIBUTE = 8;
export const UPD_OPTIONAL_ATTRIBUTE_ERROR = 9;
export const UPD_INVALID_NETWORK_FIELD = 10;
export const UPD_MALFORMED_AS_PATH = 11;

// Finite State Machine Error subcodes (RFC 6608)
export const FSM_UNSPECIFIED = 0;
export const FSM_UNEXPECTED_IN_OPENSENT = 1;
export const FSM_UNEXPECTED_IN_OPENCONFIRM = 2;
export const FSM_UNEXPECTED_IN_ESTABLISHED = 3;

// Cease subcodes (RFC 4486, RFC 8538, RFC 9384)
export const CEASE_MAX_PREFIXES = 1;
export const CEASE_ADMIN_SHUTDOWN = 2;
export const CEASE_PEER_DECONFIGURED = 3;
export const CEASE_ADMIN_RESET = 4;
export const CEASE_CONNECTION_REJECTED = 5;
export const CEASE_OTHER_CONFIGURATION_CHANGE = 6;
export const CEASE_CONNECTION_COLLISION_RESOLUTION = 7;
export const CEASE_OUT_OF_RESOURCES = 8;
export const CEASE_HARD_RESET = 9;
export const CEASE_BFD_DOWN = 10;

// ROUTE-REFRESH Message Error subcodes (RFC 7313 §5)
export const RR_INVALID_MESSAGE_LENGTH = 1;

const CODE_NAMES: Record<number, string> = {
  1: 'Message Header Error',
  2: 'OPEN Message Error',
  3: 'UPDATE Message Error',
  4: 'Hold Timer Expired',
  5: 'Finite State Machine Error',
  6: 'Cease',
  7: 'ROUTE-REFRESH Message Error',
};

const SUBCODE_NAMES: Record<number, Record<number, string>> = {
  1: { 1: 'Connection Not Synchronized', 2: 'Bad Message Length', 3: 'Bad Message Type' },
  2: {
    1: 'Unsupported Version Number',
    2: 'Bad Peer AS',
    3: 'Bad BGP Identifier',
    4: 'Unsupported Optional Parameter',
    5: 'Authentication Failure (deprecated)',
    6: 'Unacceptable Hold Time',
    7: 'Unsupported Capability',
    11: 'Role Mismatch',
  },
  3: {
    1: 'Malformed Attribute List',
    2: 'Unrecognized Well-known Attribute',
    3: 'Missing Well-known Attribute',
    4: 'Attribute Flags Error',
    5: 'Attribute Length Error',
    6: 'Invalid ORIGIN Attribute',
    7: 'AS Routing Loop (deprecated)',
    8: 'Invalid NEXT_HOP Attribute',
    9: 'Optional Attribute Error',
    10: 'Invalid Network Field',
    11: 'Malformed AS_PATH',
  },
  4: {},
  5: {
    0: 'Unspecified Error',
    1: 'Receive Unexpected Message in OpenSent State',
    2: 'Receive Unexpected Message in OpenConfirm State',
    3: 'Receive Unexpected Message in Established State',
  },
  6: {
    1: 'Maximum Number of Prefixes Reached',
    2: 'Administrative Shutdown',
    3: 'Peer De-configured',
    4: 'Administrative Reset',
    5: 'Connection Rejected',
    6: 'Other Configuration Change',
    7: 'Connection Collision Resolution',
    8: 'Out of Resources',
    9: 'Hard Reset',
    10: 'BFD Down',
  },
  7: { 1: 'Invalid Message Length' },
};

/** The RFC name of an error code, e.g. `UPDATE Message Error`; `Unknown error code N` otherwise. */
export function notificationCodeName(code: number): string {
  return CODE_NAMES[code] ?? `Unknown error code ${code}`;
}

/** The RFC name of a subcode within a code; subcode 0 is "Unspecific" (RFC 4271 §4.5). */
export function notificationSubcodeName(code: number, subcode: number): string {
  const name = SUBCODE_NAMES[code]?.[subcode];
  if (name) return name;
  return subcode === 0 ? 'Unspecific' : `Unknown subcode ${subcode}`;
}

/** `Code name / Subcode name`, e.g. `Cease / Administrative Shutdown`. */
export function describeNotification(code: number, subcode: number): string {
  if (code === ERR_HOLD_TIMER_EXPIRED && subcode === 0) return CODE_NAMES[code];
  return `${notificationCodeName(code)} / ${notificationSubcodeName(code, subcode)}`;
}
