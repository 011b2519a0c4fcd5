/**
 * The one place where an error met while reading the peer's bytes becomes the NOTIFICATION we
 * send (RFC 4271 §6), and where a NOTIFICATION becomes the named reason a session reports.
 */
import {
  BgpDecodeError,
  ERR_MESSAGE_HEADER,
  ERR_OPEN_MESSAGE,
  ERR_ROUTE_REFRESH_MESSAGE,
  ERR_UPDATE_MESSAGE,
  MSG_OPEN,
  MSG_ROUTE_REFRESH,
  MSG_UPDATE,
  describeNotification,
  type NotificationMessage,
} from '../wire/index.js';
import type { NotificationInfo } from './types.js';

/**
 * The NOTIFICATION for a failure to frame or decode a message of `messageType` (the header's
 * type byte, if it was read). A BgpDecodeError knows its code/subcode; anything else is a
 * defect of ours, reported as the message type's error with subcode 0 ("unspecific", RFC 4271
 * §4.5) rather than crashing on the peer's input.
 */
export function notificationForError(err: unknown, messageType?: number): NotificationMessage {
  if (err instanceof BgpDecodeError) return err.toNotification();
  const code =
    messageType === MSG_OPEN ? ERR_OPEN_MESSAGE
    : messageType === MSG_UPDATE ? ERR_UPDATE_MESSAGE
    : messageType === MSG_ROUTE_REFRESH ? ERR_ROUTE_REFRESH_MESSAGE
    : ERR_MESSAGE_HEADER;
  return { type: 'notification', code, subcode: 0, data: Buffer.alloc(0) };
}

/** Code, subcode, RFC names and shutdown message of a NOTIFICATION. */
export function notificationInfo(n: NotificationMessage): NotificationInfo {
  const info = { code: n.code, subcode: n.subcode, name: describeNotification(n.code, n.subcode) };
  return n.shutdownMessage !== undefined ? { ...info, message: n.shutdownMessage } : info;
}

/** A NOTIFICATION message with empty data. */
export function notification(code: number, subcode: number, data: Buffer = Buffer.alloc(0)): NotificationMessage {
  return { type: 'notification', code, subcode, data };
}
