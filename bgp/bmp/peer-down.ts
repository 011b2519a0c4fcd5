/**
 * The one place a session's {@link PeerDownReason} becomes a Peer Down reason code (§4.9) and
 * the NOTIFICATION that goes with it. NOTIFICATIONs are rebuilt from the code, subcode and
 * RFC 8203 shutdown message the session reports (their other data bytes are not kept).
 */
import type { PeerDownReason } from '../session/index.js';
import { encodeMessage, ERR_CEASE, ERR_HOLD_TIMER_EXPIRED, CEASE_ADMIN_SHUTDOWN } from '../wire/index.js';
import * as C from './constants.js';

/** Reason code and data of a Peer Down message. */
export interface PeerDownData {
  readonly reason: number;
  readonly notification?: Buffer;
  readonly fsmEvent?: number;
}

function notification(code: number, subcode: number, shutdownMessage?: string): Buffer {
  return encodeMessage({ type: 'notification', code, subcode, data: Buffer.alloc(0), shutdownMessage }, { fourOctetAs: true });
}

/** Maps why our session went down to what RFC 7854 §4.9 says about it. */
export function peerDownData(r: PeerDownReason): PeerDownData {
  switch (r.kind) {
    // Our FSM sends Hold Timer Expired (RFC 4271 §6.5) and Cease/Administrative Shutdown on
    // ManualStop before closing: both are "local system closed, NOTIFICATION follows".
    case 'hold-timer-expired':
      return { reason: C.PEER_DOWN_LOCAL_NOTIFICATION, notification: notification(ERR_HOLD_TIMER_EXPIRED, 0) };
    case 'admin-stop':
      return { reason: C.PEER_DOWN_LOCAL_NOTIFICATION, notification: notification(ERR_CEASE, CEASE_ADMIN_SHUTDOWN) };
    case 'notification-sent':
      return { reason: C.PEER_DOWN_LOCAL_NOTIFICATION, notification: notification(r.code, r.subcode, r.message) };
    case 'notification-received':
      return { reason: C.PEER_DOWN_REMOTE_NOTIFICATION, notification: notification(r.code, r.subcode, r.message) };
    case 'connection-closed':
    case 'connect-failed':
      return { reason: C.PEER_DOWN_REMOTE_NO_NOTIFICATION };
  }
}
