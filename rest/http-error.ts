/**
 * The single place where an error becomes an HTTP response (as koa's `ctx.onerror` is for koa):
 * our typed errors show their message (`expose`); anything else is a bug, logged through the
 * app's 'error' event and answered with a generic 500.
 */
import type { Context, Next } from 'koa';
import { isControllerError, type ControllerErrorKind } from '../controller/index.js';

/** An error with an HTTP status whose message may be shown to the client. */
export class HttpError extends Error {
  /** koa's convention: the message is safe to expose. */
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS_OF_KIND: Record<ControllerErrorKind, number> = {
  conflict: 409,
  'not-found': 404,
  invalid: 400,
};

/** The JSON body of every error response. */
export interface ErrorBody {
  error: string;
  field?: string;
}

/** Koa middleware: maps thrown errors (and unmatched routes) to `{"error", "field"}` JSON. */
export async function errorResponses(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      respond(ctx, 404, { error: `no such resource: ${ctx.method} ${ctx.path}` });
    } else if (ctx.status >= 400 && (ctx.body === undefined || typeof ctx.body === 'string')) {
      // e.g. the router's 405: keep every error JSON
      respond(ctx, ctx.status, { error: typeof ctx.body === 'string' ? ctx.body : `HTTP ${ctx.status}` });
    }
  } catch (err) {
    if (err instanceof HttpError) {
      respond(ctx, err.status, withField(err.message, err.field));
    } else if (isControllerError(err)) {
      respond(ctx, STATUS_OF_KIND[err.kind], withField(err.message, err.field));
    } else {
      respond(ctx, 500, { error: 'internal error' });
      ctx.app.emit('error', err, ctx);
    }
  }
}

function withField(error: string, field: string | undefined): ErrorBody {
  return field === undefined ? { error } : { error, field };
}

function respond(ctx: Context, status: number, body: ErrorBody): void {
  ctx.status = status;
  ctx.body = body;
}
