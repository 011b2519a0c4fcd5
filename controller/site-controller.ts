/**
 * ControllerApi (contract F) over an OpenFlow server: one Router per datapath id, created when
 * that switch first connects and kept across reconnects (its configuration survives; the
 * flows are reconciled on every connect).
 */
import type { ControllerApi, RouterApi } from './api.js';
import type { Datapath, OpenFlowServer } from './deps/openflow.js';
import { formatDpid } from './deps/openflow.js';
import { Router, type RouterLogger, type RouterOptions } from './router/router.js';
import type { OpenFlowIni } from './config/index.js';

/** Options of the site controller. */
export interface SiteControllerOptions extends Omit<RouterOptions, 'dpid' | 'logger'> {
  readonly logger: RouterLogger & { child?(bindings: object): RouterLogger };
  /** Applied to every new router (OpenFlow.ini: POST bgp + the uplink). */
  readonly initial?: OpenFlowIni;
}

/** The routers of one site process. */
export class SiteController implements ControllerApi {
  private readonly routers = new Map<bigint, Router>();

  constructor(
    server: OpenFlowServer,
    private readonly options: SiteControllerOptions,
  ) {
    server.on('connect', (dp) => void this.connected(dp));
    server.on('disconnect', (dp) => this.routers.get(dp.dpid)?.detach(dp));
  }

  private async connected(dp: Datapath): Promise<void> {
    let router = this.routers.get(dp.dpid);
    if (!router) {
      const logger = this.options.logger.child?.({ dpid: formatDpid(dp.dpid) }) ?? this.options.logger;
      router = new Router({ ...this.options, dpid: dp.dpid, logger });
      this.routers.set(dp.dpid, router);
      const initial = this.options.initial;
      if (initial) {
        try {
          await router.configureBgp(initial.bgp);
          await router.addInterface(initial.interface);
        } catch (err) {
          logger.error({ err: (err as Error).message }, 'OpenFlow.ini could not be applied');
        }
      }
    }
    await router.attach(dp);
  }

  datapaths(): bigint[] {
    return [...this.routers].filter(([, r]) => r.connected).map(([dpid]) => dpid);
  }

  router(dpid: bigint): RouterApi | undefined {
    const r = this.routers.get(dpid);
    return r?.connected ? r : undefined;
  }

  /** The concrete router (tests, benchmarks), connected or not. */
  routerOf(dpid: bigint): Router | undefined {
    return this.routers.get(dpid);
  }

  /** Stops every router's BGP speaker (Cease to each peer). */
  async stop(): Promise<void> {
    await Promise.all([...this.routers.values()].map((r) => r.stop()));
  }
}
