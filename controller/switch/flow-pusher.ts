/**
 * The one module that sends flows. It drains the FlowStore (deletes before adds, only what
 * changed), sends the batch closed by a barrier — or as one atomic bundle when the change is
 * large, as `ovs-ofctl --bundle` does (design §3: ~6× faster on OVS 3.1) — and loops while new
 * changes arrived during the send. Changes made in one event-loop turn go out together.
 * On (re)connect it reads what the switch holds (FLOW multipart), deletes flows that are not
 * ours, and lets the store compute the difference.
 */
import type { FlowMessageSink } from './switch-port.js';
import { FlowStore } from '../pipeline/flow-store.js';
import { addFlowMod, deleteByCookieFlowMod, deleteStrictFlowMod, fromFlowStats } from './of-adapter.js';
import { decodeCookie } from '../pipeline/cookie.js';
import type { FlowSpec } from '../pipeline/flow-spec.js';
import { flowStatsRequest } from '../deps/openflow.js';

/** Something that logs like pino. */
export interface PushLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of the pusher. */
export interface FlowPusherOptions {
  /** A change of at least this many flow-mods goes as one bundle (default 256). */
  readonly bundleThreshold?: number;
  readonly logger?: PushLogger;
}

/** Sends a FlowStore's changes to one switch. */
export class FlowPusher {
  private sink: FlowMessageSink | undefined;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];
  private readonly bundleThreshold: number;
  /** Counters for logs and benchmarks. */
  readonly stats = { batches: 0, adds: 0, deletes: 0, errors: 0, reconciles: 0 };

  constructor(
    private readonly store: FlowStore,
    private readonly options: FlowPusherOptions = {},
  ) {
    this.bundleThreshold = options.bundleThreshold ?? 256;
  }

  /** Whether a switch is attached. */
  get attached(): boolean {
    return this.sink !== undefined;
  }

  /** A switch (re)connected: reconcile with what it holds, then keep it in sync. */
  async attach(sink: FlowMessageSink): Promise<void> {
    this.sink = sink;
    await this.reconcile();
  }

  /** The switch went away: stop sending; the next attach reconciles. */
  detach(sink?: FlowMessageSink): void {
    if (sink === undefined || sink === this.sink) this.sink = undefined;
  }

  /** Asks for a send at the end of this event-loop turn (coalescing the turn's changes). */
  schedule(): void {
    if (this.scheduled || !this.sink) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.kick();
    });
  }

  /** Resolves once nothing is pending and nothing is in flight (tests, benchmarks). */
  idle(): Promise<void> {
    if (!this.sink || (this.store.pending === 0 && !this.running && !this.scheduled)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Reads the switch's flows and fixes every difference. */
  async reconcile(): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    await this.running;
    const reply = await sink.request(flowStatsRequest(0));
    const ours: FlowSpec[] = [];
    const foreignCookies = new Set<bigint>();
    if (reply.body.kind === 'flow') {
      for (const s of reply.body.flows) {
        const spec = decodeCookie(s.cookie) ? fromFlowStats(s) : undefined;
        if (spec) ours.push(spec);
        else foreignCookies.add(s.cookie);
      }
    }
    if (foreignCookies.size > 0) {
      await sink.sendFlowMods([...foreignCookies].map(deleteByCookieFlowMod), {});
    }
    this.stats.reconciles++;
    this.store.reconcile(ours);
    this.options.logger?.info({ held: ours.length, foreignCookies: foreignCookies.size }, 'reconciling flows with the switch');
    this.kick();
    await this.idle();
  }

  private kick(): void {
    if (this.running || !this.sink) return this.notifyIdle();
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.store.pending > 0 && this.sink) this.kick();
      else this.notifyIdle();
    });
  }

  private notifyIdle(): void {
    if (this.running || this.scheduled || (this.sink && this.store.pending > 0)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async loop(): Promise<void> {
    while (this.sink && this.store.pending > 0) {
      const sink = this.sink;
      const { deletes, adds } = this.store.drain();
      const mods = [...deletes.map(deleteStrictFlowMod), ...adds.map(addFlowMod)];
      if (mods.length === 0) continue;
      const bundle = mods.length >= this.bundleThreshold;
      const started = Date.now();
      try {
        await sink.sendFlowMods(mods, { bundle });
        this.stats.batches++;
        this.stats.adds += adds.length;
        this.stats.deletes += deletes.length;
        this.options.logger?.info({ adds: adds.length, deletes: deletes.length, bundle, ms: Date.now() - started }, 'flows pushed');
      } catch (err) {
        this.stats.errors++;
        this.options.logger?.error({ err: (err as Error).message, adds: adds.length, deletes: deletes.length }, 'flow push failed');
        if (this.sink !== sink) return;
        // What the switch holds is now uncertain: read it back once and resend the difference.
        // A flow the switch refuses again is logged and left (no retry loop).
        try {
          const reply = await sink.request(flowStatsRequest(0));
          if (reply.body.kind === 'flow') {
            const ours = reply.body.flows.filter((s) => decodeCookie(s.cookie)).map(fromFlowStats).filter((s): s is FlowSpec => !!s);
            this.store.reconcile(ours);
            const retry = this.store.drain();
            const again = [...retry.deletes.map(deleteStrictFlowMod), ...retry.adds.map(addFlowMod)];
            await sink.sendFlowMods(again, { bundle: false }).catch((e: Error) => {
              this.options.logger?.error({ err: e.message }, 'flow push failed again; leaving it');
            });
          }
        } catch (e) {
          this.options.logger?.warn({ err: (e as Error).message }, 'could not read flows back');
          return;
        }
      }
    }
  }
}
