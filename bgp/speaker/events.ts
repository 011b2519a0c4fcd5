/** Events and views of the speaker (contract E). */
import type { Asn, Ipv4Address } from '../types/index.js';
import type { Negotiated, PeerDownReason, SessionState } from '../session/index.js';
import type { GlobalRouteChange, VrfRouteChange } from '../rib/index.js';

/** A neighbour came up. */
export interface PeerUpEvent {
  readonly peer: Ipv4Address;
  readonly asn: Asn;
  readonly negotiated: Negotiated;
}

/** A neighbour went down; its routes have left every VRF (the withdraws follow as 'vrf-route'). */
export interface PeerDownEvent {
  readonly peer: Ipv4Address;
  readonly asn: Asn;
  readonly reason: PeerDownReason;
}

/** The speaker's events. */
export interface SpeakerEvents {
  /** One change of a VRF's best path; all changes of one event-loop turn arrive together, in order. */
  'vrf-route': (change: VrfRouteChange) => void;
  /** The same changes as one array per turn, emitted before the individual 'vrf-route' events. */
  'vrf-routes': (changes: readonly VrfRouteChange[]) => void;
  /**
   * One change of the global IPv4 unicast table's best path (no VRF, no label): routes from
   * neighbours, and ours (source 'local'). Delivered per turn after that turn's VRF changes.
   */
  'global-route': (change: GlobalRouteChange) => void;
  /** The same global changes as one array per turn, emitted before the individual events. */
  'global-routes': (changes: readonly GlobalRouteChange[]) => void;
  'peer-up': (e: PeerUpEvent) => void;
  'peer-down': (e: PeerDownEvent) => void;
  /** Something went wrong that is not a caller's error (logged too). */
  error: (err: Error) => void;
}

/** Counters of one neighbour. */
export interface NeighborCounters {
  readonly updatesReceived: number;
  readonly updatesSent: number;
  /** Routes held from the neighbour (Adj-RIB-In), VPNv4 and IPv4 unicast. */
  readonly prefixesReceived: number;
  /** Routes advertised to the neighbour (Adj-RIB-Outs), VPNv4 and IPv4 unicast. */
  readonly prefixesAdvertised: number;
  readonly announcements: number;
  readonly withdrawals: number;
  /** Routes dropped because their AS_PATH held our AS. */
  readonly loopsDropped: number;
  /** NOTIFICATION messages sent to / received from the neighbour. */
  readonly notificationsSent: number;
  readonly notificationsReceived: number;
  /** UPDATEs handled as withdraw under RFC 7606. */
  readonly treatedAsWithdraw: number;
  readonly establishedTransitions: number;
}

/** One neighbour as `neighbors()` shows it. */
export interface NeighborView {
  readonly address: Ipv4Address;
  readonly remoteAsn: Asn;
  readonly state: SessionState;
  /** When the session last became Established (ms since epoch), while it is. */
  readonly upSince: number | undefined;
  /** Seconds Established, 0 when not. */
  readonly uptimeSeconds: number;
  readonly negotiated: Negotiated | undefined;
  readonly med: number | undefined;
  readonly localPref: number | undefined;
  readonly counters: NeighborCounters;
  readonly lastDownReason: PeerDownReason | undefined;
}
