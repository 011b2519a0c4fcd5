/**
 * `struct ofp_port` (OpenFlow 1.3.5 §7.2.1, 64 bytes) and OFPT_PORT_STATUS (§7.4.3).
 */
import type { MacAddress } from '../types/mac-address.js';
import { OfDecodeError } from './decode-error.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** Length of `struct ofp_port`. */
export const OFP_PORT_LEN = 64;
/** Width of the NUL-padded port name. */
export const OFP_MAX_PORT_NAME_LEN = 16;

/** A switch port as described by the switch. Config/state/features are OFPPC_/OFPPS_/OFPPF_ bitmaps. */
export interface PortDesc {
  readonly portNo: number;
  readonly hwAddr: MacAddress;
  readonly name: string;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  readonly advertised: number;
  readonly supported: number;
  readonly peer: number;
  /** kbps. */
  readonly currSpeed: number;
  /** kbps. */
  readonly maxSpeed: number;
}

/** Why a PORT_STATUS was sent. */
export type PortReason = 'add' | 'delete' | 'modify';
const REASONS: readonly PortReason[] = ['add', 'delete', 'modify'];

/** OFPT_PORT_STATUS. */
export interface PortStatusMessage {
  readonly type: 'port_status';
  readonly xid: number;
  readonly reason: PortReason;
  readonly port: PortDesc;
}

/** Decodes one `struct ofp_port`. */
export function decodePort(r: OfReader): PortDesc {
  r.need(OFP_PORT_LEN, 'ofp_port');
  const portNo = r.u32();
  r.skip(4);
  const hwAddr = r.mac();
  r.skip(2);
  const name = r.fixedString(OFP_MAX_PORT_NAME_LEN);
  return {
    portNo,
    hwAddr,
    name,
    config: r.u32(),
    state: r.u32(),
    curr: r.u32(),
    advertised: r.u32(),
    supported: r.u32(),
    peer: r.u32(),
    currSpeed: r.u32(),
    maxSpeed: r.u32(),
  };
}

/** Encodes one `struct ofp_port`. */
export function encodePort(w: OfWriter, p: PortDesc): void {
  w.u32(p.portNo).zeros(4).mac(p.hwAddr).zeros(2).fixedString(p.name, OFP_MAX_PORT_NAME_LEN);
  w.u32(p.config).u32(p.state).u32(p.curr).u32(p.advertised).u32(p.supported).u32(p.peer).u32(p.currSpeed).u32(p.maxSpeed);
}

/** Decodes the body of OFPT_PORT_STATUS: reason u8, pad[7], ofp_port. */
export function decodePortStatus(r: OfReader, xid: number): PortStatusMessage {
  const code = r.u8();
  const reason = REASONS[code];
  if (!reason) throw new OfDecodeError(`port status reason ${code}`, r.pos - 1);
  r.skip(7);
  return { type: 'port_status', xid, reason, port: decodePort(r) };
}

/** Encodes the body of OFPT_PORT_STATUS. */
export function encodePortStatus(w: OfWriter, m: PortStatusMessage): void {
  w.u8(REASONS.indexOf(m.reason)).zeros(7);
  encodePort(w, m.port);
}
