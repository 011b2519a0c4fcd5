/**
 * The OPEN exchange: what we announce, and what we accept from the peer's OPEN
 * (RFC 4271 §6.2 checks, RFC 5492 capabilities, RFC 4760 families, RFC 6793 4-octet AS).
 */
import { AS_TRANS, type Asn, asn } from '../types/index.js';
import {
  AFI_IPV4,
  BGP_VERSION,
  ERR_OPEN_MESSAGE,
  OPEN_BAD_BGP_IDENTIFIER,
  OPEN_BAD_PEER_AS,
  OPEN_UNACCEPTABLE_HOLD_TIME,
  OPEN_UNSUPPORTED_CAPABILITY,
  OPEN_UNSUPPORTED_VERSION_NUMBER,
  SAFI_UNICAST,
  type Capability,
  type Family,
  type NotificationMessage,
  type OpenMessage,
} from '../wire/index.js';
import type { FsmConfig, Negotiated } from './types.js';

/** RFC 4271 §8.2.2: the hold timer while waiting for the peer's OPEN ("a large value", 4 min). */
export const OPEN_HOLD_SECONDS = 240;

/** Our OPEN: 2-octet My AS field (AS_TRANS for a 4-octet AS), our families and capabilities. */
export function buildOpen(config: FsmConfig): OpenMessage {
  const capabilities: Capability[] = config.families.map((f) => ({ type: 'multiprotocol', afi: f.afi, safi: f.safi }));
  capabilities.push({ type: 'route-refresh' }, { type: 'enhanced-route-refresh' });
  if (config.fourOctetAs) capabilities.push({ type: 'four-octet-as', asn: config.localAsn });
  return {
    type: 'open',
    version: BGP_VERSION,
    myAsn: config.localAsn <= 0xffff ? config.localAsn : AS_TRANS,
    holdTime: config.holdTime,
    bgpId: config.routerId,
    capabilities,
  };
}

/** Either the negotiated session or the NOTIFICATION that refuses the OPEN. */
export type NegotiationResult =
  | { readonly ok: true; readonly negotiated: Negotiated }
  | { readonly ok: false; readonly notification: NotificationMessage };

/** Checks the peer's OPEN against our configuration and computes the negotiated session. */
export function negotiate(config: FsmConfig, open: OpenMessage): NegotiationResult {
  // §6.2: the data of Unsupported Version Number is the largest version we support.
  if (open.version !== BGP_VERSION) return refuse(OPEN_UNSUPPORTED_VERSION_NUMBER, Buffer.from([0, BGP_VERSION]));

  const caps = open.capabilities;
  // RFC 6793 §4.2: a 4-octet speaker's real AS is in the capability; My AS may be AS_TRANS.
  // Emulating an old speaker, we do not understand the capability and take My AS as it is.
  const four = config.fourOctetAs
    ? caps.find((c): c is Extract<Capability, { type: 'four-octet-as' }> => c.type === 'four-octet-as')
    : undefined;
  const peerAsn: Asn = four ? four.asn : asn(open.myAsn);
  if (peerAsn !== config.peerAsn) return refuse(OPEN_BAD_PEER_AS, u16(open.myAsn));

  // §6.2: a hold time of one or two seconds MUST be rejected.
  if (open.holdTime === 1 || open.holdTime === 2) return refuse(OPEN_UNACCEPTABLE_HOLD_TIME);

  // §6.2 + RFC 6286 §2.2: zero is never valid; an iBGP peer cannot share our identifier.
  const ibgp = peerAsn === config.localAsn;
  if (open.bgpId === 0 || (ibgp && open.bgpId === config.routerId)) return refuse(OPEN_BAD_BGP_IDENTIFIER);

  // RFC 4760 §1 and §8: a peer without any Multiprotocol capability speaks IPv4 unicast only.
  const announced: Family[] = caps.flatMap((c) => (c.type === 'multiprotocol' ? [{ afi: c.afi, safi: c.safi }] : []));
  const theirs = announced.length > 0 ? announced : [{ afi: AFI_IPV4, safi: SAFI_UNICAST }];
  const families = config.families.filter((f) => theirs.some((t) => t.afi === f.afi && t.safi === f.safi));
  // RFC 5492 §3: refusing for want of a capability names the capabilities we needed.
  if (families.length === 0) return refuse(OPEN_UNSUPPORTED_CAPABILITY, multiprotocolData(config.families));

  const holdTime = Math.min(config.holdTime, open.holdTime);
  return {
    ok: true,
    negotiated: {
      fourOctetAs: four !== undefined,
      families,
      holdTime,
      keepaliveTime: Math.floor(holdTime / 3),
      peerBgpId: open.bgpId,
      peerAsn,
      routeRefresh: caps.some((c) => c.type === 'route-refresh'),
      enhancedRouteRefresh: caps.some((c) => c.type === 'enhanced-route-refresh'),
    },
  };
}

function refuse(subcode: number, data: Buffer = Buffer.alloc(0)): NegotiationResult {
  return { ok: false, notification: { type: 'notification', code: ERR_OPEN_MESSAGE, subcode, data } };
}

function u16(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}

/** Capability TLVs (code 1, length 4, AFI, reserved, SAFI) for the Unsupported Capability data. */
function multiprotocolData(families: readonly Family[]): Buffer {
  return Buffer.concat(families.map((f) => Buffer.from([1, 4, f.afi >> 8, f.afi & 0xff, 0, f.safi])));
}
