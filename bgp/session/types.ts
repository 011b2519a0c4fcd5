/**
 * Values the session shares with its users: states, configuration, the negotiated result of
 * the OPEN exchange, and why a peer went down.
 */
import type { Asn, Ipv4Address } from '../types/index.js';
import type { Family } from '../wire/index.js';

/** RFC 4271 §8.2.2 session states. */
export type SessionState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** What the FSM needs to know about the local side and the configured peer. */
export interface FsmConfig {
  readonly localAsn: Asn;
  readonly routerId: Ipv4Address;
  readonly peerAsn: Asn;
  /** Never initiate a connection: wait for the peer (RFC 4271 "PassiveTcpEstablishment"). */
  readonly passive: boolean;
  /** Proposed hold time in seconds: 0 or ≥ 3 (RFC 4271 §4.2). */
  readonly holdTime: number;
  /** Seconds between connection attempts (RFC 4271 §10 suggests 120; a lab wants less). */
  readonly connectRetrySeconds: number;
  /** Seconds to stay Idle after a failure before starting again (automatic restart). */
  readonly idleHoldSeconds: number;
  /** Families to announce in the Multiprotocol capability (RFC 4760). */
  readonly families: readonly Family[];
  /** Announce the 4-octet AS capability (RFC 6793); true unless emulating an old speaker. */
  readonly fourOctetAs: boolean;
}

/** The outcome of the OPEN exchange. */
export interface Negotiated {
  /** Both sides announced the 4-octet AS capability (RFC 6793): AS_PATH carries 4-octet ASNs. */
  readonly fourOctetAs: boolean;
  /** Families both sides announced (RFC 4760 §8); IPv4 unicast if the peer announced none. */
  readonly families: readonly Family[];
  /** min(ours, theirs) in seconds; 0 = no keepalives, no hold timer. */
  readonly holdTime: number;
  /** Seconds between our KEEPALIVEs: holdTime / 3 (RFC 4271 §10). */
  readonly keepaliveTime: number;
  readonly peerBgpId: Ipv4Address;
  /** The peer's real AS (from the 4-octet AS capability if present). */
  readonly peerAsn: Asn;
  /** The peer announced ROUTE-REFRESH (RFC 2918). */
  readonly routeRefresh: boolean;
  /** The peer announced enhanced route refresh (RFC 7313). */
  readonly enhancedRouteRefresh: boolean;
}

/** A NOTIFICATION's code and subcode with their RFC names. */
export interface NotificationInfo {
  readonly code: number;
  readonly subcode: number;
  /** `Code name / Subcode name`, e.g. `Cease / Administrative Shutdown`. */
  readonly name: string;
  /** RFC 8203 shutdown communication, when one was sent or received. */
  readonly message?: string;
}

/** Why a session went down (or why an attempt to bring it up failed). */
export type PeerDownReason =
  | { readonly kind: 'hold-timer-expired' }
  | ({ readonly kind: 'notification-received' } & NotificationInfo)
  | ({ readonly kind: 'notification-sent' } & NotificationInfo)
  | { readonly kind: 'connection-closed'; readonly message?: string }
  | { readonly kind: 'connect-failed'; readonly message: string }
  | { readonly kind: 'admin-stop' };

/** Identifies one TCP connection of a session: `out-N` we initiated, `in-N` the peer did. */
export type ConnId = string;

/** Who opened a connection; RFC 4271 §6.8 keeps the one opened by the higher BGP Identifier. */
export type ConnDirection = 'outgoing' | 'incoming';

/** Direction of a connection from its id. */
export function directionOf(conn: ConnId): ConnDirection {
  return conn.startsWith('out-') ? 'outgoing' : 'incoming';
}

/** Something that tells the time and schedules callbacks; swapped for a manual clock in tests. */
export interface Clock {
  /** Milliseconds, monotonic within one clock. */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** An opaque timer returned by {@link Clock.setTimer}. */
export type TimerHandle = unknown;
