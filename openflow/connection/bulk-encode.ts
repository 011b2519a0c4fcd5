/**
 * The hot path of bulk installs: frames a flow-mod (optionally inside an ONF bundle-add)
 * straight into a caller's chunk buffer. The body is the codec's own `encodeFlowMod`; here we
 * only add the headers, through one reused writer, so 100k flow-mods cost no per-flow Buffer
 * allocation and no Buffer.concat.
 *
 *   ONF bundle add on OF1.3 (OVS ofp-msgs.h: ONFT13_BUNDLE_ADD_MESSAGE, ofp14_bundle_add_msg):
 *     ofp_header (type OFPT_EXPERIMENTER) | experimenter = ONF 0x4f4e4600 | exp_type = 2301
 *     | bundle_id u32 | pad u16 | flags u16 | inner message (its xid must equal the outer one)
 */
import { OFP_VERSION, OFPT, ONF_ET_BUNDLE_ADD_MESSAGE, ONF_EXPERIMENTER_ID } from '../wire/constants.js';
import { encodeFlowMod, type FlowModMessage } from '../wire/flow-mod.js';
import { OfWriter } from '../wire/writer.js';

const w = new OfWriter(4096);

/** Length of the ONF bundle-add prefix before the inner message. */
export const BUNDLE_ADD_PREFIX_LEN = 24;

function header(type: number, xid: number): number {
  const start = w.pos;
  w.u8(OFP_VERSION).u8(type).u16(0).u32(xid);
  return start;
}

function finish(start: number): void {
  w.patchLen16(start + 2, start);
}

/** Copies the writer's contents into `buf` at `pos`; returns the new end, or -1 if it does not fit. */
function flushInto(buf: Buffer, pos: number): number {
  if (pos + w.pos > buf.length) return -1;
  w.buf.copy(buf, pos, 0, w.pos);
  return pos + w.pos;
}

/** Encodes FLOW_MOD `mod` under `xid` into `buf` at `pos`; returns the end offset, or -1 if it does not fit. */
export function encodeFlowModInto(buf: Buffer, pos: number, xid: number, mod: FlowModMessage): number {
  w.reset();
  const start = header(OFPT.FLOW_MOD, xid);
  encodeFlowMod(w, mod);
  finish(start);
  return flushInto(buf, pos);
}

/** Encodes an ONF BUNDLE_ADD carrying FLOW_MOD `mod`, both under `xid`; returns the end offset, or -1 if it does not fit. */
export function encodeBundleAddInto(buf: Buffer, pos: number, xid: number, bundleId: number, flags: number, mod: FlowModMessage): number {
  w.reset();
  const outer = header(OFPT.EXPERIMENTER, xid);
  w.u32(ONF_EXPERIMENTER_ID).u32(ONF_ET_BUNDLE_ADD_MESSAGE).u32(bundleId).u16(0).u16(flags);
  const inner = header(OFPT.FLOW_MOD, xid);
  encodeFlowMod(w, mod);
  finish(inner);
  finish(outer);
  return flushInto(buf, pos);
}
