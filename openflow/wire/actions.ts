/**
 * Actions (OpenFlow 1.3.5 §7.2.5). Every action is a TLV `type u16, len u16, ...` padded to
 * a multiple of 8; lists are decoded until their enclosing length runs out.
 */
import { OFPAT as OFPAT_, OFPCML_NO_BUFFER } from './constants.js';
import { OfDecodeError, OfEncodeError } from './decode-error.js';
import { decodeOxm, encodeOxm, type OxmField } from './oxm.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

// Local copies: under transpile-only loaders an imported binding is a getter call, and these
// constants sit on the hot path of bulk flow encoding.
const OFPAT = { ...OFPAT_ } as const;

/** One action. */
export type Action =
  /** Output to a port; `maxLen` bytes go to the controller when `port` is OFPP_CONTROLLER. */
  | { readonly type: 'output'; readonly port: number; readonly maxLen: number }
  | { readonly type: 'copy_ttl_out' }
  | { readonly type: 'copy_ttl_in' }
  | { readonly type: 'set_mpls_ttl'; readonly ttl: number }
  | { readonly type: 'dec_mpls_ttl' }
  | { readonly type: 'push_vlan'; readonly ethertype: number }
  | { readonly type: 'pop_vlan' }
  /** Push an MPLS shim; `ethertype` 0x8847 (unicast). OVS copies the IP TTL into it. */
  | { readonly type: 'push_mpls'; readonly ethertype: number }
  /** Pop the top MPLS shim; `ethertype` is the payload's (0x0800 for IPv4 at BoS). */
  | { readonly type: 'pop_mpls'; readonly ethertype: number }
  | { readonly type: 'set_queue'; readonly queueId: number }
  | { readonly type: 'group'; readonly groupId: number }
  | { readonly type: 'set_nw_ttl'; readonly ttl: number }
  | { readonly type: 'dec_nw_ttl' }
  | { readonly type: 'set_field'; readonly field: OxmField }
  | { readonly type: 'push_pbb'; readonly ethertype: number }
  | { readonly type: 'pop_pbb' }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly data: Buffer }
  /** An action type this codec does not model: `body` is everything after type and len. */
  | { readonly type: 'unknown'; readonly actionType: number; readonly body: Buffer };

/** Shorthand for an output action; `maxLen` defaults to OFPCML_NO_BUFFER (whole packet). */
export function output(port: number, maxLen: number = OFPCML_NO_BUFFER): Action {
  return { type: 'output', port, maxLen };
}

/** Decodes one action. */
export function decodeAction(r: OfReader): Action {
  const start = r.pos;
  const type = r.u16();
  const len = r.u16();
  if (len < 8 || len % 8 !== 0) throw new OfDecodeError(`action ${type}: bad length ${len}`, start);
  const b = r.sub(len - 4, 'action');
  switch (type) {
    case OFPAT.OUTPUT: {
      if (len !== 16) throw new OfDecodeError(`output action length ${len}`, start);
      const port = b.u32();
      const maxLen = b.u16();
      return { type: 'output', port, maxLen };
    }
    case OFPAT.COPY_TTL_OUT:
      return { type: 'copy_ttl_out' };
    case OFPAT.COPY_TTL_IN:
      return { type: 'copy_ttl_in' };
    case OFPAT.SET_MPLS_TTL:
      return { type: 'set_mpls_ttl', ttl: b.u8() };
    case OFPAT.DEC_MPLS_TTL:
      return { type: 'dec_mpls_ttl' };
    case OFPAT.PUSH_VLAN:
      return { type: 'push_vlan', ethertype: b.u16() };
    case OFPAT.POP_VLAN:
      return { type: 'pop_vlan' };
    case OFPAT.PUSH_MPLS:
      return { type: 'push_mpls', ethertype: b.u16() };
    case OFPAT.POP_MPLS:
      return { type: 'pop_mpls', ethertype: b.u16() };
    case OFPAT.SET_QUEUE:
      return { type: 'set_queue', queueId: b.u32() };
    case OFPAT.GROUP:
      return { type: 'group', groupId: b.u32() };
    case OFPAT.SET_NW_TTL:
      return { type: 'set_nw_ttl', ttl: b.u8() };
    case OFPAT.DEC_NW_TTL:
      return { type: 'dec_nw_ttl' };
    case OFPAT.SET_FIELD:
      return { type: 'set_field', field: decodeOxm(b) };
    case OFPAT.PUSH_PBB:
      return { type: 'push_pbb', ethertype: b.u16() };
    case OFPAT.POP_PBB:
      return { type: 'pop_pbb' };
    case OFPAT.EXPERIMENTER:
      return { type: 'experimenter', experimenter: b.u32(), data: b.rest() };
    default:
      return { type: 'unknown', actionType: type, body: b.rest() };
  }
}

/** Decodes actions until the reader is exhausted. */
export function decodeActions(r: OfReader): Action[] {
  const out: Action[] = [];
  while (r.remaining > 0) out.push(decodeAction(r));
  return out;
}

/** Encodes one action. */
export function encodeAction(w: OfWriter, a: Action): void {
  const start = w.pos;
  switch (a.type) {
    case 'output':
      w.u16(OFPAT.OUTPUT).u16(16).u32(a.port).u16(a.maxLen).zeros(6);
      return;
    case 'copy_ttl_out':
      w.u16(OFPAT.COPY_TTL_OUT).u16(8).zeros(4);
      return;
    case 'copy_ttl_in':
      w.u16(OFPAT.COPY_TTL_IN).u16(8).zeros(4);
      return;
    case 'set_mpls_ttl':
      w.u16(OFPAT.SET_MPLS_TTL).u16(8).u8(a.ttl).zeros(3);
      return;
    case 'dec_mpls_ttl':
      w.u16(OFPAT.DEC_MPLS_TTL).u16(8).zeros(4);
      return;
    case 'push_vlan':
      w.u16(OFPAT.PUSH_VLAN).u16(8).u16(a.ethertype).zeros(2);
      return;
    case 'pop_vlan':
      w.u16(OFPAT.POP_VLAN).u16(8).zeros(4);
      return;
    case 'push_mpls':
      w.u16(OFPAT.PUSH_MPLS).u16(8).u16(a.ethertype).zeros(2);
      return;
    case 'pop_mpls':
      w.u16(OFPAT.POP_MPLS).u16(8).u16(a.ethertype).zeros(2);
      return;
    case 'set_queue':
      w.u16(OFPAT.SET_QUEUE).u16(8).u32(a.queueId);
      return;
    case 'group':
      w.u16(OFPAT.GROUP).u16(8).u32(a.groupId);
      return;
    case 'set_nw_ttl':
      w.u16(OFPAT.SET_NW_TTL).u16(8).u8(a.ttl).zeros(3);
      return;
    case 'dec_nw_ttl':
      w.u16(OFPAT.DEC_NW_TTL).u16(8).zeros(4);
      return;
    case 'set_field':
      w.u16(OFPAT.SET_FIELD).u16(0);
      encodeOxm(w, a.field);
      w.pad8(start);
      w.patchLen16(start + 2, start);
      return;
    case 'push_pbb':
      w.u16(OFPAT.PUSH_PBB).u16(8).u16(a.ethertype).zeros(2);
      return;
    case 'pop_pbb':
      w.u16(OFPAT.POP_PBB).u16(8).zeros(4);
      return;
    case 'experimenter':
      if ((a.data.length + 8) % 8 !== 0) throw new OfEncodeError('experimenter action data must keep 8-byte alignment');
      w.u16(OFPAT.EXPERIMENTER).u16(8 + a.data.length).u32(a.experimenter).bytes(a.data);
      return;
    case 'unknown':
      if ((a.body.length + 4) % 8 !== 0) throw new OfEncodeError('unknown action body must keep 8-byte alignment');
      w.u16(a.actionType).u16(4 + a.body.length).bytes(a.body);
      return;
  }
}

/** Encodes a list of actions. */
export function encodeActions(w: OfWriter, actions: readonly Action[]): void {
  for (const a of actions) encodeAction(w, a);
}
