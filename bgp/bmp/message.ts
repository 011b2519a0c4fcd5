/**
 * Whole BMP messages (RFC 7854 §4.3–§4.10): one switch on the type, encode and decode side by
 * side. Decoding throws only BmpDecodeError. BGP PDUs inside are checked only for their
 * 19-byte header (marker, length, type); decoding them is bgp/wire's business.
 */
import * as C from './constants.js';
import { BmpDecodeError } from './errors.js';
import { commonHeader, Cursor, decodeAddress, decodePerPeerHeader, encodeAddress, encodePerPeerHeader, readCommonHeader } from './header.js';
import type { BmpInfoTlv, BmpMessage, BmpStat, PeerDownMessage, PeerUpMessage } from './types.js';

const BGP_HEADER_LEN = 19;
const BGP_OPEN = 1;
const BGP_UPDATE = 2;
const BGP_NOTIFICATION = 3;

/** Encodes any BMP message, common header included. */
export function encodeBmp(msg: BmpMessage): Buffer {
  const [type, parts] = body(msg);
  const length = parts.reduce((n, p) => n + p.length, 0);
  return Buffer.concat([commonHeader(type, length), ...parts], C.BMP_COMMON_HEADER_LEN + length);
}

function body(msg: BmpMessage): [number, Buffer[]] {
  switch (msg.type) {
    case 'route-monitoring':
      return [C.BMP_ROUTE_MONITORING, [encodePerPeerHeader(msg.peer), msg.update]];
    case 'statistics-report': {
      const count = Buffer.alloc(4);
      count.writeUInt32BE(msg.stats.length);
      return [C.BMP_STATISTICS_REPORT, [encodePerPeerHeader(msg.peer), count, ...msg.stats.map((s) => tlv(s.statType, s.value))]];
    }
    case 'peer-down':
      return [C.BMP_PEER_DOWN_NOTIFICATION, [encodePerPeerHeader(msg.peer), ...peerDownData(msg)]];
    case 'peer-up': {
      const ports = Buffer.alloc(4);
      ports.writeUInt16BE(msg.localPort, 0);
      ports.writeUInt16BE(msg.remotePort, 2);
      return [
        C.BMP_PEER_UP_NOTIFICATION,
        [encodePerPeerHeader(msg.peer), encodeAddress(msg.localAddress), ports, msg.sentOpen, msg.receivedOpen, ...msg.information.map(infoTlv)],
      ];
    }
    case 'initiation':
      return [C.BMP_INITIATION, msg.information.map(infoTlv)];
    case 'termination': {
      const parts = msg.strings.map((s) => tlv(C.TERM_TLV_STRING, Buffer.from(s, 'utf8')));
      if (msg.reason !== undefined) {
        const r = Buffer.alloc(2);
        r.writeUInt16BE(msg.reason);
        parts.push(tlv(C.TERM_TLV_REASON, r));
      }
      return [C.BMP_TERMINATION, parts];
    }
  }
}

/** §4.9: reasons 1 and 3 carry the NOTIFICATION, reason 2 the FSM event code, 4 and 5 nothing. */
function peerDownData(m: PeerDownMessage): Buffer[] {
  const reason = Buffer.from([m.reason]);
  switch (m.reason) {
    case C.PEER_DOWN_LOCAL_NOTIFICATION:
    case C.PEER_DOWN_REMOTE_NOTIFICATION:
      if (!m.notification) throw new RangeError(`peer down reason ${m.reason} needs the NOTIFICATION`);
      return [reason, m.notification];
    case C.PEER_DOWN_LOCAL_NO_NOTIFICATION: {
      const e = Buffer.alloc(2);
      e.writeUInt16BE(m.fsmEvent ?? 0);
      return [reason, e];
    }
    default:
      return [reason];
  }
}

/** Type (2), length (2), value: the TLV layout of §4.4 and §4.8. */
function tlv(type: number, value: Buffer): Buffer {
  if (value.length > 0xffff) throw new RangeError('TLV value longer than 65535 bytes');
  const h = Buffer.alloc(4);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(value.length, 2);
  return Buffer.concat([h, value]);
}

function infoTlv(t: BmpInfoTlv): Buffer {
  return tlv(t.infoType, Buffer.from(t.value, 'utf8'));
}

/** Decodes exactly one whole BMP message (as {@link BmpFramer} yields them). */
export function decodeBmp(frame: Buffer): BmpMessage {
  const { length, type } = readCommonHeader(frame);
  if (length !== frame.length) throw new BmpDecodeError(`header says ${length} bytes, frame has ${frame.length}`);
  const c = new Cursor(frame, C.BMP_COMMON_HEADER_LEN, length);
  switch (type) {
    case C.BMP_ROUTE_MONITORING: {
      const peer = decodePerPeerHeader(c);
      const update = bgpPdu(c, 'route monitoring UPDATE');
      if (update[18] !== BGP_UPDATE) throw new BmpDecodeError(`route monitoring carries BGP type ${update[18]}, not UPDATE`);
      if (c.left !== 0) throw new BmpDecodeError(`${c.left} bytes after the UPDATE`);
      return { type: 'route-monitoring', peer, update };
    }
    case C.BMP_STATISTICS_REPORT: {
      const peer = decodePerPeerHeader(c);
      const count = c.u32('stats count');
      const stats: BmpStat[] = [];
      for (let i = 0; i < count; i++) {
        const statType = c.u16('stat type');
        stats.push({ statType, value: c.bytes(c.u16('stat length'), 'stat value') });
      }
      if (c.left !== 0) throw new BmpDecodeError(`${c.left} bytes after ${count} statistics`);
      return { type: 'statistics-report', peer, stats };
    }
    case C.BMP_PEER_DOWN_NOTIFICATION:
      return decodePeerDown(c);
    case C.BMP_PEER_UP_NOTIFICATION:
      return decodePeerUp(c);
    case C.BMP_INITIATION:
      return { type: 'initiation', information: infoTlvs(c) };
    case C.BMP_TERMINATION: {
      let reason: number | undefined;
      const strings: string[] = [];
      for (const t of rawTlvs(c)) {
        if (t.type === C.TERM_TLV_STRING) strings.push(t.value.toString('utf8'));
        else if (t.type === C.TERM_TLV_REASON) {
          if (t.value.length !== 2) throw new BmpDecodeError(`termination reason of ${t.value.length} bytes`);
          reason = t.value.readUInt16BE(0);
        }
      }
      return { type: 'termination', reason, strings };
    }
    default:
      throw new BmpDecodeError(`unknown BMP message type ${type}`);
  }
}

function decodePeerDown(c: Cursor): PeerDownMessage {
  const peer = decodePerPeerHeader(c);
  const reason = c.u8('peer down reason');
  switch (reason) {
    case C.PEER_DOWN_LOCAL_NOTIFICATION:
    case C.PEER_DOWN_REMOTE_NOTIFICATION: {
      const notification = bgpPdu(c, 'peer down NOTIFICATION');
      if (notification[18] !== BGP_NOTIFICATION) throw new BmpDecodeError(`peer down carries BGP type ${notification[18]}, not NOTIFICATION`);
      if (c.left !== 0) throw new BmpDecodeError(`${c.left} bytes after the NOTIFICATION`);
      return { type: 'peer-down', peer, reason, notification };
    }
    case C.PEER_DOWN_LOCAL_NO_NOTIFICATION: {
      const fsmEvent = c.u16('FSM event code');
      if (c.left !== 0) throw new BmpDecodeError(`${c.left} bytes after the FSM event code`);
      return { type: 'peer-down', peer, reason, fsmEvent };
    }
    case C.PEER_DOWN_REMOTE_NO_NOTIFICATION:
    case C.PEER_DOWN_DECONFIGURED:
      if (c.left !== 0) throw new BmpDecodeError(`${c.left} bytes of data with peer down reason ${reason}`);
      return { type: 'peer-down', peer, reason };
    default:
      throw new BmpDecodeError(`unknown peer down reason ${reason}`);
  }
}

function decodePeerUp(c: Cursor): PeerUpMessage {
  const peer = decodePerPeerHeader(c);
  // §4.10: the local address has the peer's family (the V flag of the per-peer header).
  const localAddress = decodeAddress(c, peer.address.family === 'ipv6', 'local address');
  const localPort = c.u16('local port');
  const remotePort = c.u16('remote port');
  const sentOpen = bgpPdu(c, 'sent OPEN');
  const receivedOpen = bgpPdu(c, 'received OPEN');
  for (const [o, what] of [[sentOpen, 'sent'], [receivedOpen, 'received']] as const) {
    if (o[18] !== BGP_OPEN) throw new BmpDecodeError(`${what} OPEN has BGP type ${o[18]}`);
  }
  return { type: 'peer-up', peer, localAddress, localPort, remotePort, sentOpen, receivedOpen, information: infoTlvs(c) };
}

/** One BGP message at the cursor, by its own header's length (RFC 4271 §4.1). */
function bgpPdu(c: Cursor, what: string): Buffer {
  c.need(BGP_HEADER_LEN, what);
  for (let i = 0; i < 16; i++) if (c.buf[c.pos + i] !== 0xff) throw new BmpDecodeError(`${what}: BGP marker is not all ones`);
  const length = c.buf.readUInt16BE(c.pos + 16);
  if (length < BGP_HEADER_LEN) throw new BmpDecodeError(`${what}: BGP length ${length}`);
  return c.bytes(length, what);
}

function rawTlvs(c: Cursor): { type: number; value: Buffer }[] {
  const out: { type: number; value: Buffer }[] = [];
  while (c.left > 0) {
    const type = c.u16('TLV type');
    out.push({ type, value: c.bytes(c.u16('TLV length'), 'TLV value') });
  }
  return out;
}

function infoTlvs(c: Cursor): BmpInfoTlv[] {
  return rawTlvs(c).map((t) => ({ infoType: t.type, value: t.value.toString('utf8') }));
}
