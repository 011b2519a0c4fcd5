/** The default runtime: every host is a bare network namespace (needs root, no Docker). */
import { run } from '../system/index.js';
import type { StateFile } from '../state/state-file.js';
import type { HostHolder, HostRuntime } from './runtime.js';

/** Hosts as plain named network namespaces. */
export class NetnsRuntime implements HostRuntime {
  readonly name = 'netns' as const;

  async prepare(): Promise<void> {}

  /** All of a site's namespaces in one `ip -batch` (one process instead of one per host). */
  async createHosts(hosts: readonly HostHolder[], state: StateFile): Promise<void> {
    if (hosts.length === 0) return;
    await state.record(...hosts.map((h) => ({ kind: 'netns' as const, name: h.netns })));
    await run('ip', ['-batch', '-'], { input: hosts.map((h) => `netns add ${h.netns}\n`).join('') });
  }

  execCommand(netns: string, cmd: readonly string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', netns, ...cmd]];
  }
}
