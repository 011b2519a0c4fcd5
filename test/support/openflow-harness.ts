/**
 * Helpers for tests that run our OpenFlowServer against a real ovs-vswitchd: start the
 * server on the env's unix socket, wait for events with a deadline (a missing event fails
 * the test with a message instead of hanging it), collect log lines.
 */
import type { EventEmitter } from 'node:events';
import { OpenFlowServer, type Datapath, type OfLogger, type OpenFlowServerOptions } from '../../openflow/index.js';
import type { OfTestEnv } from './openflow-env.js';

/** A logger that keeps every line, for assertions on what was logged. */
export class MemoryLogger implements OfLogger {
  readonly lines: { level: string; obj: object; msg: string }[] = [];
  debug(obj: object, msg: string): void {
    this.lines.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg: string): void {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string): void {
    this.lines.push({ level: 'error', obj, msg });
  }
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs`. */
export function nextEvent<A extends unknown[]>(emitter: EventEmitter, event: string, timeoutMs = 15_000): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, handler);
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as A);
    };
    emitter.once(event, handler);
  });
}

/** Resolves with the first `event` whose arguments satisfy `pred`, or rejects after `timeoutMs`. */
export function eventMatching<A extends unknown[]>(emitter: EventEmitter, event: string, pred: (...args: A) => boolean, timeoutMs = 15_000): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, handler);
      reject(new Error(`no matching '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args: unknown[]) => {
      if (!pred(...(args as A))) return;
      clearTimeout(timer);
      emitter.off(event, handler);
      resolve(args as A);
    };
    emitter.on(event, handler);
  });
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Starts an OpenFlowServer on the env's unix socket. */
export async function startServer(env: OfTestEnv, options: Partial<OpenFlowServerOptions> = {}): Promise<OpenFlowServer> {
  const server = new OpenFlowServer({ unix: env.socketPath, ...options });
  await server.listen();
  return server;
}

/**
 * Starts a server, adds bridge br0 (dpid 1) pointing at it and waits for the switch to
 * connect. OVS backs off between connection attempts, so the server goes up first.
 */
export async function connectBridge(env: OfTestEnv, options: Partial<OpenFlowServerOptions> = {}): Promise<{ server: OpenFlowServer; dp: Datapath }> {
  const server = await startServer(env, options);
  const connected = nextEvent<[Datapath]>(server, 'connect');
  await env.addBridge();
  const [dp] = await connected;
  return { server, dp };
}
