/**
 * Names for every OpenFlow 1.3 error type and code (OpenFlow 1.3.5 §7.4.4), plus the
 * experimenter errors OVS sends on 1.3: ONF bundle errors (ONF1.3(2300..2315) in OVS's
 * ofp-errors.h, i.e. type OFPET_EXPERIMENTER, experimenter ONF, exp_type 2300+code).
 */
import { NX_EXPERIMENTER_ID, ONF_EXPERIMENTER_ID } from './constants.js';

/** `enum ofp_error_type`. */
export const OFPET = {
  HELLO_FAILED: 0,
  BAD_REQUEST: 1,
  BAD_ACTION: 2,
  BAD_INSTRUCTION: 3,
  BAD_MATCH: 4,
  FLOW_MOD_FAILED: 5,
  GROUP_MOD_FAILED: 6,
  PORT_MOD_FAILED: 7,
  TABLE_MOD_FAILED: 8,
  QUEUE_OP_FAILED: 9,
  SWITCH_CONFIG_FAILED: 10,
  ROLE_REQUEST_FAILED: 11,
  METER_MOD_FAILED: 12,
  TABLE_FEATURES_FAILED: 13,
  EXPERIMENTER: 0xffff,
} as const;

/** `OFPHFC_*`: codes of OFPET_HELLO_FAILED. */
export const OFPHFC = { INCOMPATIBLE: 0, EPERM: 1 } as const;
/** `OFPFMFC_*`: codes of OFPET_FLOW_MOD_FAILED. */
export const OFPFMFC = { UNKNOWN: 0, TABLE_FULL: 1, BAD_TABLE_ID: 2, OVERLAP: 3, EPERM: 4, BAD_TIMEOUT: 5, BAD_COMMAND: 6, BAD_FLAGS: 7 } as const;

/** Code names per error type, index = code. */
const CODE_NAMES: Record<number, { prefix: string; typeName: string; codes: readonly string[] }> = {
  0: { typeName: 'OFPET_HELLO_FAILED', prefix: 'OFPHFC_', codes: ['INCOMPATIBLE', 'EPERM'] },
  1: {
    typeName: 'OFPET_BAD_REQUEST',
    prefix: 'OFPBRC_',
    codes: ['BAD_VERSION', 'BAD_TYPE', 'BAD_MULTIPART', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'EPERM', 'BAD_LEN', 'BUFFER_EMPTY',
      'BUFFER_UNKNOWN', 'BAD_TABLE_ID', 'IS_SLAVE', 'BAD_PORT', 'BAD_PACKET', 'MULTIPART_BUFFER_OVERFLOW'],
  },
  2: {
    typeName: 'OFPET_BAD_ACTION',
    prefix: 'OFPBAC_',
    codes: ['BAD_TYPE', 'BAD_LEN', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'BAD_OUT_PORT', 'BAD_ARGUMENT', 'EPERM', 'TOO_MANY',
      'BAD_QUEUE', 'BAD_OUT_GROUP', 'MATCH_INCONSISTENT', 'UNSUPPORTED_ORDER', 'BAD_TAG', 'BAD_SET_TYPE', 'BAD_SET_LEN', 'BAD_SET_ARGUMENT'],
  },
  3: {
    typeName: 'OFPET_BAD_INSTRUCTION',
    prefix: 'OFPBIC_',
    codes: ['UNKNOWN_INST', 'UNSUP_INST', 'BAD_TABLE_ID', 'UNSUP_METADATA', 'UNSUP_METADATA_MASK', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'BAD_LEN', 'EPERM'],
  },
  4: {
    typeName: 'OFPET_BAD_MATCH',
    prefix: 'OFPBMC_',
    codes: ['BAD_TYPE', 'BAD_LEN', 'BAD_TAG', 'BAD_DL_ADDR_MASK', 'BAD_NW_ADDR_MASK', 'BAD_WILDCARDS', 'BAD_FIELD', 'BAD_VALUE',
      'BAD_MASK', 'BAD_PREREQ', 'DUP_FIELD', 'EPERM'],
  },
  5: {
    typeName: 'OFPET_FLOW_MOD_FAILED',
    prefix: 'OFPFMFC_',
    codes: ['UNKNOWN', 'TABLE_FULL', 'BAD_TABLE_ID', 'OVERLAP', 'EPERM', 'BAD_TIMEOUT', 'BAD_COMMAND', 'BAD_FLAGS'],
  },
  6: {
    typeName: 'OFPET_GROUP_MOD_FAILED',
    prefix: 'OFPGMFC_',
    codes: ['GROUP_EXISTS', 'INVALID_GROUP', 'WEIGHT_UNSUPPORTED', 'OUT_OF_GROUPS', 'OUT_OF_BUCKETS', 'CHAINING_UNSUPPORTED',
      'WATCH_UNSUPPORTED', 'LOOP', 'UNKNOWN_GROUP', 'CHAINED_GROUP', 'BAD_TYPE', 'BAD_COMMAND', 'BAD_BUCKET', 'BAD_WATCH', 'EPERM'],
  },
  7: { typeName: 'OFPET_PORT_MOD_FAILED', prefix: 'OFPPMFC_', codes: ['BAD_PORT', 'BAD_HW_ADDR', 'BAD_CONFIG', 'BAD_ADVERTISE', 'EPERM'] },
  8: { typeName: 'OFPET_TABLE_MOD_FAILED', prefix: 'OFPTMFC_', codes: ['BAD_TABLE', 'BAD_CONFIG', 'EPERM'] },
  9: { typeName: 'OFPET_QUEUE_OP_FAILED', prefix: 'OFPQOFC_', codes: ['BAD_PORT', 'BAD_QUEUE', 'EPERM'] },
  10: { typeName: 'OFPET_SWITCH_CONFIG_FAILED', prefix: 'OFPSCFC_', codes: ['BAD_FLAGS', 'BAD_LEN', 'EPERM'] },
  11: { typeName: 'OFPET_ROLE_REQUEST_FAILED', prefix: 'OFPRRFC_', codes: ['STALE', 'UNSUP', 'BAD_ROLE'] },
  12: {
    typeName: 'OFPET_METER_MOD_FAILED',
    prefix: 'OFPMMFC_',
    codes: ['UNKNOWN', 'METER_EXISTS', 'INVALID_METER', 'UNKNOWN_METER', 'BAD_COMMAND', 'BAD_FLAGS', 'BAD_RATE', 'BAD_BURST',
      'BAD_BAND', 'BAD_BAND_VALUE', 'OUT_OF_METERS', 'OUT_OF_BANDS'],
  },
  13: { typeName: 'OFPET_TABLE_FEATURES_FAILED', prefix: 'OFPTFFC_', codes: ['BAD_TABLE', 'BAD_METADATA', 'BAD_TYPE', 'BAD_LEN', 'BAD_ARGUMENT', 'EPERM'] },
};

/** ONF bundle error names, exp_type 2300 + index (OVS ofp-errors.h, "ONF1.3(2300..2315)"). */
const ONF_BUNDLE_CODES: readonly string[] = ['UNKNOWN', 'EPERM', 'BAD_ID', 'BUNDLE_EXIST', 'BUNDLE_CLOSED', 'OUT_OF_BUNDLES', 'BAD_TYPE',
  'BAD_FLAGS', 'MSG_BAD_LEN', 'MSG_BAD_XID', 'MSG_UNSUP', 'MSG_CONFLICT', 'MSG_TOO_MANY', 'MSG_FAILED', 'TIMEOUT', 'BUNDLE_IN_PROGRESS'];

/** First exp_type of the ONF bundle error codes. */
export const ONF_BUNDLE_ERROR_BASE = 2300;

/** Names of one error. */
export interface ErrorDescription {
  readonly typeName: string;
  readonly codeName: string;
}

/**
 * Names an error type/code pair, e.g. (5, 0) → OFPET_FLOW_MOD_FAILED / OFPFMFC_UNKNOWN.
 * For OFPET_EXPERIMENTER, `code` is the exp_type and `experimenter` the experimenter id.
 * Unknown values get a numeric name instead of throwing: a switch may always send more.
 */
export function describeError(type: number, code: number, experimenter?: number): ErrorDescription {
  if (type === 0xffff) {
    if (experimenter === ONF_EXPERIMENTER_ID) {
      const name = ONF_BUNDLE_CODES[code - ONF_BUNDLE_ERROR_BASE];
      return { typeName: 'OFPET_EXPERIMENTER(ONF)', codeName: name ? `OFPBFC_${name}` : `ONF_ERROR_${code}` };
    }
    if (experimenter === NX_EXPERIMENTER_ID) return { typeName: 'OFPET_EXPERIMENTER(NX)', codeName: `NX_ERROR_${code}` };
    const exp = experimenter === undefined ? '?' : `0x${experimenter.toString(16).padStart(8, '0')}`;
    return { typeName: `OFPET_EXPERIMENTER(${exp})`, codeName: `EXP_ERROR_${code}` };
  }
  const entry = CODE_NAMES[type];
  if (!entry) return { typeName: `OFPET_UNKNOWN_${type}`, codeName: `CODE_${code}` };
  const name = entry.codes[code];
  return { typeName: entry.typeName, codeName: name ? entry.prefix + name : `${entry.prefix}UNKNOWN_${code}` };
}
