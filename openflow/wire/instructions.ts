/**
 * Instructions (OpenFlow 1.3.5 §7.2.4): TLVs `type u16, len u16, ...`, multiples of 8.
 */
import { OFPIT as OFPIT_ } from './constants.js';
import { OfDecodeError, OfEncodeError } from './decode-error.js';
import { decodeActions, encodeActions, type Action } from './actions.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

// Local copies: under transpile-only loaders an imported binding is a getter call, and these
// constants sit on the hot path of bulk flow encoding.
const OFPIT = { ...OFPIT_ } as const;

/** One instruction. */
export type Instruction =
  | { readonly type: 'goto_table'; readonly tableId: number }
  | { readonly type: 'write_metadata'; readonly metadata: bigint; readonly mask: bigint }
  | { readonly type: 'write_actions'; readonly actions: readonly Action[] }
  | { readonly type: 'apply_actions'; readonly actions: readonly Action[] }
  | { readonly type: 'clear_actions' }
  | { readonly type: 'meter'; readonly meterId: number }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly instructionType: number; readonly body: Buffer };

/** Decodes one instruction. */
export function decodeInstruction(r: OfReader): Instruction {
  const start = r.pos;
  const type = r.u16();
  const len = r.u16();
  if (len < 8 || len % 8 !== 0) throw new OfDecodeError(`instruction ${type}: bad length ${len}`, start);
  const b = r.sub(len - 4, 'instruction');
  switch (type) {
    case OFPIT.GOTO_TABLE:
      return { type: 'goto_table', tableId: b.u8() };
    case OFPIT.WRITE_METADATA: {
      b.skip(4);
      const metadata = b.u64();
      return { type: 'write_metadata', metadata, mask: b.u64() };
    }
    case OFPIT.WRITE_ACTIONS:
      b.skip(4);
      return { type: 'write_actions', actions: decodeActions(b) };
    case OFPIT.APPLY_ACTIONS:
      b.skip(4);
      return { type: 'apply_actions', actions: decodeActions(b) };
    case OFPIT.CLEAR_ACTIONS:
      return { type: 'clear_actions' };
    case OFPIT.METER:
      return { type: 'meter', meterId: b.u32() };
    case OFPIT.EXPERIMENTER:
      return { type: 'experimenter', experimenter: b.u32(), data: b.rest() };
    default:
      return { type: 'unknown', instructionType: type, body: b.rest() };
  }
}

/** Decodes instructions until the reader is exhausted. */
export function decodeInstructions(r: OfReader): Instruction[] {
  const out: Instruction[] = [];
  while (r.remaining > 0) out.push(decodeInstruction(r));
  return out;
}

/** Encodes one instruction. */
export function encodeInstruction(w: OfWriter, i: Instruction): void {
  const start = w.pos;
  switch (i.type) {
    case 'goto_table':
      w.u16(OFPIT.GOTO_TABLE).u16(8).u8(i.tableId).zeros(3);
      return;
    case 'write_metadata':
      w.u16(OFPIT.WRITE_METADATA).u16(24).zeros(4).u64(i.metadata).u64(i.mask);
      return;
    case 'write_actions':
    case 'apply_actions':
      w.u16(i.type === 'write_actions' ? OFPIT.WRITE_ACTIONS : OFPIT.APPLY_ACTIONS).u16(0).zeros(4);
      encodeActions(w, i.actions);
      w.patchLen16(start + 2, start);
      return;
    case 'clear_actions':
      w.u16(OFPIT.CLEAR_ACTIONS).u16(8).zeros(4);
      return;
    case 'meter':
      w.u16(OFPIT.METER).u16(8).u32(i.meterId);
      return;
    case 'experimenter':
      if ((i.data.length + 8) % 8 !== 0) throw new OfEncodeError('experimenter instruction data must keep 8-byte alignment');
      w.u16(OFPIT.EXPERIMENTER).u16(8 + i.data.length).u32(i.experimenter).bytes(i.data);
      return;
    case 'unknown':
      if ((i.body.length + 4) % 8 !== 0) throw new OfEncodeError('unknown instruction body must keep 8-byte alignment');
      w.u16(i.instructionType).u16(4 + i.body.length).bytes(i.body);
      return;
  }
}

/** Encodes a list of instructions. */
export function encodeInstructions(w: OfWriter, list: readonly Instruction[]): void {
  for (const i of list) encodeInstruction(w, i);
}
