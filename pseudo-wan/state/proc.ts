/** Process identity from /proc: a pid plus its start time names one process for good. */
import { readFile } from 'node:fs/promises';

/**
 * Field 22 of /proc/PID/stat (start time in clock ticks since boot), or undefined if the
 * process is gone — or a zombie: a detached process whose parent (the CLI) exited may wait
 * unreaped under an init that does not reap, and is as good as gone.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether a pid names a live (not zombie) process. */
export async function isRunning(pid: number): Promise<boolean> {
  return (await processStartTime(pid)) !== undefined;
}

/** Whether `pid` is still the very process that was recorded (same start time). */
export async function isSameProcess(pid: number, startTime: string | undefined): Promise<boolean> {
  const now = await processStartTime(pid);
  if (now === undefined) return false;
  return startTime === undefined || now === startTime;
}
