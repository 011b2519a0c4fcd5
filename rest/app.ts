/**
 * The REST API of design §2.4 on koa + @koa/router, under `/openflow/{dpid}/` with the
 * original's paths and JSON shapes. Every write body is parsed safely (body.ts) and validated
 * completely (bodies.ts) before the controller is called, so a rejected request changes nothing.
 * Errors reach the wire in one place (http-error.ts).
 */
import Router, { type RouterContext } from '@koa/router';
import Koa from 'koa';
import type { z } from 'zod';
import { firstProblem, type ControllerApi, type RouterApi } from '../controller/index.js';
import { readBody } from './body.js';
import {
  bgpBody,
  bmpBody,
  gatewayBody,
  interfaceBody,
  neighborBody,
  pingBody,
  redistributeBody,
  routeAddBody,
  routeDeleteBody,
  vrfAddBody,
  vrfDeleteBody,
} from './bodies.js';
import { envelope, formatDpid, parseDpid } from './envelope.js';
import { HttpError, errorResponses } from './http-error.js';

/** Options of the REST app. */
export interface RestAppOptions {
  /** Clock for the `time` field (tests pin it). */
  readonly now?: () => Date;
}

interface State {
  dpid: bigint;
  router: RouterApi;
}
type Ctx = RouterContext<State>;

/** Builds the koa app serving `api`. */
export function createRestApp(api: ControllerApi, options: RestAppOptions = {}): Koa {
  const now = options.now ?? (() => new Date());
  const app = new Koa();
  const router = new Router<State>({ prefix: '/openflow/:dpid' });

  // Resolve the datapath before anything else: unknown dpid → 404 whatever the body.
  router.use(async (ctx, next) => {
    const dpid = parseDpid(ctx.params.dpid ?? '');
    const found = api.router(dpid);
    if (!found) throw new HttpError(404, `unknown datapath ${formatDpid(dpid)}`);
    ctx.state.dpid = dpid;
    ctx.state.router = found;
    await next();
  });

  const view = (path: string, key: string, read: (r: RouterApi) => unknown) =>
    router.get(path, async (ctx: Ctx) => {
      ctx.body = envelope(ctx.state.dpid, key, await read(ctx.state.router), now());
    });

  view('/interface', 'interface', (r) => r.interfaces());
  view('/arp', 'arp', (r) => r.arp());
  view('/route', 'route', (r) => r.routes());
  view('/mpls', 'mpls', (r) => r.mpls());
  view('/vrf', 'vrfs', (r) => r.vrfs());
  view('/rib', 'rib', (r) => r.rib());
  view('/status/peer', 'status', (r) => r.peerStatus());
  view('/stats/port', 'stats', (r) => r.portStats());
  view('/stats/flow', 'stats', (r) => r.flowStats());
  view('/neighbor', 'neighbor', (r) => r.neighbors());

  /**
   * A write: validate the whole body, call the controller, echo the request object (or the
   * controller's answer) under `key`.
   */
  function write<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
    method: 'post' | 'put' | 'delete',
    path: string,
    key: string,
    schema: S,
    call: (r: RouterApi, value: z.output<S>) => Promise<unknown>,
  ): void {
    router[method](path, async (ctx: Ctx) => {
      const body = await readBody(ctx);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const problem = firstProblem(parsed.error);
        throw new HttpError(400, problem.message, problem.field || key);
      }
      const answer = await call(ctx.state.router, parsed.data);
      const echo = (body as Record<string, unknown>)[key];
      ctx.body = envelope(ctx.state.dpid, key, answer === undefined ? echo : answer, now());
    });
  }

  write('post', '/bgp', 'bgp', bgpBody, async (r, v) => void (await r.configureBgp(v.bgp)));
  write('post', '/interface', 'interface', interfaceBody, async (r, v) => void (await r.addInterface(v.interface)));
  write('post', '/vrf', 'vrf', vrfAddBody, async (r, v) => void (await r.addVrf(v.vrf)));
  write('delete', '/vrf', 'vrf', vrfDeleteBody, async (r, v) => void (await r.deleteVrf(v.vrf)));
  write('post', '/route', 'route', routeAddBody, async (r, v) => void (await r.addRoute(v.route)));
  write('delete', '/route', 'route', routeDeleteBody, async (r, v) => void (await r.deleteRoute(v.route)));
  write('post', '/gateway', 'gateway', gatewayBody, async (r, v) => void (await r.setGateway(v.gateway)));
  write('post', '/redistribute', 'bgp', redistributeBody, async (r, v) => void (await r.setRedistribute(v.bgp)));
  write('put', '/ping', 'ping', pingBody, (r, v) => r.ping(v.ping));
  write('put', '/neighbor', 'neighbor', neighborBody, async (r, v) => {
    await r.setNeighborMed(v.neighbor.peerIp, v.neighbor.med);
  });
  write('post', '/bmp', 'bmp', bmpBody, async (r, v) => void (await r.addBmp(v.bmp)));
  write('delete', '/bmp', 'bmp', bmpBody, async (r, v) => void (await r.deleteBmp(v.bmp)));

  app.use(errorResponses);
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return app;
}
