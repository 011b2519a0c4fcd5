/** The default runtime: every host is a bare network namespace (needs root, no Docker). */
import { createNetns } from '../system/index.js';
import type { StateFile } from '../state/state-file.js';
import type { HostRuntime } from './runtime.js';

/** Hosts as plain named network namespaces. */
export class NetnsRuntime implements HostRuntime {
  readonly name = 'netns' as const;

  async prepare(): Promise<void> {}

  async createHost(netns: string, _hostName: string, state: StateFile): Promise<void> {
    await state.record({ kind: 'netns', name: netns });
    await createNetns(netns);
  }

  execCommand(netns: string, cmd: readonly string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', netns, ...cmd]];
  }
}
