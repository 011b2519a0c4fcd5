/**
 * The OpenFlow 1.3 message union and the one place that frames a message: the 8-byte header
 *
 *   version u8 | type u8 | length u16 | xid u32
 *
 * written with a placeholder length that is back-patched, and dispatch on `type`.
 */
import { encodeBundleAdd, encodeBundleControl, decodeBundleAdd, decodeBundleControl, type BundleAddMessage, type BundleControlMessage } from './bundle.js';
import { OFPT as OFPT_, OFP_HEADER_LEN, OFP_VERSION, ONF_EXPERIMENTER_ID, ONF_ET_BUNDLE_ADD_MESSAGE, ONF_ET_BUNDLE_CONTROL } from './constants.js';
import { OfDecodeError, OfEncodeError } from './decode-error.js';
import { decodeFlowMod, decodeFlowRemoved, encodeFlowMod, encodeFlowRemoved, type FlowModMessage, type FlowRemovedMessage } from './flow-mod.js';
import { decodeMultipartReply, decodeMultipartRequest, encodeMultipartReply, encodeMultipartRequest, type MultipartReplyMessage, type MultipartRequestMessage } from './multipart.js';
import { decodePacketIn, decodePacketOut, encodePacketIn, encodePacketOut, type PacketInMessage, type PacketOutMessage } from './packet-in-out.js';
import { decodePortStatus, encodePortStatus, type PortStatusMessage } from './port.js';
import { OfReader } from './reader.js';
import {
  decodeError,
  decodeExperimenter,
  decodeHello,
  encodeError,
  encodeExperimenter,
  encodeHello,
  type EchoMessage,
  type EmptyMessage,
  type ErrorMessage,
  type ExperimenterMessage,
  type HelloMessage,
} from './symmetric.js';
import { decodeFeaturesReply, decodeSwitchConfig, encodeFeaturesReply, encodeSwitchConfig, type FeaturesReplyMessage, type SwitchConfigMessage } from './switch-config.js';
import { OfWriter } from './writer.js';

// Local copies: under transpile-only loaders an imported binding is a getter call, and these
// constants sit on the hot path of bulk flow encoding.
const OFPT = { ...OFPT_ } as const;

/** A message type this codec does not model, with valid framing; `body` follows the header. */
export interface UnknownMessage {
  readonly type: 'unknown';
  readonly xid: number;
  readonly msgType: number;
  readonly body: Buffer;
}

/** A bundle-add whose inner message is itself an OfMessage. */
export type BundleAddOfMessage = BundleAddMessage<OfMessage>;

/** Every OpenFlow 1.3 message this library speaks, discriminated on `type`. */
export type OfMessage =
  | HelloMessage
  | ErrorMessage
  | EchoMessage
  | ExperimenterMessage
  | EmptyMessage
  | FeaturesReplyMessage
  | SwitchConfigMessage
  | PacketInMessage
  | FlowRemovedMessage
  | PortStatusMessage
  | PacketOutMessage
  | FlowModMessage
  | MultipartRequestMessage
  | MultipartReplyMessage
  | BundleControlMessage
  | BundleAddOfMessage
  | UnknownMessage;

/** The `type` strings of {@link OfMessage}. */
export type OfMessageType = OfMessage['type'];

/** A decoded `struct ofp_header`. */
export interface OfHeader {
  readonly version: number;
  readonly type: number;
  readonly length: number;
  readonly xid: number;
}

/** Reads the header at `offset` (does not check that the whole message is there). */
export function readHeader(buf: Buffer, offset = 0): OfHeader {
  if (buf.length - offset < OFP_HEADER_LEN) throw new OfDecodeError(`need ${OFP_HEADER_LEN} header bytes, have ${Math.max(0, buf.length - offset)}`, offset);
  return { version: buf[offset]!, type: buf[offset + 1]!, length: buf.readUInt16BE(offset + 2), xid: buf.readUInt32BE(offset + 4) };
}

/** Builds a bundle-add around `inner`, with the outer xid equal to the inner one as OVS requires. */
export function bundleAdd(bundleId: number, flags: number, inner: OfMessage): BundleAddOfMessage {
  return { type: 'bundle_add', xid: inner.xid, bundleId, flags, message: inner, properties: Buffer.alloc(0) };
}

/**
 * Decodes exactly one whole message (header included). Throws only {@link OfDecodeError}:
 * on a short frame, a length field that disagrees with the frame, a version other than 4
 * (except HELLO and ERROR, which a peer of another version may legitimately send), or a
 * malformed body.
 */
export function decodeMessage(frame: Buffer): OfMessage {
  return decodeFrame(frame, false);
}

/**
 * A bundle-add may not carry another bundle message (OVS answers OFPBFC_MSG_UNSUP); refusing
 * it here also bounds the recursion, so a frame of nested bundle-adds cannot overflow the stack.
 */
function decodeInner(frame: Buffer): OfMessage {
  return decodeFrame(frame, true);
}

function decodeFrame(frame: Buffer, inBundle: boolean): OfMessage {
  const h = readHeader(frame);
  if (h.length !== frame.length) throw new OfDecodeError(`header length ${h.length} but frame has ${frame.length} bytes`, 2);
  if (h.version !== OFP_VERSION && h.type !== OFPT.HELLO && h.type !== OFPT.ERROR) throw new OfDecodeError(`unsupported OpenFlow version ${h.version}`, 0);
  const r = new OfReader(frame, OFP_HEADER_LEN, frame.length);
  const msg = decodeBody(r, h, inBundle);
  if (r.remaining !== 0) throw new OfDecodeError(`${r.remaining} trailing bytes after ${msg.type}`, r.pos);
  return msg;
}

function decodeBody(r: OfReader, h: OfHeader, inBundle: boolean): OfMessage {
  const xid = h.xid;
  switch (h.type) {
    case OFPT.HELLO:
      return decodeHello(r, xid, h.version);
    case OFPT.ERROR:
      return decodeError(r, xid);
    case OFPT.ECHO_REQUEST:
      return { type: 'echo_request', xid, data: r.rest() };
    case OFPT.ECHO_REPLY:
      return { type: 'echo_reply', xid, data: r.rest() };
    case OFPT.EXPERIMENTER: {
      const experimenter = r.u32();
      const expType = r.u32();
      const bundle = experimenter === ONF_EXPERIMENTER_ID && (expType === ONF_ET_BUNDLE_CONTROL || expType === ONF_ET_BUNDLE_ADD_MESSAGE);
      if (bundle && inBundle) throw new OfDecodeError('bundle message inside a bundle-add', OFP_HEADER_LEN);
      if (bundle && expType === ONF_ET_BUNDLE_CONTROL) return decodeBundleControl(r, xid);
      if (bundle) return decodeBundleAdd(r, xid, decodeInner);
      return decodeExperimenter(r, xid, experimenter, expType);
    }
    case OFPT.FEATURES_REQUEST:
      return { type: 'features_request', xid };
    case OFPT.FEATURES_REPLY:
      return decodeFeaturesReply(r, xid);
    case OFPT.GET_CONFIG_REQUEST:
      return { type: 'get_config_request', xid };
    case OFPT.GET_CONFIG_REPLY:
      return decodeSwitchConfig(r, xid, 'get_config_reply');
    case OFPT.SET_CONFIG:
      return decodeSwitchConfig(r, xid, 'set_config');
    case OFPT.PACKET_IN:
      return decodePacketIn(r, xid);
    case OFPT.FLOW_REMOVED:
      return decodeFlowRemoved(r, xid);
    case OFPT.PORT_STATUS:
      return decodePortStatus(r, xid);
    case OFPT.PACKET_OUT:
      return decodePacketOut(r, xid);
    case OFPT.FLOW_MOD:
      return decodeFlowMod(r, xid);
    case OFPT.MULTIPART_REQUEST:
      return decodeMultipartRequest(r, xid);
    case OFPT.MULTIPART_REPLY:
      return decodeMultipartReply(r, xid);
    case OFPT.BARRIER_REQUEST:
      return { type: 'barrier_request', xid };
    case OFPT.BARRIER_REPLY:
      return { type: 'barrier_reply', xid };
    default:
      return { type: 'unknown', xid, msgType: h.type, body: r.rest() };
  }
}

const TYPE_CODE: Record<Exclude<OfMessageType, 'unknown' | 'bundle_control' | 'bundle_add'>, number> = {
  hello: OFPT.HELLO,
  error: OFPT.ERROR,
  echo_request: OFPT.ECHO_REQUEST,
  echo_reply: OFPT.ECHO_REPLY,
  experimenter: OFPT.EXPERIMENTER,
  features_request: OFPT.FEATURES_REQUEST,
  features_reply: OFPT.FEATURES_REPLY,
  get_config_request: OFPT.GET_CONFIG_REQUEST,
  get_config_reply: OFPT.GET_CONFIG_REPLY,
  set_config: OFPT.SET_CONFIG,
  packet_in: OFPT.PACKET_IN,
  flow_removed: OFPT.FLOW_REMOVED,
  port_status: OFPT.PORT_STATUS,
  packet_out: OFPT.PACKET_OUT,
  flow_mod: OFPT.FLOW_MOD,
  multipart_request: OFPT.MULTIPART_REQUEST,
  multipart_reply: OFPT.MULTIPART_REPLY,
  barrier_request: OFPT.BARRIER_REQUEST,
  barrier_reply: OFPT.BARRIER_REPLY,
};

/**
 * Appends one encoded message to `w` (so that many messages can share one buffer and one
 * socket write). Returns the offset where it starts.
 */
export function writeMessage(w: OfWriter, msg: OfMessage): number {
  const start = w.pos;
  const version = msg.type === 'hello' ? (msg.version ?? OFP_VERSION) : OFP_VERSION;
  const code = msg.type === 'unknown' ? msg.msgType : msg.type === 'bundle_control' || msg.type === 'bundle_add' ? OFPT.EXPERIMENTER : TYPE_CODE[msg.type];
  w.u8(version).u8(code).u16(0).u32(msg.xid);
  switch (msg.type) {
    case 'hello':
      encodeHello(w, msg);
      break;
    case 'error':
      encodeError(w, msg);
      break;
    case 'echo_request':
    case 'echo_reply':
      w.bytes(msg.data);
      break;
    case 'experimenter':
      encodeExperimenter(w, msg);
      break;
    case 'features_request':
    case 'get_config_request':
    case 'barrier_request':
    case 'barrier_reply':
      break;
    case 'features_reply':
      encodeFeaturesReply(w, msg);
      break;
    case 'get_config_reply':
    case 'set_config':
      encodeSwitchConfig(w, msg);
      break;
    case 'packet_in':
      encodePacketIn(w, msg);
      break;
    case 'flow_removed':
      encodeFlowRemoved(w, msg);
      break;
    case 'port_status':
      encodePortStatus(w, msg);
      break;
    case 'packet_out':
      encodePacketOut(w, msg);
      break;
    case 'flow_mod':
      encodeFlowMod(w, msg);
      break;
    case 'multipart_request':
      encodeMultipartRequest(w, msg);
      break;
    case 'multipart_reply':
      encodeMultipartReply(w, msg);
      break;
    case 'bundle_control':
      w.u32(ONF_EXPERIMENTER_ID).u32(ONF_ET_BUNDLE_CONTROL);
      encodeBundleControl(w, msg);
      break;
    case 'bundle_add':
      w.u32(ONF_EXPERIMENTER_ID).u32(ONF_ET_BUNDLE_ADD_MESSAGE);
      if (msg.message.type === 'bundle_add' || msg.message.type === 'bundle_control') throw new OfEncodeError('a bundle-add cannot carry a bundle message');
      encodeBundleAdd(w, msg, (iw, inner) => void writeMessage(iw, inner));
      break;
    case 'unknown':
      w.bytes(msg.body);
      break;
    default:
      throw new OfEncodeError(`cannot encode message ${JSON.stringify((msg as { type?: unknown }).type)}`);
  }
  w.patchLen16(start + 2, start);
  return start;
}

/** Encodes one message into a fresh buffer. For many messages, share an {@link OfWriter} with {@link writeMessage}. */
export function encodeMessage(msg: OfMessage): Buffer {
  const w = new OfWriter(128);
  writeMessage(w, msg);
  // The writer's buffer is at most twice the message: keeping a view is cheaper than a copy.
  return w.buf.subarray(0, w.pos);
}
