/**
 * Running the BUILT CLI (`node dist/pseudo-wan/cli.js`, as the user runs it) under a prefix
 * of its own, so tests never touch a user's WAN (`pw`), and listing what a WAN left behind.
 */
import { execa, type Options } from 'execa';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The compiled CLI (.ci/run builds before testing). */
export const CLI = join(ROOT, 'dist/pseudo-wan/cli.js');

/** A prefix unique to this test process (≤ 8 chars, starts with a letter). */
export function testPrefix(tag: string): string {
  return `${tag}${(process.pid % 100000).toString(36)}`.slice(0, 8);
}

/** Result of one CLI run. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `PSEUDO_WAN_PREFIX=prefix`; never throws on a non-zero exit. */
export async function cli(prefix: string, args: readonly string[], options: Options & { env?: Record<string, string> } = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [CLI, ...args], {
    reject: false,
    timeout: 600_000,
    stdin: 'ignore',
    ...options,
    env: { ...options.env, PSEUDO_WAN_PREFIX: prefix },
    extendEnv: options.extendEnv ?? true,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Named network namespaces whose name starts with `${prefix}-`. */
export async function namespacesOf(prefix: string): Promise<string[]> {
  const all = await readdir('/run/netns').catch(() => [] as string[]);
  return all.filter((n) => n.startsWith(`${prefix}-`));
}

/** Processes whose command line mentions `needle` (e.g. the WAN's run dir), as "pid cmdline". */
export async function processesMentioning(needle: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      if (cmdline.includes(needle)) out.push(`${entry} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Veth interfaces of the root namespace (a leak would show here: every WAN veth lives in namespaces). */
export async function rootVeths(): Promise<string[]> {
  const out = await execa('ip', ['-o', 'link', 'show', 'type', 'veth'], { reject: false });
  return String(out.stdout ?? '').split('\n').filter(Boolean).map((l) => l.split(':')[1]?.trim() ?? l);
}
