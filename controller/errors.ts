/**
 * The one error type the controller API throws for a request it refuses. `rest/` maps `kind`
 * to an HTTP status in exactly one place (409 / 404 / 400); any other error is a bug and
 * becomes a 500 with a generic message.
 */

/** Why a request was refused. */
export type ControllerErrorKind =
  /** The request contradicts existing state: duplicate VRF, port already bound, label range exhausted. */
  | 'conflict'
  /** The request names something that does not exist: unknown VRF, route, neighbor, port. */
  | 'not-found'
  /** The request is well-formed but meaningless here: next hop outside any interface, BGP not configured. */
  | 'invalid';

/** A refused request; nothing was changed. */
export class ControllerError extends Error {
  /**
   * @param kind    why the request was refused
   * @param message what a client may read (it is shown in the HTTP response)
   * @param field   the request field at fault, in the REST body's spelling (`vrf.route_dist`)
   */
  constructor(
    readonly kind: ControllerErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ControllerError';
  }
}

/** Whether `e` is a ControllerError (also across module copies, by name and shape). */
export function isControllerError(e: unknown): e is ControllerError {
  if (e instanceof ControllerError) return true;
  return (
    e instanceof Error &&
    e.name === 'ControllerError' &&
    ['conflict', 'not-found', 'invalid'].includes((e as { kind?: unknown }).kind as string)
  );
}
