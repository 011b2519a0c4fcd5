/**
 * The site process (contract G): one PE router per connected switch, its BGP speaker, and the
 * REST API, in one event loop. Logs one JSON line per event (pino) on stdout.
 *
 *   node dist/controller/main.js [--config OpenFlow.ini] [--rest HOST:PORT] [--rest-socket PATH]
 *     [--openflow tcp:HOST:PORT|unix:PATH] [--label-mode per-ce|per-prefix|per-vrf] [--log-level info]
 *     [--bgp-listen HOST:PORT|off] [--bgp-peer-port PORT]
 *
 * BGP runs on the host stack of the offload interface (design §3), so the CLI starts this
 * process inside the site's namespace (`ip netns exec SITE node ...`).
 * SIGTERM/SIGINT: Cease to every BGP peer, switch connections and listeners closed, exit 0.
 */
import { createServer, type Server } from 'node:http';
import { unlink } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { createRestApp } from '../rest/app.js';
import { readOpenFlowIni, type OpenFlowIni } from './config/index.js';
import { OpenFlowServer } from './deps/openflow.js';
import type { LabelMode } from './deps/bgp.js';
import { SiteController } from './site-controller.js';

interface Options {
  config?: string;
  rest?: { host: string; port: number };
  restSocket?: string;
  openflow: { tcp?: { host: string; port: number }; unix?: string };
  labelMode: LabelMode;
  logLevel: string;
  bgpListen: { host: string; port: number } | false;
  bgpPeerPort?: number;
}

function hostPort(text: string): { host: string; port: number } {
  const i = text.lastIndexOf(':');
  const port = Number(text.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`expected HOST:PORT, got ${text}`);
  return { host: text.slice(0, i), port };
}

function parseArgs(argv: string[]): Options {
  const program = new Command()
    .name('pseudo-wan-site')
    .description('pseudo-wan PE router: OpenFlow 1.3 + MP-BGP VPNv4 + REST')
    .option('--config <file>', 'OpenFlow.ini ([Bgp] and the uplink [Port]) applied when the switch connects')
    .option('--rest <host:port>', 'REST API on TCP', hostPort)
    .option('--rest-socket <path>', 'REST API on a unix socket')
    .option('--openflow <target>', 'OpenFlow listener: tcp:HOST:PORT or unix:PATH', 'tcp:127.0.0.1:6633')
    .option('--label-mode <mode>', 'per-ce | per-prefix | per-vrf', 'per-ce')
    .option('--log-level <level>', 'pino log level', 'info')
    .option('--bgp-listen <host:port|off>', 'where the BGP speaker accepts connections', '0.0.0.0:179')
    .option('--bgp-peer-port <port>', 'TCP port of BGP peers (default 179)', (v) => Number(v))
    .parse(argv);
  const o = program.opts();
  const of = String(o.openflow);
  let openflow: Options['openflow'];
  if (of.startsWith('tcp:')) openflow = { tcp: hostPort(of.slice(4)) };
  else if (of.startsWith('unix:')) openflow = { unix: of.slice(5) };
  else throw new InvalidArgumentError(`--openflow must be tcp:HOST:PORT or unix:PATH, got ${of}`);
  const mode = String(o.labelMode);
  if (mode !== 'per-ce' && mode !== 'per-prefix' && mode !== 'per-vrf') throw new InvalidArgumentError(`--label-mode ${mode}`);
  return {
    config: o.config,
    rest: o.rest,
    restSocket: o.restSocket,
    openflow,
    labelMode: mode,
    logLevel: String(o.logLevel),
    bgpListen: o.bgpListen === 'off' ? false : hostPort(String(o.bgpListen)),
    bgpPeerPort: o.bgpPeerPort,
  };
}

function listen(server: Server, where: { host: string; port: number } | string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (typeof where === 'string') server.listen(where, done);
    else server.listen(where.port, where.host, done);
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv);
  const logger = pino({ level: options.logLevel, base: { pid: process.pid } });
  let initial: OpenFlowIni | undefined;
  if (options.config) initial = await readOpenFlowIni(options.config);

  const ofServer = new OpenFlowServer({ ...options.openflow, logger: logger.child({ part: 'openflow' }) });
  const controller = new SiteController(ofServer, {
    logger,
    initial,
    labelMode: options.labelMode,
    bgpListen: options.bgpListen,
    bgpPeerPort: options.bgpPeerPort,
  });
  await ofServer.listen();

  const app = createRestApp(controller);
  const servers: Server[] = [];
  if (options.rest) {
    const s = createServer(app.callback());
    await listen(s, options.rest);
    servers.push(s);
    logger.info({ rest: `${options.rest.host}:${options.rest.port}` }, 'REST listening');
  }
  if (options.restSocket) {
    await unlink(options.restSocket).catch(() => undefined);
    const s = createServer(app.callback());
    await listen(s, options.restSocket);
    servers.push(s);
    logger.info({ restSocket: options.restSocket }, 'REST listening');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const s of servers) {
      s.closeAllConnections?.();
      s.close();
    }
    await controller.stop().catch((err: Error) => logger.error({ err: err.message }, 'BGP stop failed'));
    await ofServer.close();
    if (options.restSocket) await unlink(options.restSocket).catch(() => undefined);
    logger.info({}, 'stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`pseudo-wan site: ${err.message}\n`);
  process.exit(1);
});
