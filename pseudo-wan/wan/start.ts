/**
 * `pseudo-wan start`: builds the sites (namespace, OVS, controller), the hosts, the WAN
 * link, publishes REST, configures each site through REST, and returns only once BGP is up,
 * the routes are in, and a ping crosses the WAN. Anything made is first written to the
 * state file; a failure removes it all again (unless asked to keep it for a post-mortem).
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import type { Progress } from '../progress.js';
import type { HostRuntime } from '../runtime/runtime.js';
import { StateFile, WanExistsError, wanDir, type RuntimeName } from '../state/state-file.js';
import { hostNetns, type SiteSpec, type Topology } from '../topology/model.js';
import { mapLimit, settleAll } from './concurrency.js';
import { configureSite } from './configure.js';
import { configureHost, createHostVeths, finishSitePorts } from './host-links.js';
import { checkBuilt, checkNothingUp, checkPorts, checkTools } from './preflight.js';
import { expectedRemotePrefixes, waitPeerUp, waitPing, waitRemoteFlows, waitRemoteRoutes, waitSwitchConnected, type Liveness } from './readiness.js';
import { RestClient } from './rest-client.js';
import { addSitePorts, createSite, startController, startPublisher, type SiteHandle, type Started } from './site.js';
import { teardown } from './teardown.js';
import { checkExternalUplink, createWanVeth, moveExternalUplink } from './wan-link.js';

/** What `start` was asked for. */
export interface StartOptions {
  readonly prefix: string;
  readonly runtime: HostRuntime;
  readonly topology: Topology;
  /** `--uplink IFACE` with `--peer external`: site A's port 1 is this interface, no site B. */
  readonly externalUplink?: string;
  readonly dockerHost?: string;
  /** Overall budget of each wait (switch, BGP, routes, ping). */
  readonly timeoutMs: number;
  /** Hosts built at once per site. */
  readonly hostConcurrency: number;
  /** Leave a failed start in place (for a post-mortem); `stop` removes it. */
  readonly keepOnFailure: boolean;
  readonly logLevel: string;
}

/** A pair of hosts in one VPN on two sites: what the final readiness ping uses. */
export function crossWanPair(topology: Topology): { from: string; fromSite: SiteSpec; to: string } | undefined {
  const [a, ...others] = topology.sites;
  for (const host of a?.hosts ?? []) {
    for (const site of others) {
      const peer = site.hosts.find((h) => h.vrf.exportRts.some((rt) => host.vrf.importRts.includes(rt)));
      if (peer) return { from: host.name, fromSite: a, to: peer.hostIp };
    }
  }
  return undefined;
}

async function logTail(path: string, lines = 15): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Builds and starts the WAN; resolves to its state once it works. */
export async function startWan(options: StartOptions, progress: Progress): Promise<StateFile> {
  const { prefix, topology, runtime } = options;
  if (topology.sites.length > 2) throw new CliError('a topology may hold one or two sites', 'usage');
  if (options.externalUplink && topology.sites.length !== 1) throw new CliError('--peer external builds site A only', 'usage');

  await progress.phase('checks', async () => {
    await checkTools();
    await checkBuilt();
    await checkNothingUp(prefix, topology);
    await checkPorts(topology);
    if (options.externalUplink) await checkExternalUplink(options.externalUplink);
    await runtime.prepare();
  });

  let state: StateFile;
  try {
    state = await StateFile.create({
      prefix,
      runtime: runtime.name as RuntimeName,
      dir: wanDir(prefix),
      startedAt: new Date().toISOString(),
      topology,
      ...(options.dockerHost && { dockerHost: options.dockerHost }),
      ...(options.externalUplink && { externalUplink: options.externalUplink }),
    });
  } catch (err) {
    // Another `start` of the same prefix got there between our check and now.
    if (err instanceof WanExistsError) throw new CliError(err.message, 'precondition');
    throw err;
  }
  const controllers: { site: SiteHandle; started: Started; exit?: string }[] = [];
  const watched: { site: SiteHandle; started: Started; exit?: string }[] = [];
  const alive: Liveness = () => [...controllers, ...watched].find((c) => c.exit)?.exit;
  try {
    const sites = await progress.phase(`sites ${topology.sites.map((s) => s.id).join(', ')}: namespace, OVS, controller`, () =>
      settleAll(
        topology.sites.map(async (spec) => {
          const site = await createSite(prefix, state.state.dir, spec, state);
          const started = await startController(site, state, options.logLevel);
          const entry: (typeof controllers)[number] = { site, started };
          started.child.once('exit', (code, signal) => {
            entry.exit = `the site process of site ${spec.id} exited (${signal ?? `code ${code}`}); see ${site.paths.controllerLog}`;
          });
          controllers.push(entry);
          return site;
        }),
      ),
    );

    const hostCount = topology.sites.reduce((n, s) => n + s.hosts.length, 0);
    const clients = sites.map((s) => RestClient.local(s.spec.restPort, s.spec.dpid));
    const restUrls = sites.map((s) => `127.0.0.1:${s.spec.restPort}`).join(', ');
    // Hosts and links are built while the site processes boot and their switches connect:
    // neither waits for the other (ports added later reach the controller as port-status).
    await progress.phase(`${hostCount} hosts (${runtime.name}), WAN link; REST on ${restUrls}; switches connected`, (detail) =>
      settleAll([buildHostsAndLinks(detail), publishAndConnect()]),
    );

    async function buildHostsAndLinks(detail: (text: string) => void): Promise<void> {
      let done = 0;
      const uplinks = await settleAll([
        options.externalUplink
          ? moveExternalUplink(options.externalUplink, sites[0].netns, state)
          : sites.length === 2
            ? createWanVeth(sites[0].netns, sites[1].netns)
            : Promise.resolve(undefined),
        ...sites.map(async (site) => {
          const hosts = site.spec.hosts.map((host) => ({ netns: hostNetns(prefix, host), name: host.name, host }));
          await runtime.createHosts(hosts, state, options.hostConcurrency);
          await createHostVeths(site.netns, hosts);
          await mapLimit(hosts, options.hostConcurrency, async ({ netns, host }) => {
            await configureHost(netns, host);
            detail(`${++done}/${hostCount} hosts`);
          });
          await finishSitePorts(site.netns, site.spec.hosts.map((h) => h.port));
          return undefined;
        }),
      ]);
      await settleAll(sites.map((site) => addSitePorts(site, uplinks[0], site.spec.hosts.map((h) => h.port))));
    }

    async function publishAndConnect(): Promise<void> {
      await settleAll(
        sites.map(async (s) => {
          const publisher = await startPublisher(s, state);
          const entry: (typeof controllers)[number] = { site: s, started: publisher };
          publisher.child.once('exit', (code) => {
            entry.exit = `the REST publisher of site ${s.spec.id} exited (code ${code}); see ${s.paths.publisherLog}`;
          });
          watched.push(entry);
        }),
      );
      await settleAll(clients.map((c) => waitSwitchConnected(c, options.timeoutMs, alive)));
    }

    await progress.phase('configured through REST', (detail) =>
      settleAll(sites.map((s, i) => configureSite(clients[i], s.spec, (what) => detail(`site ${s.spec.id}: ${what}`)))),
    );

    await progress.phase('BGP sessions Established', () =>
      settleAll(sites.map((s, i) => waitPeerUp(clients[i], s.spec.uplink.opposite_ipaddress, options.timeoutMs, alive))),
    );

    if (sites.length === 2) {
      await progress.phase('remote routes in every VRF and in the switches\' flows', () =>
        settleAll(
          sites.map(async (s, i) => {
            const expected = expectedRemotePrefixes(topology, s.spec);
            await waitRemoteRoutes(clients[i], expected, options.timeoutMs, alive);
            await waitRemoteFlows(clients[i], expected, options.timeoutMs, alive);
          }),
        ),
      );
      const pair = crossWanPair(topology);
      if (pair) {
        await progress.phase(`ping across the WAN (${pair.from} → ${pair.to})`, () =>
          waitPing(hostNetns(prefix, { name: pair.from }), pair.to, options.timeoutMs, alive),
        );
      }
    }
    await state.markReady();
    return state;
  } catch (err) {
    const logs = await Promise.all(controllers.map(async (c) => ({ site: c.site.spec.id, path: c.site.paths.controllerLog, tail: await logTail(c.site.paths.controllerLog) })));
    if (!options.keepOnFailure) {
      await teardown(state.state).catch(() => undefined);
      await state.remove();
    }
    const detail = logs.filter((l) => l.tail).map((l) => `--- site ${l.site} controller log (last lines) ---\n${l.tail}`).join('\n');
    const base = err instanceof CliError ? err : new CliError(err instanceof Error ? err.message : String(err));
    const what = options.keepOnFailure ? 'the WAN was left as it is (--keep-on-failure); `pseudo-wan stop` removes it' : 'everything made so far was removed again';
    throw new CliError(`${base.message}${detail ? `\n${detail}` : ''}`, base.kind, `${base.hint ? `${base.hint}; ` : ''}${what}`);
  }
}
