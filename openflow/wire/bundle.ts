/**
 * Bundles on OpenFlow 1.3, as Open vSwitch speaks them: the ONF extension 230 carried in
 * OFPT_EXPERIMENTER with experimenter ONF_EXPERIMENTER_ID (0x4f4e4600) and exp_type
 * ONF_ET_BUNDLE_CONTROL (2300) or ONF_ET_BUNDLE_ADD_MESSAGE (2301). After the 16-byte
 * experimenter header both bodies are OpenFlow 1.4's `struct ofp14_bundle_ctrl_msg`:
 *
 *   bundle_id u32 | type u16 (add: pad) | flags u16 | [add: the inner message] | properties
 *
 * OVS requires the inner message's xid to equal the outer one (else OFPBFC_MSG_BAD_XID) and
 * appends the inner message without padding (ofputil_encode_bundle_add in lib/ofp-bundle.c).
 */
import { OFPBCT } from './constants.js';
import { OfDecodeError } from './decode-error.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** `enum ofp_bundle_ctrl_type` by name. */
export type BundleCtrlType =
  | 'open_request'
  | 'open_reply'
  | 'close_request'
  | 'close_reply'
  | 'commit_request'
  | 'commit_reply'
  | 'discard_request'
  | 'discard_reply';
const CTRL_TYPES: readonly BundleCtrlType[] = ['open_request', 'open_reply', 'close_request', 'close_reply', 'commit_request', 'commit_reply', 'discard_request', 'discard_reply'];

/** Bundle control (open / close / commit / discard, request or reply). `flags`: OFPBF_ATOMIC | OFPBF_ORDERED. */
export interface BundleControlMessage {
  readonly type: 'bundle_control';
  readonly xid: number;
  readonly bundleId: number;
  readonly ctrlType: BundleCtrlType;
  readonly flags: number;
  /** Raw bundle properties (OVS sends none). */
  readonly properties: Buffer;
}

/**
 * Adds one message to an open bundle. The inner message is written inline (no copy); its
 * xid must equal the outer xid — {@link bundleAdd} builds it that way.
 */
export interface BundleAddMessage<M = unknown> {
  readonly type: 'bundle_add';
  readonly xid: number;
  readonly bundleId: number;
  readonly flags: number;
  readonly message: M;
  readonly properties: Buffer;
}

/** The numeric value of a bundle control type. */
export function bundleCtrlTypeCode(t: BundleCtrlType): number {
  return OFPBCT[t.toUpperCase() as keyof typeof OFPBCT];
}

/** Decodes a bundle control body (after the experimenter header). */
export function decodeBundleControl(r: OfReader, xid: number): BundleControlMessage {
  const bundleId = r.u32();
  const code = r.u16();
  const ctrlType = CTRL_TYPES[code];
  if (!ctrlType) throw new OfDecodeError(`bundle control type ${code}`, r.pos - 2);
  const flags = r.u16();
  return { type: 'bundle_control', xid, bundleId, ctrlType, flags, properties: r.rest() };
}

/** Encodes a bundle control body (after the experimenter header). */
export function encodeBundleControl(w: OfWriter, m: BundleControlMessage): void {
  w.u32(m.bundleId).u16(CTRL_TYPES.indexOf(m.ctrlType)).u16(m.flags).bytes(m.properties);
}

/** Decodes a bundle add body (after the experimenter header); `decodeInner` decodes the inner frame. */
export function decodeBundleAdd<M>(r: OfReader, xid: number, decodeInner: (frame: Buffer) => M): BundleAddMessage<M> {
  const bundleId = r.u32();
  r.skip(2);
  const flags = r.u16();
  const at = r.pos;
  r.need(8, 'bundled message header');
  const innerLen = r.buf.readUInt16BE(r.pos + 2);
  if (innerLen < 8) throw new OfDecodeError(`bundled message length ${innerLen}`, at);
  r.need(innerLen, 'bundled message');
  const message = decodeInner(r.buf.subarray(r.pos, r.pos + innerLen));
  r.skip(innerLen);
  return { type: 'bundle_add', xid, bundleId, flags, message, properties: r.rest() };
}

/** Encodes a bundle add body (after the experimenter header); `encodeInner` appends the inner message. */
export function encodeBundleAdd<M>(w: OfWriter, m: BundleAddMessage<M>, encodeInner: (w: OfWriter, inner: M) => void): void {
  w.u32(m.bundleId).zeros(2).u16(m.flags);
  encodeInner(w, m.message);
  w.bytes(m.properties);
}
