/**
 * Symmetric and trivially-bodied messages (OpenFlow 1.3.5 §7.5, §7.3.1-2, §7.3.8):
 * HELLO with hello elements, ERROR, ECHO, generic EXPERIMENTER, BARRIER, and the
 * body-less requests.
 */
import { OFPHET_VERSIONBITMAP, OFP_VERSION } from './constants.js';
import { OfDecodeError, OfEncodeError } from './decode-error.js';
import type { OfReader } from './reader.js';
import type { OfWriter } from './writer.js';

/** A hello element: the version bitmap, or another kind kept raw. */
export type HelloElement =
  /** `bitmaps[i]` bit `j` set = version `32*i + j` supported. */
  | { readonly kind: 'versionbitmap'; readonly bitmaps: readonly number[] }
  | { readonly kind: 'unknown'; readonly elemType: number; readonly body: Buffer };

/** OFPT_HELLO. `version` is the header version, present only when it is not 4 (a peer offering another version). */
export interface HelloMessage {
  readonly type: 'hello';
  readonly xid: number;
  readonly version?: number;
  readonly elements: readonly HelloElement[];
}

/**
 * OFPT_ERROR. For `errType` OFPET_EXPERIMENTER (0xffff) `code` is the exp_type and
 * `experimenter` the experimenter id (e.g. ONF bundle errors). `data` usually holds the
 * start of the offending request (for HELLO_FAILED: ASCII text).
 */
export interface ErrorMessage {
  readonly type: 'error';
  readonly xid: number;
  readonly errType: number;
  readonly code: number;
  readonly experimenter?: number;
  readonly data: Buffer;
}

/** OFPT_ECHO_REQUEST / OFPT_ECHO_REPLY. */
export interface EchoMessage {
  readonly type: 'echo_request' | 'echo_reply';
  readonly xid: number;
  readonly data: Buffer;
}

/** OFPT_EXPERIMENTER other than the ONF bundle messages. */
export interface ExperimenterMessage {
  readonly type: 'experimenter';
  readonly xid: number;
  readonly experimenter: number;
  readonly expType: number;
  readonly data: Buffer;
}

/** Messages that are just a header. */
export interface EmptyMessage {
  readonly type: 'features_request' | 'get_config_request' | 'barrier_request' | 'barrier_reply';
  readonly xid: number;
}

/** Builds a HELLO that advertises `versions` in a version bitmap (OVS sends one too). */
export function hello(xid: number, versions: readonly number[] = [OFP_VERSION]): HelloMessage {
  const bitmaps: number[] = [];
  for (const v of versions) {
    const i = v >> 5;
    while (bitmaps.length <= i) bitmaps.push(0);
    bitmaps[i] = (bitmaps[i]! | (1 << (v & 31))) >>> 0;
  }
  return { type: 'hello', xid, elements: [{ kind: 'versionbitmap', bitmaps }] };
}

/**
 * Versions a HELLO offers: those in its bitmap, or — without a bitmap — every version up to
 * the header version (OpenFlow 1.3.5 §6.3.1).
 */
export function helloVersions(m: HelloMessage): number[] {
  const el = m.elements.find((e) => e.kind === 'versionbitmap');
  if (!el || el.kind !== 'versionbitmap') {
    const max = m.version ?? OFP_VERSION;
    return Array.from({ length: max }, (_, i) => i + 1);
  }
  const out: number[] = [];
  el.bitmaps.forEach((bm, i) => {
    for (let j = 0; j < 32; j++) if ((bm >>> j) & 1) out.push(i * 32 + j);
  });
  return out;
}

/** Decodes a HELLO body: a list of elements, each padded to 8 bytes (the last one may lack it). */
export function decodeHello(r: OfReader, xid: number, version: number): HelloMessage {
  const elements: HelloElement[] = [];
  while (r.remaining >= 4) {
    const start = r.pos;
    const elemType = r.u16();
    const len = r.u16();
    if (len < 4) throw new OfDecodeError(`hello element length ${len}`, start);
    const b = r.sub(len - 4, 'hello element');
    if (elemType === OFPHET_VERSIONBITMAP) {
      if ((len - 4) % 4 !== 0) throw new OfDecodeError(`version bitmap length ${len}`, start);
      const bitmaps: number[] = [];
      while (b.remaining > 0) bitmaps.push(b.u32());
      elements.push({ kind: 'versionbitmap', bitmaps });
    } else {
      elements.push({ kind: 'unknown', elemType, body: b.rest() });
    }
    r.skip(Math.min(r.remaining, (8 - (len % 8)) % 8));
  }
  if (r.remaining !== 0) throw new OfDecodeError('trailing bytes in hello', r.pos);
  return version === OFP_VERSION ? { type: 'hello', xid, elements } : { type: 'hello', xid, version, elements };
}

/** Encodes a HELLO body. */
export function encodeHello(w: OfWriter, m: HelloMessage): void {
  for (const e of m.elements) {
    const start = w.pos;
    if (e.kind === 'versionbitmap') {
      w.u16(OFPHET_VERSIONBITMAP).u16(4 + 4 * e.bitmaps.length);
      for (const bm of e.bitmaps) w.u32(bm);
    } else {
      w.u16(e.elemType).u16(4 + e.body.length).bytes(e.body);
    }
    w.pad8(start);
  }
}

/** Decodes an ERROR body. */
export function decodeError(r: OfReader, xid: number): ErrorMessage {
  const errType = r.u16();
  const code = r.u16();
  if (errType === 0xffff) {
    const experimenter = r.u32();
    return { type: 'error', xid, errType, code, experimenter, data: r.rest() };
  }
  return { type: 'error', xid, errType, code, data: r.rest() };
}

/** Encodes an ERROR body. */
export function encodeError(w: OfWriter, m: ErrorMessage): void {
  w.u16(m.errType).u16(m.code);
  if (m.errType === 0xffff) {
    if (m.experimenter === undefined) throw new OfEncodeError('experimenter error without experimenter id');
    w.u32(m.experimenter);
  }
  w.bytes(m.data);
}

/** Decodes a generic EXPERIMENTER body (after the dispatcher saw it is not a bundle message). */
export function decodeExperimenter(r: OfReader, xid: number, experimenter: number, expType: number): ExperimenterMessage {
  return { type: 'experimenter', xid, experimenter, expType, data: r.rest() };
}

/** Encodes a generic EXPERIMENTER body. */
export function encodeExperimenter(w: OfWriter, m: ExperimenterMessage): void {
  w.u32(m.experimenter).u32(m.expType).bytes(m.data);
}
