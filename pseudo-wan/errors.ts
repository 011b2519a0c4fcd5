/**
 * Errors the CLI reports to the user: one line saying what is wrong and, where there is
 * one, a line saying what to do. `cli.ts` is the one place they become output and an exit code.
 */

/** What kind of failure, which fixes the exit code. */
export type CliErrorKind = 'usage' | 'precondition' | 'config' | 'failed';

const EXIT_CODES: Record<CliErrorKind, number> = { usage: 2, config: 3, precondition: 4, failed: 1 };

/** A failure to report plainly (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly kind: CliErrorKind = 'failed',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** Process exit code for this kind of failure. */
  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}
