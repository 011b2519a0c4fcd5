/**
 * The one place this project runs external commands (ip, ovs-vsctl, ovs-ofctl, ethtool ...).
 * Every call can be placed inside a network namespace, and a failure becomes a
 * CommandError that carries the command line and the tool's own stderr, so that the
 * user reads what `ip` or `ovs-vsctl` said rather than a stack trace.
 */
import { execa } from 'execa';

/** Where and how to run a command. */
export interface RunOptions {
  /** Network namespace to run in (`ip netns exec NS ...`); the root namespace when absent. */
  readonly netns?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Text fed to the command's stdin. */
  readonly input?: string;
  /** Kill the command after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** A command exited non-zero, could not start, or timed out. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`${command}: ${stderr.trim() || `exit code ${exitCode ?? 'unknown'}`}`);
    this.name = 'CommandError';
  }
}

/** Runs `file args...` (inside `options.netns` if given) and resolves to its trimmed stdout. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const [cmd, argv] = options.netns ? ['ip', ['netns', 'exec', options.netns, file, ...args]] : [file, [...args]];
  const result = await execa(cmd, argv, {
    reject: false,
    env: options.env ? { ...process.env, ...options.env } : undefined,
    input: options.input,
    timeout: options.timeoutMs,
    stdin: options.input === undefined ? 'ignore' : undefined,
  });
  if (result.failed) {
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    throw new CommandError([cmd, ...argv].join(' '), result.exitCode, stderr || result.shortMessage || "");
  }
  return typeof result.stdout === 'string' ? result.stdout.trim() : '';
}

/** Like {@link run} but resolves to false instead of throwing when the command fails. */
export async function succeeds(file: string, args: readonly string[], options: RunOptions = {}): Promise<boolean> {
  try {
    await run(file, args, options);
    return true;
  } catch (err) {
    if (err instanceof CommandError) return false;
    throw err;
  }
}
