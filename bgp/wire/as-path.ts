/**
 * AS_PATH and AS4_PATH (RFC 4271 §4.3, RFC 5065, RFC 6793): segments of
 *   type(1: AS_SET, 2: AS_SEQUENCE, 3: AS_CONFED_SEQUENCE, 4: AS_CONFED_SET) | count(1) | ASNs
 * where an ASN is 2 octets, or 4 once both sides announced the 4-octet AS capability (and
 * always 4 in AS4_PATH). Toward a 2-octet peer every large ASN becomes AS_TRANS and the real
 * path travels in AS4_PATH; {@link mergeAs4Path} rebuilds it on receipt (RFC 6793 §4.2.3).
 */
import { AS_TRANS, type Asn } from '../types/index.js';
import type { Aggregator, AsPathSegment, PathAttributes } from './types.js';
import type { Writer } from './writer.js';

const SEGMENT_TYPES = ['set', 'sequence', 'confed-sequence', 'confed-set'] as const;
const SEGMENT_CODES: Record<AsPathSegment['type'], number> = { set: 1, sequence: 2, 'confed-sequence': 3, 'confed-set': 4 };

/** A malformed path; the caller knows which RFC 7606 action applies (AS_PATH vs AS4_PATH). */
export class AsPathError extends Error {}

/** Decodes segments from `buf[start, end)` with 2- or 4-octet ASNs. */
export function decodeAsPath(buf: Buffer, start: number, end: number, fourOctet: boolean): AsPathSegment[] {
  const width = fourOctet ? 4 : 2;
  const segments: AsPathSegment[] = [];
  let p = start;
  while (p < end) {
    if (p + 2 > end) throw new AsPathError('segment header runs past the attribute');
    const code = buf[p];
    const count = buf[p + 1];
    p += 2;
    const type = SEGMENT_TYPES[code - 1];
    if (type === undefined) throw new AsPathError(`segment type ${code}`);
    // RFC 7606 §7.2: a segment with a zero count is malformed.
    if (count === 0) throw new AsPathError('empty segment');
    if (p + count * width > end) throw new AsPathError('segment runs past the attribute');
    const asns: Asn[] = new Array(count);
    for (let i = 0; i < count; i++, p += width) asns[i] = (fourOctet ? buf.readUInt32BE(p) : buf.readUInt16BE(p)) as Asn;
    segments.push({ type, asns });
  }
  return segments;
}

/** Writes segments, splitting any longer than 255 ASNs; large ASNs become AS_TRANS in 2-octet form. */
export function encodeAsPath(w: Writer, segments: readonly AsPathSegment[], fourOctet: boolean): void {
  for (const seg of segments) {
    for (let from = 0; from < seg.asns.length; from += 255) {
      const part = seg.asns.slice(from, from + 255);
      w.u8(SEGMENT_CODES[seg.type]).u8(part.length);
      for (const a of part) {
        if (fourOctet) w.u32(a);
        else w.u16(a > 0xffff ? AS_TRANS : a);
      }
    }
  }
}

/** Whether any ASN of the path needs 4 octets. */
export function hasFourOctetAsn(segments: readonly AsPathSegment[]): boolean {
  return segments.some((s) => s.asns.some((a) => a > 0xffff));
}

/**
 * RFC 4271 §9.1.2.2 path length: a sequence counts each ASN, a set counts one, and
 * confederation segments count nothing (RFC 5065 §5.3).
 */
export function asPathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

/**
 * RFC 6793 §4.2.3: rebuilds the 4-octet path from a 2-octet AS_PATH and the AS4_PATH sent with
 * it. Lengths are counted as for route selection (a set is one ASN, confederation segments
 * none). If AS_PATH is shorter than AS4_PATH, AS4_PATH is ignored; otherwise the leading part
 * of AS_PATH that AS4_PATH does not cover is kept and AS4_PATH supplies the rest.
 */
export function mergeAs4Path(asPath: readonly AsPathSegment[], as4Path: readonly AsPathSegment[] | undefined): AsPathSegment[] {
  const copy = (segments: readonly AsPathSegment[]) => segments.map((s) => ({ type: s.type, asns: [...s.asns] }));
  if (!as4Path || as4Path.length === 0) return copy(asPath);
  const len2 = asPathLength(asPath);
  const len4 = asPathLength(as4Path);
  if (len2 < len4) return copy(asPath);
  let keep = len2 - len4;
  const merged: AsPathSegment[] = [];
  for (const s of asPath) {
    if (keep <= 0) break;
    if (s.type === 'confed-sequence' || s.type === 'confed-set') {
      merged.push({ type: s.type, asns: [...s.asns] });
    } else if (s.type === 'set') {
      merged.push({ type: s.type, asns: [...s.asns] });
      keep -= 1;
    } else {
      const take = Math.min(keep, s.asns.length);
      merged.push({ type: s.type, asns: s.asns.slice(0, take) });
      keep -= take;
    }
  }
  merged.push(...copy(as4Path));
  return merged;
}

/**
 * RFC 6793 §4.2.2: the AS4_PATH to send toward a 2-octet peer — the path without confederation
 * segments — or undefined when every ASN fits in 2 octets.
 */
export function buildAs4Path(asPath: readonly AsPathSegment[]): AsPathSegment[] | undefined {
  if (!hasFourOctetAsn(asPath)) return undefined;
  return asPath.filter((s) => s.type === 'set' || s.type === 'sequence').map((s) => ({ type: s.type, asns: [...s.asns] }));
}

/**
 * The real path and aggregator of attributes received from a peer: with a 2-octet peer,
 * AS4_PATH/AS4_AGGREGATOR are merged in (RFC 6793 §4.2.3); with a 4-octet peer they are
 * ignored (§4.1: a NEW speaker never sends them to a NEW speaker).
 */
export function effectivePath(attrs: PathAttributes, fourOctetAs: boolean): { asPath: AsPathSegment[]; aggregator?: Aggregator } {
  const asPath = attrs.asPath ?? [];
  if (fourOctetAs) return { asPath: asPath.map((s) => ({ type: s.type, asns: [...s.asns] })), aggregator: attrs.aggregator };
  // §4.2.3: if AGGREGATOR carries a real 2-octet AS, AS4_AGGREGATOR and AS4_PATH are ignored.
  if (attrs.aggregator && attrs.aggregator.asn !== AS_TRANS && attrs.as4Aggregator) {
    return { asPath: mergeAs4Path(asPath, undefined), aggregator: attrs.aggregator };
  }
  return { asPath: mergeAs4Path(asPath, attrs.as4Path), aggregator: attrs.as4Aggregator ?? attrs.aggregator };
}
