/**
 * Where a host lives. Both runtimes end with a NAMED network namespace for every host (a
 * container's is attached by its pid with `ip netns attach`), so links and addresses are
 * made the same way for both; they differ in what holds the namespace and how `exec` enters.
 */
import type { StateFile } from '../state/state-file.js';

/** A host to create: its namespace (and container) name and its own name. */
export interface HostHolder {
  readonly netns: string;
  readonly name: string;
}

/** A place for hosts: plain namespaces or containers. */
export interface HostRuntime {
  readonly name: 'netns' | 'docker';
  /** Checks the runtime can work (engine reachable, image present or built); throws a CliError. */
  prepare(): Promise<void>;
  /** Creates each host's holder and a named netns for it; records them in `state` first. */
  createHosts(hosts: readonly HostHolder[], state: StateFile, concurrency: number): Promise<void>;
  /** The command line that runs `cmd` inside the host (`ip netns exec` / `docker exec`). */
  execCommand(netns: string, cmd: readonly string[]): [string, string[]];
}
