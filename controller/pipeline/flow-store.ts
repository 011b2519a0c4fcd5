/**
 * Desired flows versus installed flows, and the diff between them.
 *
 * The router states its wishes per *owner* (one route, one label, the classifier ...):
 * `set(owner, flows)` replaces what that owner wants. Changed flow identities are marked dirty;
 * `drain()` turns them into the minimal change: strict deletes (repeating the exact priority and
 * match the flow was added with) and adds (an ADD over an existing identical match+priority
 * replaces its instructions and cookie, OpenFlow 1.3 §6.4). Deletes come first, so a switch
 * never holds two contradicting versions. After a reconnect `reconcile(switchFlows)` replaces
 * what we believe is installed with what the switch says, and the next drain fixes the rest.
 */
import { checkFlow } from './tables.js';
import { flowKey, instructionsKey, type FlowSpec } from './flow-spec.js';

/** The change to send: deletes first, then adds. */
export interface FlowChanges {
  readonly deletes: FlowSpec[];
  readonly adds: FlowSpec[];
}

interface Desired {
  readonly spec: FlowSpec;
  readonly owner: string;
}

// Instruction texts are only needed when a flow is replaced (desired and installed both
// exist), so they are computed lazily: a fresh announcement of 100k routes builds none.
const textCache = new WeakMap<FlowSpec, string>();
function textOf(spec: FlowSpec): string {
  let t = textCache.get(spec);
  if (t === undefined) textCache.set(spec, (t = instructionsKey(spec)));
  return t;
}

/** Desired and installed flow sets of one switch. */
export class FlowStore {
  private readonly byOwner = new Map<string, string | string[]>();
  private readonly desired = new Map<string, Desired>();
  private installed = new Map<string, FlowSpec>();
  private dirty = new Set<string>();

  /** Replaces the flows `owner` wants (an empty list removes them). Throws if a flow does not fit its table. */
  set(owner: string, flows: readonly FlowSpec[]): void {
    for (const f of flows) checkFlow(f);
    const old = this.byOwner.get(owner);
    if (old !== undefined) {
      // Most owners hold one flow: its key is stored bare, not in an array (100k routes).
      if (typeof old === 'string') this.release(old, owner);
      else for (const key of old) this.release(key, owner);
    }
    if (flows.length === 0) {
      this.byOwner.delete(owner);
      return;
    }
    if (flows.length === 1) {
      this.byOwner.set(owner, this.claim(flows[0]!, owner));
      return;
    }
    this.byOwner.set(owner, flows.map((f) => this.claim(f, owner)));
  }

  private release(key: string, owner: string): void {
    if (this.desired.get(key)?.owner === owner) {
      this.desired.delete(key);
      this.dirty.add(key);
    }
  }

  private claim(spec: FlowSpec, owner: string): string {
    const key = flowKey(spec);
    const existing = this.desired.get(key);
    if (existing && existing.owner !== owner) throw new Error(`flow ${key} wanted by both ${existing.owner} and ${owner}`);
    this.desired.set(key, { spec, owner });
    this.dirty.add(key);
    return key;
  }

  /** Whether an owner currently wants flows. */
  has(owner: string): boolean {
    return this.byOwner.has(owner);
  }

  /** Owners whose name starts with `prefix`. */
  ownersWithPrefix(prefix: string): string[] {
    return [...this.byOwner.keys()].filter((o) => o.startsWith(prefix));
  }

  /** Number of changes waiting for `drain`. */
  get pending(): number {
    return this.dirty.size;
  }

  /**
   * The minimal change from installed to desired. The store then assumes it was applied; if
   * sending fails, call `reconcile` with what the switch really holds.
   */
  drain(): FlowChanges {
    const deletes: FlowSpec[] = [];
    const adds: FlowSpec[] = [];
    for (const key of this.dirty) {
      const want = this.desired.get(key);
      const have = this.installed.get(key);
      if (want) {
        if (!have || (have !== want.spec && textOf(have) !== textOf(want.spec))) {
          adds.push(want.spec);
          this.installed.set(key, want.spec);
        }
      } else if (have) {
        deletes.push(have);
        this.installed.delete(key);
      }
    }
    this.dirty = new Set();
    return { deletes, adds };
  }

  /** Replaces the installed view with the switch's actual flows and marks every difference dirty. */
  reconcile(switchFlows: readonly FlowSpec[]): void {
    this.installed = new Map();
    for (const spec of switchFlows) this.installed.set(flowKey(spec), spec);
    this.dirty = new Set([...this.installed.keys(), ...this.desired.keys()]);
  }

  /** Every desired flow (tests, GET stats). */
  desiredFlows(): FlowSpec[] {
    return [...this.desired.values()].map((d) => d.spec);
  }

  /** Every flow believed installed. */
  installedFlows(): FlowSpec[] {
    return [...this.installed.values()];
  }
}
