/**
 * fast-check arbitraries for every OpenFlow message kind the codec models, kept within what
 * a frame can hold (64 KiB). Optional fields are omitted rather than set to undefined, as the
 * decoder does, so round trips compare with deepStrictEqual.
 */
import fc from 'fast-check';
import {
  MAC_FIELDS,
  NUMBER_FIELDS,
  U64_FIELDS,
  NX_EXPERIMENTER_ID,
  ONF_EXPERIMENTER_ID,
  macFromBytes,
  type Action,
  type FlowStats,
  type Instruction,
  type Match,
  type MultipartReplyBody,
  type MultipartRequestBody,
  type OfMessage,
  type OxmField,
  type PortDesc,
} from '../../../../openflow/wire/index.js';

/** fc.record producing ordinary objects (fast-check 4 defaults to null-prototype ones). */
const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
export const xid = u32;
export const bytes = (maxLength = 32, minLength = 0): fc.Arbitrary<Buffer> => fc.uint8Array({ minLength, maxLength }).map((a) => Buffer.from(a));
/** Byte strings whose length is ≡ `rem` (mod 8). */
const alignedBytes = (rem: number, maxWords = 3): fc.Arbitrary<Buffer> =>
  fc.integer({ min: 0, max: maxWords }).chain((n) => bytes(8 * n + rem, 8 * n + rem));
export const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => macFromBytes(b));

function withMask<V, F extends string>(field: F, value: fc.Arbitrary<V>): fc.Arbitrary<{ field: F; value: V; mask?: V }> {
  return fc.tuple(value, fc.option(value, { nil: undefined })).map(([v, m]) => (m === undefined ? { field, value: v } : { field, value: v, mask: m }));
}

const numberOxm = fc.constantFrom(...(Object.keys(NUMBER_FIELDS) as Array<keyof typeof NUMBER_FIELDS>)).chain((name) => {
  const width = NUMBER_FIELDS[name][1];
  return withMask(name, fc.integer({ min: 0, max: 2 ** (8 * width) - 1 }));
});
const macOxm = fc.constantFrom(...(Object.keys(MAC_FIELDS) as Array<keyof typeof MAC_FIELDS>)).chain((name) => withMask(name, mac));
const u64Oxm = fc.constantFrom(...(Object.keys(U64_FIELDS) as Array<keyof typeof U64_FIELDS>)).chain((name) => withMask(name, u64));
const MODELLED = new Set<number>([...Object.values(NUMBER_FIELDS).map((x) => x[0]), ...Object.values(MAC_FIELDS), ...Object.values(U64_FIELDS)]);
const unknownOxm = rec({
    oxmClass: fc.oneof(fc.constantFrom(0x0000, 0x0001, 0xffff, 0x8000), u16),
    oxmField: fc.integer({ min: 0, max: 127 }),
    hasMask: fc.boolean(),
    payload: bytes(24),
  })
  .filter((o) => o.oxmClass !== 0x8000 || !MODELLED.has(o.oxmField))
  .map((o): OxmField => ({ field: 'unknown', ...o }));

export const oxm: fc.Arbitrary<OxmField> = fc.oneof(numberOxm, macOxm, u64Oxm, unknownOxm);
export const match: fc.Arbitrary<Match> = fc.array(oxm, { maxLength: 6 });

const KNOWN_ACTIONS = new Set([0, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 0xffff]);
export const action: fc.Arbitrary<Action> = fc.oneof(
  rec({ type: fc.constant('output' as const), port: u32, maxLen: u16 }),
  fc.constantFrom<Action>({ type: 'copy_ttl_out' }, { type: 'copy_ttl_in' }, { type: 'dec_mpls_ttl' }, { type: 'pop_vlan' }, { type: 'dec_nw_ttl' }, { type: 'pop_pbb' }),
  rec({ type: fc.constantFrom('set_mpls_ttl' as const, 'set_nw_ttl' as const), ttl: u8 }),
  rec({ type: fc.constantFrom('push_vlan' as const, 'push_mpls' as const, 'pop_mpls' as const, 'push_pbb' as const), ethertype: u16 }),
  rec({ type: fc.constant('set_queue' as const), queueId: u32 }),
  rec({ type: fc.constant('group' as const), groupId: u32 }),
  rec({ type: fc.constant('set_field' as const), field: oxm }),
  rec({ type: fc.constant('experimenter' as const), experimenter: u32, data: alignedBytes(0) }),
  rec({ type: fc.constant('unknown' as const), actionType: u16.filter((t) => !KNOWN_ACTIONS.has(t)), body: alignedBytes(4) }),
);
export const actions = fc.array(action, { maxLength: 5 });

export const instruction: fc.Arbitrary<Instruction> = fc.oneof(
  rec({ type: fc.constant('goto_table' as const), tableId: u8 }),
  rec({ type: fc.constant('write_metadata' as const), metadata: u64, mask: u64 }),
  rec({ type: fc.constantFrom('write_actions' as const, 'apply_actions' as const), actions }),
  fc.constant<Instruction>({ type: 'clear_actions' }),
  rec({ type: fc.constant('meter' as const), meterId: u32 }),
  rec({ type: fc.constant('experimenter' as const), experimenter: u32, data: alignedBytes(0) }),
  rec({ type: fc.constant('unknown' as const), instructionType: u16.filter((t) => !(t >= 1 && t <= 6) && t !== 0xffff), body: alignedBytes(4) }),
);
export const instructions = fc.array(instruction, { maxLength: 4 });

const nameChar = fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c));
const fixedString = (max: number): fc.Arbitrary<string> => fc.string({ unit: nameChar, maxLength: max });

export const portDesc: fc.Arbitrary<PortDesc> = rec({
  portNo: u32,
  hwAddr: mac,
  name: fixedString(15),
  config: u32,
  state: u32,
  curr: u32,
  advertised: u32,
  supported: u32,
  peer: u32,
  currSpeed: u32,
  maxSpeed: u32,
});

const filter = rec({ tableId: u8, outPort: u32, outGroup: u32, cookie: u64, cookieMask: u64, match });
const mpRequestBody: fc.Arbitrary<MultipartRequestBody> = fc.oneof(
  fc.constantFrom<MultipartRequestBody>({ kind: 'desc' }, { kind: 'table' }, { kind: 'port_desc' }),
  filter.map((f): MultipartRequestBody => ({ kind: 'flow', ...f })),
  filter.map((f): MultipartRequestBody => ({ kind: 'aggregate', ...f })),
  u32.map((portNo): MultipartRequestBody => ({ kind: 'port_stats', portNo })),
  rec({ kind: fc.constant('unknown' as const), mpType: u16.filter((t) => ![0, 1, 2, 3, 4, 13].includes(t)), body: bytes(40) }),
);

const flowStats: fc.Arbitrary<FlowStats> = rec({
  tableId: u8,
  durationSec: u32,
  durationNsec: u32,
  priority: u16,
  idleTimeout: u16,
  hardTimeout: u16,
  flags: u16,
  cookie: u64,
  packetCount: u64,
  byteCount: u64,
  match,
  instructions,
});
const portStats = rec({
  portNo: u32,
  rxPackets: u64,
  txPackets: u64,
  rxBytes: u64,
  txBytes: u64,
  rxDropped: u64,
  txDropped: u64,
  rxErrors: u64,
  txErrors: u64,
  rxFrameErr: u64,
  rxOverErr: u64,
  rxCrcErr: u64,
  collisions: u64,
  durationSec: u32,
  durationNsec: u32,
});
const mpReplyBody: fc.Arbitrary<MultipartReplyBody> = fc.oneof(
  rec({ kind: fc.constant('desc' as const), mfrDesc: fixedString(255), hwDesc: fixedString(40), swDesc: fixedString(40), serialNum: fixedString(31), dpDesc: fixedString(40) }),
  rec({ kind: fc.constant('flow' as const), flows: fc.array(flowStats, { maxLength: 4 }) }),
  rec({ kind: fc.constant('aggregate' as const), packetCount: u64, byteCount: u64, flowCount: u32 }),
  rec({ kind: fc.constant('table' as const), tables: fc.array(rec({ tableId: u8, activeCount: u32, lookupCount: u64, matchedCount: u64 }), { maxLength: 8 }) }),
  rec({ kind: fc.constant('port_stats' as const), ports: fc.array(portStats, { maxLength: 4 }) }),
  rec({ kind: fc.constant('port_desc' as const), ports: fc.array(portDesc, { maxLength: 4 }) }),
  rec({ kind: fc.constant('unknown' as const), mpType: u16.filter((t) => ![0, 1, 2, 3, 4, 13].includes(t)), body: bytes(40) }),
);

const KNOWN_TYPES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18, 19, 20, 21]);

/** Every message kind except bundle-add (which wraps one of these). */
export const baseMessage: fc.Arbitrary<OfMessage> = fc.oneof(
  rec({
    type: fc.constant('hello' as const),
    xid,
    elements: fc.array(
      fc.oneof(
        rec({ kind: fc.constant('versionbitmap' as const), bitmaps: fc.array(u32, { maxLength: 3 }) }),
        rec({ kind: fc.constant('unknown' as const), elemType: u16.filter((t) => t !== 1), body: bytes(12) }),
      ),
      { maxLength: 3 },
    ),
    version: fc.option(u8.filter((v) => v !== 4), { nil: undefined }),
  }).map(({ version, ...m }): OfMessage => (version === undefined ? m : { ...m, version })),
  rec({ type: fc.constant('error' as const), xid, errType: u16.filter((t) => t !== 0xffff), code: u16, data: bytes(64) }),
  rec({ type: fc.constant('error' as const), xid, errType: fc.constant(0xffff), code: u16, experimenter: fc.oneof(fc.constantFrom(ONF_EXPERIMENTER_ID, NX_EXPERIMENTER_ID), u32), data: bytes(64) }),
  rec({ type: fc.constantFrom('echo_request' as const, 'echo_reply' as const), xid, data: bytes(64) }),
  rec({ type: fc.constant('experimenter' as const), xid, experimenter: fc.oneof(fc.constant(ONF_EXPERIMENTER_ID), u32), expType: fc.oneof(fc.constantFrom(2300, 2301), u32), data: bytes(32) })
    .filter((m) => !(m.experimenter === ONF_EXPERIMENTER_ID && (m.expType === 2300 || m.expType === 2301))),
  rec({ type: fc.constantFrom('features_request' as const, 'get_config_request' as const, 'barrier_request' as const, 'barrier_reply' as const), xid }),
  rec({ type: fc.constant('features_reply' as const), xid, datapathId: u64, nBuffers: u32, nTables: u8, auxiliaryId: u8, capabilities: u32, reserved: u32 }),
  rec({ type: fc.constantFrom('get_config_reply' as const, 'set_config' as const), xid, flags: u16, missSendLen: u16 }),
  rec({
    type: fc.constant('packet_in' as const),
    xid,
    bufferId: u32,
    totalLen: u16,
    reason: fc.constantFrom('no_match' as const, 'action' as const, 'invalid_ttl' as const),
    tableId: u8,
    cookie: u64,
    match,
    data: bytes(100),
  }),
  rec({
    type: fc.constant('flow_removed' as const),
    xid,
    cookie: u64,
    priority: u16,
    reason: fc.constantFrom('idle_timeout' as const, 'hard_timeout' as const, 'delete' as const, 'group_delete' as const, 'meter_delete' as const),
    tableId: u8,
    durationSec: u32,
    durationNsec: u32,
    idleTimeout: u16,
    hardTimeout: u16,
    packetCount: u64,
    byteCount: u64,
    match,
  }),
  rec({ type: fc.constant('port_status' as const), xid, reason: fc.constantFrom('add' as const, 'delete' as const, 'modify' as const), port: portDesc }),
  rec({ type: fc.constant('packet_out' as const), xid, bufferId: u32, inPort: u32, actions, data: bytes(100) }),
  rec({
    type: fc.constant('flow_mod' as const),
    xid,
    cookie: u64,
    cookieMask: u64,
    tableId: u8,
    command: fc.constantFrom('add' as const, 'modify' as const, 'modify_strict' as const, 'delete' as const, 'delete_strict' as const),
    idleTimeout: u16,
    hardTimeout: u16,
    priority: u16,
    bufferId: u32,
    outPort: u32,
    outGroup: u32,
    flags: u16,
    match,
    instructions,
  }),
  rec({ type: fc.constant('multipart_request' as const), xid, flags: u16, body: mpRequestBody }),
  rec({ type: fc.constant('multipart_reply' as const), xid, flags: u16, body: mpReplyBody }),
  rec({
    type: fc.constant('bundle_control' as const),
    xid,
    bundleId: u32,
    ctrlType: fc.constantFrom(
      'open_request' as const,
      'open_reply' as const,
      'close_request' as const,
      'close_reply' as const,
      'commit_request' as const,
      'commit_reply' as const,
      'discard_request' as const,
      'discard_reply' as const,
    ),
    flags: u16,
    properties: bytes(16),
  }),
  rec({ type: fc.constant('unknown' as const), xid, msgType: u8.filter((t) => !KNOWN_TYPES.has(t)), body: bytes(64) }),
);

/** Any message, bundle-adds included (wrapping a base message). */
export const ofMessage: fc.Arbitrary<OfMessage> = fc.oneof(
  { arbitrary: baseMessage, weight: 9 },
  {
    // OVS accepts no bundle message inside a bundle-add, and neither does the codec.
    arbitrary: rec({ bundleId: u32, flags: u16, message: baseMessage.filter((m) => m.type !== 'bundle_control'), properties: bytes(16) }).map((b): OfMessage => ({ type: 'bundle_add', xid: b.message.xid, ...b })),
    weight: 1,
  },
);
