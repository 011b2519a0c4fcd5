/**
 * Capabilities (RFC 5492 §4): code, length, value — one TLV each.
 *
 *   multiprotocol (RFC 4760 §8):   AFI(2) reserved(1) SAFI(1)
 *   route refresh (RFC 2918), enhanced route refresh (RFC 7313): empty
 *   4-octet AS (RFC 6793 §3):      AS(4)
 *   graceful restart (RFC 4724 §3): R|N|res(4 bits) restart time(12 bits), then AFI(2) SAFI(1) flags(1)...
 */
import { asn } from '../types/index.js';
import {
  CAP_ENHANCED_ROUTE_REFRESH,
  CAP_FOUR_OCTET_AS,
  CAP_GRACEFUL_RESTART,
  CAP_MULTIPROTOCOL,
  CAP_ROUTE_REFRESH,
} from './constants.js';
import type { Reader } from './reader.js';
import type { Capability, GracefulRestartFamily } from './types.js';
import type { Writer } from './writer.js';

/** Thrown for a capability whose value does not match its code; OPEN decoding maps it. */
export class CapabilityError extends Error {}

/** Decodes one capability value (`code` and `value` already split). */
export function decodeCapability(code: number, value: Reader): Capability {
  const n = value.remaining;
  switch (code) {
    case CAP_MULTIPROTOCOL: {
      if (n !== 4) throw new CapabilityError(`multiprotocol capability length ${n}`);
      const afi = value.u16();
      value.skip(1);
      return { type: 'multiprotocol', afi, safi: value.u8() };
    }
    case CAP_ROUTE_REFRESH:
      if (n !== 0) throw new CapabilityError(`route refresh capability length ${n}`);
      return { type: 'route-refresh' };
    case CAP_ENHANCED_ROUTE_REFRESH:
      if (n !== 0) throw new CapabilityError(`enhanced route refresh capability length ${n}`);
      return { type: 'enhanced-route-refresh' };
    case CAP_FOUR_OCTET_AS:
      if (n !== 4) throw new CapabilityError(`4-octet AS capability length ${n}`);
      return { type: 'four-octet-as', asn: asn(value.u32()) };
    case CAP_GRACEFUL_RESTART: {
      if (n < 2 || (n - 2) % 4 !== 0) throw new CapabilityError(`graceful restart capability length ${n}`);
      const word = value.u16();
      const families: GracefulRestartFamily[] = [];
      while (value.remaining > 0) {
        const afi = value.u16();
        const safi = value.u8();
        families.push({ afi, safi, forwardingPreserved: (value.u8() & 0x80) !== 0 });
      }
      return {
        type: 'graceful-restart',
        restarting: (word & 0x8000) !== 0,
        notification: (word & 0x4000) !== 0,
        restartTime: word & 0x0fff,
        families,
      };
    }
    default:
      return { type: 'unknown', code, value: value.bytes(n) };
  }
}

/** Writes one capability TLV. */
export function encodeCapability(w: Writer, cap: Capability): void {
  switch (cap.type) {
    case 'multiprotocol':
      w.u8(CAP_MULTIPROTOCOL).u8(4).u16(cap.afi).u8(0).u8(cap.safi);
      return;
    case 'route-refresh':
      w.u8(CAP_ROUTE_REFRESH).u8(0);
      return;
    case 'enhanced-route-refresh':
      w.u8(CAP_ENHANCED_ROUTE_REFRESH).u8(0);
      return;
    case 'four-octet-as':
      w.u8(CAP_FOUR_OCTET_AS).u8(4).u32(cap.asn);
      return;
    case 'graceful-restart': {
      w.u8(CAP_GRACEFUL_RESTART).u8(2 + 4 * cap.families.length);
      w.u16((cap.restarting ? 0x8000 : 0) | (cap.notification ? 0x4000 : 0) | (cap.restartTime & 0x0fff));
      for (const f of cap.families) w.u16(f.afi).u8(f.safi).u8(f.forwardingPreserved ? 0x80 : 0);
      return;
    }
    case 'unknown':
      w.u8(cap.code).u8(cap.value.length).bytes(cap.value);
      return;
  }
}
