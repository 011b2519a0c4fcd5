/**
 * Wire-level message types. Domain values (Asn, Label, Rd, RouteTarget, Ipv4Prefix) come from
 * bgp/types and are built once, here, at decode time.
 */
import type { Asn, Ipv4Address, Ipv4Prefix, Label, Rd, RouteTarget } from '../types/index.js';

/** Negotiated state the codec needs (pass `{ fourOctetAs: true }` before OPEN is exchanged). */
export interface CodecContext {
  /** RFC 6793: both sides announced the 4-octet AS capability, so AS_PATH carries 4-octet ASNs. */
  readonly fourOctetAs: boolean;
  /** RFC 8654 extended messages negotiated: messages up to 65535 bytes. */
  readonly extendedMessage?: boolean;
}

/** Any BGP message, discriminated on `type`. */
export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

// ---------------------------------------------------------------- OPEN (RFC 4271 §4.2, RFC 5492)

/** An address family. */
export interface Family {
  readonly afi: number;
  readonly safi: number;
}

/** RFC 4724 §3: one family in the graceful restart capability. */
export interface GracefulRestartFamily extends Family {
  /** F bit: forwarding state was preserved. */
  readonly forwardingPreserved: boolean;
}

/** A capability announced in OPEN, discriminated on `type`. */
export type Capability =
  | { readonly type: 'multiprotocol'; readonly afi: number; readonly safi: number }
  | { readonly type: 'route-refresh' }
  | { readonly type: 'enhanced-route-refresh' }
  | { readonly type: 'four-octet-as'; readonly asn: Asn }
  | {
      readonly type: 'graceful-restart';
      /** R bit: the sender has restarted. */
      readonly restarting: boolean;
      /** N bit (RFC 8538): graceful restart also for NOTIFICATION. */
      readonly notification: boolean;
      /** Seconds, 12 bits. */
      readonly restartTime: number;
      readonly families: readonly GracefulRestartFamily[];
    }
  | { readonly type: 'unknown'; readonly code: number; readonly value: Buffer };

/** OPEN. `myAsn` is the 2-octet field (AS_TRANS for a 4-octet AS; the real one is a capability). */
export interface OpenMessage {
  readonly type: 'open';
  readonly version: number;
  readonly myAsn: number;
  readonly holdTime: number;
  readonly bgpId: Ipv4Address;
  readonly capabilities: readonly Capability[];
}

// ---------------------------------------------------------------- KEEPALIVE, NOTIFICATION, ROUTE-REFRESH

/** KEEPALIVE: a header only. */
export interface KeepaliveMessage {
  readonly type: 'keepalive';
}

/** NOTIFICATION (RFC 4271 §4.5). */
export interface NotificationMessage {
  readonly type: 'notification';
  readonly code: number;
  readonly subcode: number;
  /** Raw data field. When encoding, a non-empty `data` wins over `shutdownMessage`. */
  readonly data: Buffer;
  /** RFC 8203/9003 shutdown communication of Cease/Administrative Shutdown or Reset, if present. */
  readonly shutdownMessage?: string;
}

/** ROUTE-REFRESH (RFC 2918, RFC 7313). `subtype`: 0 normal, 1 BoRR, 2 EoRR (others to be ignored). */
export interface RouteRefreshMessage {
  readonly type: 'route-refresh';
  readonly afi: number;
  readonly safi: number;
  readonly subtype: number;
}

// ---------------------------------------------------------------- UPDATE (RFC 4271 §4.3)

/** An AS_PATH / AS4_PATH segment (RFC 4271 §4.3, RFC 5065 for the confederation types). */
export interface AsPathSegment {
  readonly type: 'set' | 'sequence' | 'confed-sequence' | 'confed-set';
  readonly asns: readonly Asn[];
}

/** ORIGIN values. */
export type Origin = 'igp' | 'egp' | 'incomplete';

/** AGGREGATOR / AS4_AGGREGATOR. */
export interface Aggregator {
  readonly asn: Asn;
  readonly address: Ipv4Address;
}

/** An extended community (RFC 4360): route targets typed, every other kind kept as its 8 bytes. */
export type ExtendedCommunity =
  | { readonly type: 'route-target'; readonly routeTarget: RouteTarget }
  | { readonly type: 'raw'; readonly value: Buffer };

/** A large community (RFC 8092). */
export interface LargeCommunity {
  readonly globalAdmin: number;
  readonly local1: number;
  readonly local2: number;
}

/** An attribute the codec does not interpret, kept as received (flags without the length bit). */
export interface RawAttribute {
  readonly flags: number;
  readonly code: number;
  readonly value: Buffer;
}

/** An IPv6 prefix: 16 address bytes (host bits zero) and a length 0..128. */
export interface Ipv6Prefix {
  readonly address: Buffer;
  readonly length: number;
}

/** A VPNv4 NLRI (RFC 4364 §4.3.4, RFC 8277): label stack, RD, IPv4 prefix. */
export interface VpnNlri {
  readonly labels: readonly Label[];
  readonly rd: Rd;
  readonly prefix: Ipv4Prefix;
}

/** A VPNv6 NLRI (RFC 4659). */
export interface Vpnv6Nlri {
  readonly labels: readonly Label[];
  readonly rd: Rd;
  readonly prefix: Ipv6Prefix;
}

/**
 * MP_REACH_NLRI (RFC 4760 §3), discriminated on `kind`. VPN next hops are RD 0 + address on the
 * wire (RFC 4364 §4.3.2); the RD is implied here. A family the codec does not know stays raw.
 */
export type MpReach =
  | { readonly kind: 'ipv4-unicast'; readonly afi: 1; readonly safi: 1; readonly nextHop: Ipv4Address; readonly nlri: readonly Ipv4Prefix[] }
  | { readonly kind: 'vpnv4'; readonly afi: 1; readonly safi: 128; readonly nextHop: Ipv4Address; readonly nlri: readonly VpnNlri[] }
  | {
      readonly kind: 'vpnv6';
      readonly afi: 2;
      readonly safi: 128;
      readonly nextHop: Buffer;
      /** RFC 4659 §3.2.1.1: optional link-local next hop (32+16 byte form). */
      readonly nextHopLinkLocal?: Buffer;
      readonly nlri: readonly Vpnv6Nlri[];
    }
  | { readonly kind: 'raw'; readonly afi: number; readonly safi: number; readonly nextHop: Buffer; readonly nlri: Buffer };

/** A withdrawn VPNv4 route: RD + prefix (the label field is ignored, RFC 8277 §2.4). */
export interface VpnWithdrawal {
  readonly rd: Rd;
  readonly prefix: Ipv4Prefix;
}

/** A withdrawn VPNv6 route. */
export interface Vpnv6Withdrawal {
  readonly rd: Rd;
  readonly prefix: Ipv6Prefix;
}

/**
 * MP_UNREACH_NLRI (RFC 4760 §4), discriminated on `kind`. `labelField` is the 3-byte label
 * field the VPN withdrawals carry (default 0x800000, RFC 8277 §2.4); any value is accepted.
 */
export type MpUnreach =
  | { readonly kind: 'ipv4-unicast'; readonly afi: 1; readonly safi: 1; readonly withdrawn: readonly Ipv4Prefix[] }
  | { readonly kind: 'vpnv4'; readonly afi: 1; readonly safi: 128; readonly withdrawn: readonly VpnWithdrawal[]; readonly labelField?: number }
  | { readonly kind: 'vpnv6'; readonly afi: 2; readonly safi: 128; readonly withdrawn: readonly Vpnv6Withdrawal[]; readonly labelField?: number }
  | { readonly kind: 'raw'; readonly afi: number; readonly safi: number; readonly withdrawn: Buffer };

/**
 * Path attributes, each optional. Encoding writes them in type-code order (RFC 4271 §5 asks
 * senders to order them) unless `order` says otherwise.
 */
export interface PathAttributes {
  readonly origin?: Origin;
  readonly asPath?: readonly AsPathSegment[];
  readonly nextHop?: Ipv4Address;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: boolean;
  readonly aggregator?: Aggregator;
  /** RFC 1997 communities as 32-bit numbers. */
  readonly communities?: readonly number[];
  readonly originatorId?: Ipv4Address;
  readonly clusterList?: readonly Ipv4Address[];
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
  readonly extendedCommunities?: readonly ExtendedCommunity[];
  /** RFC 6793: the 4-octet path sent alongside a 2-octet AS_PATH. See `mergeAs4Path`. */
  readonly as4Path?: readonly AsPathSegment[];
  readonly as4Aggregator?: Aggregator;
  readonly largeCommunities?: readonly LargeCommunity[];
  readonly unknown?: readonly RawAttribute[];
  /**
   * Type codes in the order they were received, set by the decoder only when that order was
   * not ascending (GoBGP, for one, puts NEXT_HOP last). The encoder follows it, so received
   * bytes re-encode identically; leave it out when building attributes.
   */
  readonly order?: readonly number[];
}

/** RFC 7606 §2 treatments that leave the session up. */
export type AttributeAction = 'treat-as-withdraw' | 'attribute-discard';

/** A malformed attribute found while decoding an UPDATE, and what was done about it. */
export interface AttributeProblem {
  readonly action: AttributeAction;
  /** Attribute type code (0 when the attribute list itself was malformed). */
  readonly attribute: number;
  /** The UPDATE Message Error subcode a NOTIFICATION would have carried. */
  readonly subcode: number;
  readonly reason: string;
}

/**
 * UPDATE. `treatAsWithdraw: true` (RFC 7606 §2) means every route the message announces —
 * in `nlri` and in `attributes.mpReach` — must be handled as withdrawn.
 */
export interface UpdateMessage {
  readonly type: 'update';
  readonly withdrawn: readonly Ipv4Prefix[];
  readonly attributes: PathAttributes;
  readonly nlri: readonly Ipv4Prefix[];
  readonly treatAsWithdraw?: boolean;
  readonly problems?: readonly AttributeProblem[];
}
