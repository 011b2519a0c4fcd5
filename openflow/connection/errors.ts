/**
 * Errors a switch connection surfaces on request promises. Each names what went wrong in
 * OpenFlow's own terms (error type/code as named in OF 1.3.5 §7.5.4) so that callers can
 * branch on it without parsing text.
 */

/** The switch answered a request with OFPT_ERROR (matched to the request by xid). */
export class OfSwitchError extends Error {
  constructor(
    /** OFPET_* number. */
    readonly type: number,
    /** Code within the type. */
    readonly code: number,
    /** Spec name of the type, e.g. `OFPET_BAD_ACTION`. */
    readonly typeName: string,
    /** Spec name of the code, e.g. `OFPBAC_BAD_OUT_PORT`. */
    readonly codeName: string,
    /** xid of the message the switch refused. */
    readonly xid: number,
    /** The start of the refused message, as the switch echoed it back (at least 64 bytes of it). */
    readonly data: Buffer = Buffer.alloc(0),
    /** Position of the refused message in a `sendFlowMods` batch, when it came from one. */
    readonly index?: number,
  ) {
    super(`switch error ${typeName}/${codeName} for xid ${xid}${index === undefined ? '' : ` (message #${index} of the batch)`}`);
    this.name = 'OfSwitchError';
  }
}

/** The connection went away (closed, timed out, or the server shut down) before a reply came. */
export class OfDisconnectedError extends Error {
  constructor(readonly reason: string) {
    super(`switch connection lost: ${reason}`);
    this.name = 'OfDisconnectedError';
  }
}

/** Why a datapath disconnected, as passed to the `disconnect` event. */
export type DisconnectReason =
  | { readonly kind: 'closed' }
  | { readonly kind: 'echo-timeout'; readonly silentMs: number }
  | { readonly kind: 'protocol-error'; readonly message: string }
  | { readonly kind: 'replaced' }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'socket-error'; readonly message: string };

/** Renders a disconnect reason as one short phrase for logs and errors. */
export function describeDisconnect(reason: DisconnectReason): string {
  switch (reason.kind) {
    case 'closed':
      return 'connection closed by the switch';
    case 'echo-timeout':
      return `no answer to echo for ${reason.silentMs} ms`;
    case 'protocol-error':
      return `protocol error: ${reason.message}`;
    case 'replaced':
      return 'replaced by a newer connection from the same datapath';
    case 'shutdown':
      return 'controller shutting down';
    case 'socket-error':
      return `socket error: ${reason.message}`;
  }
}
