/** BMP v3 messages (RFC 7854) as typed values; BGP PDUs inside stay raw bytes, headers included. */
import type { Ipv4Address } from '../types/index.js';

/** An address field of 16 bytes (§4.2): IPv4 in the low 4 bytes, or IPv6. */
export type BmpAddress =
  | { readonly family: 'ipv4'; readonly address: Ipv4Address }
  | { readonly family: 'ipv6'; readonly bytes: Buffer };

/**
 * The per-peer header (§4.2):
 * ```
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Peer Type   |  Peer Flags   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Peer Distinguisher (present based on peer type)       |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Peer Address (16 bytes)                       |
 *  ~                                                               ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Peer AS                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Peer BGP ID                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Timestamp (seconds)                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Timestamp (microseconds)                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * The V flag is not stored: it follows from the address family.
 */
export interface PerPeerHeader {
  /** 0 global instance, 1 RD instance, 2 local instance. */
  readonly peerType: number;
  /** L flag: post-policy Adj-RIB-In (we send pre-policy, so false). */
  readonly postPolicy: boolean;
  /** A flag: AS_PATHs are in the legacy 2-octet format (the session did not negotiate 4-octet AS). */
  readonly legacyAsPath: boolean;
  /** 8 bytes; zero for the global instance. */
  readonly distinguisher: Buffer;
  readonly address: BmpAddress;
  readonly asn: number;
  readonly bgpId: Ipv4Address;
  readonly seconds: number;
  readonly microseconds: number;
}

/** Type 0 (§4.6): an UPDATE as received from the peer. */
export interface RouteMonitoringMessage {
  readonly type: 'route-monitoring';
  readonly peer: PerPeerHeader;
  /** The whole BGP UPDATE, 19-byte header included. */
  readonly update: Buffer;
}

/** One statistic (§4.8): its type and raw value bytes (4-byte counters, 8-byte gauges). */
export interface BmpStat {
  readonly statType: number;
  readonly value: Buffer;
}

/** Type 1 (§4.8). */
export interface StatisticsReportMessage {
  readonly type: 'statistics-report';
  readonly peer: PerPeerHeader;
  readonly stats: readonly BmpStat[];
}

/** Type 2 (§4.9). `notification` for reasons 1 and 3, `fsmEvent` for reason 2. */
export interface PeerDownMessage {
  readonly type: 'peer-down';
  readonly peer: PerPeerHeader;
  readonly reason: number;
  /** The whole BGP NOTIFICATION, header included. */
  readonly notification?: Buffer;
  readonly fsmEvent?: number;
}

/** An information TLV (§4.4) with a UTF-8 value. */
export interface BmpInfoTlv {
  readonly infoType: number;
  readonly value: string;
}

/** Type 3 (§4.10). */
export interface PeerUpMessage {
  readonly type: 'peer-up';
  readonly peer: PerPeerHeader;
  readonly localAddress: BmpAddress;
  readonly localPort: number;
  readonly remotePort: number;
  /** Our OPEN, 19-byte header included. */
  readonly sentOpen: Buffer;
  /** The peer's OPEN, header included. */
  readonly receivedOpen: Buffer;
  readonly information: readonly BmpInfoTlv[];
}

/** Type 4 (§4.3): sysDescr (1) and sysName (2) are mandatory. */
export interface InitiationMessage {
  readonly type: 'initiation';
  readonly information: readonly BmpInfoTlv[];
}

/** Type 5 (§4.5). `reason` from the Reason TLV (type 1), `strings` from String TLVs (type 0). */
export interface TerminationMessage {
  readonly type: 'termination';
  readonly reason?: number;
  readonly strings: readonly string[];
}

/** Any BMP message. */
export type BmpMessage =
  | RouteMonitoringMessage
  | StatisticsReportMessage
  | PeerDownMessage
  | PeerUpMessage
  | InitiationMessage
  | TerminationMessage;
