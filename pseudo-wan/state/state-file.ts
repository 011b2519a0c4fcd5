/**
 * What a WAN is made of, written down BEFORE each thing is created, so that `stop` can
 * remove everything even after a crash or a half-finished `start`. One JSON file per WAN
 * prefix under /run/pseudo-wan (tmpfs: a reboot, which removes namespaces and processes
 * too, also removes the file).
 */
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Topology } from '../topology/model.js';

/** One thing `stop` must undo. */
export type Resource =
  | { readonly kind: 'netns'; readonly name: string }
  | { readonly kind: 'ovs'; readonly dir: string; readonly netns: string }
  | {
      readonly kind: 'process';
      readonly role: 'controller' | 'publisher';
      readonly site: string;
      readonly pid: number;
      /** /proc/PID/stat start time, so a pid reused after a crash is never signalled. */
      readonly startTime: string | undefined;
    }
  | { readonly kind: 'container'; readonly name: string }
  /** An interface of the machine moved into a site namespace (`--uplink`): moved back on stop. */
  | { readonly kind: 'moved-link'; readonly name: string; readonly netns: string };

/** Which runtime holds the hosts. */
export type RuntimeName = 'netns' | 'docker';

/** The whole state of one WAN. */
export interface WanState {
  readonly version: 1;
  readonly prefix: string;
  readonly runtime: RuntimeName;
  /** Run directory of this WAN (OVS dirs, sockets, logs). */
  readonly dir: string;
  readonly startedAt: string;
  /** `starting` until `start` has seen the WAN work. */
  phase: 'starting' | 'ready';
  readonly topology: Topology;
  /** DOCKER_HOST used for the containers (docker runtime), so stop talks to the same engine. */
  readonly dockerHost?: string;
  readonly externalUplink?: string;
  readonly resources: Resource[];
}

/** Base directory of all WANs' state; PSEUDO_WAN_STATE_DIR overrides it (unit tests). */
export function stateBaseDir(): string {
  return process.env.PSEUDO_WAN_STATE_DIR ?? '/run/pseudo-wan';
}

/** Run directory of the WAN with this prefix. */
export function wanDir(prefix: string): string {
  return join(stateBaseDir(), prefix);
}

/** Path of the state file of the WAN with this prefix. */
export function statePath(prefix: string): string {
  return join(wanDir(prefix), 'state.json');
}

/** A state file already exists: a WAN from an earlier run is (at least partly) still there. */
export class WanExistsError extends Error {
  constructor(readonly path: string) {
    super(`a WAN from an earlier run is still up (state file ${path}); run \`pseudo-wan stop\` first`);
    this.name = 'WanExistsError';
  }
}

/**
 * The state file of one WAN, written atomically (temp file + rename) after every change;
 * writes are serialised so concurrent builders never lose each other's records.
 */
export class StateFile {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly state: WanState,
  ) {}

  /** Creates the state file; throws {@link WanExistsError} if one exists (never overwrites). */
  static async create(initial: Omit<WanState, 'resources' | 'version' | 'phase'>): Promise<StateFile> {
    const path = statePath(initial.prefix);
    await mkdir(initial.dir, { recursive: true });
    const state: WanState = { version: 1, phase: 'starting', resources: [], ...initial };
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(state, null, 1));
      await handle.close();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new WanExistsError(path);
      throw err;
    }
    return new StateFile(path, state);
  }

  /** Loads the state of the WAN with this prefix, or undefined when there is none. */
  static async load(prefix: string): Promise<StateFile | undefined> {
    const path = statePath(prefix);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const state = JSON.parse(text) as WanState;
    if (state.version !== 1 || !Array.isArray(state.resources)) throw new Error(`${path}: not a pseudo-wan state file`);
    return new StateFile(path, state);
  }

  /** Records resources (call BEFORE creating them) and persists. */
  record(...resources: Resource[]): Promise<void> {
    this.state.resources.push(...resources);
    return this.save();
  }

  /** Marks the WAN ready. */
  markReady(): Promise<void> {
    this.state.phase = 'ready';
    return this.save();
  }

  /** Deletes the state file and the (then empty) run directory, after everything it lists is gone. */
  async remove(): Promise<void> {
    await this.queue;
    await rm(this.path, { force: true });
    await rm(this.state.dir, { recursive: true, force: true });
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.state, null, 1);
    const tmp = `${this.path}.tmp`;
    this.queue = this.queue.then(async () => {
      await writeFile(tmp, snapshot);
      await rename(tmp, this.path);
    });
    return this.queue;
  }
}
