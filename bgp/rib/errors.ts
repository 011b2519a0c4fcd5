/** Typed errors of the speaker's management calls (the controller maps them to REST statuses). */

/** The request conflicts with existing state (a VRF with that RD, a route already there). */
export class BgpConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BgpConflictError';
  }
}

/** The request names something that does not exist (a VRF, a neighbour, a route). */
export class BgpNotFoundError extends Error {
  constructor(
    readonly what: 'vrf' | 'neighbor' | 'route' | 'bmp-collector',
    readonly key: string,
  ) {
    super(`no such ${what}: ${key}`);
    this.name = 'BgpNotFoundError';
  }
}
