/**
 * Turns a failed schema parse into the one field to blame and a sentence a user can act on:
 * the shape of a 400 body (`{"error", "field"}`) and of an OpenFlow.ini error.
 */
import type { z } from 'zod';
import { MISSING } from './fields.js';

/** The first problem of a rejected input. */
export interface FieldProblem {
  /** Dotted path of the offending field (`bgp.as_number`); for an unknown key, that key's path. */
  readonly field: string;
  /** What is wrong, for a human. */
  readonly message: string;
  /** The last path segment (the key as written), when there is one. */
  readonly key?: string;
}

/** The first issue of `error`, with `prefix` (e.g. `bgp`) prepended to its path. */
export function firstProblem(error: z.ZodError, prefix: readonly string[] = []): FieldProblem {
  const issue = error.issues[0];
  if (!issue) return { field: prefix.join('.'), message: 'invalid input' };
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    return { field: [...path, key].join('.'), message: `unknown field "${key}"`, key };
  }
  const key = path.length > prefix.length ? path[path.length - 1] : undefined;
  const message = issue.message === MISSING ? `missing field "${key ?? path.join('.')}"` : issue.message;
  return { field: path.join('.'), message, key };
}
