/**
 * Waiting for a site by observing its state, never by sleeping a fixed time: each wait polls
 * one observable condition (REST answers, a "Peer Up" event, the routes the other site
 * exports, a ping) until it holds, the deadline passes, or the site process dies.
 */
import { succeeds } from '../system/index.js';
import { CliError } from '../errors.js';
import type { SiteSpec, Topology } from '../topology/model.js';
import type { RestClient } from './rest-client.js';

/** How often a condition is looked at again. */
const POLL_MS = 100;

/** Something that can fail while we wait (a site process exiting). */
export type Liveness = () => string | undefined;

/** Polls `check` until it returns a value; throws a CliError naming `what` on timeout or death. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, alive: Liveness = () => undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const dead = alive();
    if (dead) throw new CliError(`${what}: ${dead}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new CliError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Resolves once the site's REST answers GET interface with 200 (its switch connected; contract G). */
export function waitSwitchConnected(rest: RestClient, timeoutMs: number, alive?: Liveness): Promise<true> {
  return waitFor(`the switch of ${rest.dpid} to connect to its controller`, timeoutMs, async () => ((await rest.status('interface')) === 200 ? true : undefined), alive);
}

interface PeerEvent {
  status?: string;
  remotePeer?: string;
}

/** Resolves once the last session event toward `peerIp` is "Peer Up". */
export function waitPeerUp(rest: RestClient, peerIp: string, timeoutMs: number, alive?: Liveness): Promise<true> {
  return waitFor(`BGP session to ${peerIp} (Peer Up)`, timeoutMs, async () => {
    const body = await rest.get<{ status?: PeerEvent[] }>('status/peer');
    const events = (body.status ?? []).filter((e) => e.remotePeer === undefined || e.remotePeer === peerIp);
    return events.at(-1)?.status === 'Peer Up' ? true : undefined;
  }, alive);
}

/**
 * The prefixes each VRF (by RD) of `site` should learn from the other sites: every route a
 * host elsewhere exports with a route target this VRF imports (its /32 when it redistributes
 * connected, and its static LAN routes).
 */
export function expectedRemotePrefixes(topology: Topology, site: SiteSpec): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const host of site.hosts) {
    const want = out.get(host.vrf.rd) ?? new Set<string>();
    out.set(host.vrf.rd, want);
    for (const other of topology.sites) {
      if (other.id === site.id) continue;
      for (const remote of other.hosts) {
        if (!remote.vrf.exportRts.some((rt) => host.vrf.importRts.includes(rt))) continue;
        if (remote.redistributeConnected) want.add(`${remote.hostIp}/32`);
        for (const r of remote.routes) want.add(r);
      }
    }
  }
  return out;
}

interface VrfView {
  routeDist?: string;
  routes?: { prefix?: string }[];
}

/** Counts how many expected remote prefixes are still missing from GET vrf. */
export async function missingRemoteRoutes(rest: RestClient, expected: Map<string, Set<string>>): Promise<number> {
  const body = await rest.get<{ vrfs?: VrfView[] }>('vrf', 30_000);
  const have = new Map<string, Set<string>>();
  for (const v of body.vrfs ?? []) have.set(String(v.routeDist), new Set((v.routes ?? []).map((r) => String(r.prefix))));
  let missing = 0;
  for (const [rd, prefixes] of expected) {
    const got = have.get(rd) ?? new Set<string>();
    for (const p of prefixes) if (!got.has(p)) missing++;
  }
  return missing;
}

/** Resolves once every expected remote route is in the site's VRF tables. */
export function waitRemoteRoutes(rest: RestClient, expected: Map<string, Set<string>>, timeoutMs: number, alive?: Liveness): Promise<true> {
  let missing = -1;
  return waitFor(`remote routes in the VRFs of ${rest.dpid}`, timeoutMs, async () => {
    missing = await missingRemoteRoutes(rest, expected);
    return missing === 0 ? true : undefined;
  }, alive).catch((err: unknown) => {
    if (err instanceof CliError && missing > 0) throw new CliError(`${err.message}; ${missing} still missing`);
    throw err;
  });
}

/** Counts how many expected remote prefixes have no forwarding flow in the switch yet (GET stats/flow). */
export async function missingRemoteFlows(rest: RestClient, expected: Map<string, Set<string>>): Promise<number> {
  const body = await rest.get<{ stats?: { ipv4Dst?: string }[] }>('stats/flow', 30_000);
  const have = new Set((body.stats ?? []).map((f) => String(f.ipv4Dst)));
  const want = new Set([...expected.values()].flatMap((set) => [...set]));
  let missing = 0;
  for (const p of want) if (!have.has(p)) missing++;
  return missing;
}

/** Resolves once every expected remote prefix has a flow in the switch (the routes are programmed). */
export function waitRemoteFlows(rest: RestClient, expected: Map<string, Set<string>>, timeoutMs: number, alive?: Liveness): Promise<true> {
  return waitFor(`flows for the remote routes in switch ${rest.dpid}`, timeoutMs, async () => ((await missingRemoteFlows(rest, expected)) === 0 ? true : undefined), alive);
}

/** Resolves once one ping from `netns` to `ip` is answered (each try waits at most 1 s). */
export function waitPing(netns: string, ip: string, timeoutMs: number, alive?: Liveness): Promise<true> {
  return waitFor(`a ping from ${netns} to ${ip}`, timeoutMs, async () => ((await succeeds('ping', ['-c', '1', '-W', '1', '-q', ip], { netns })) ? true : undefined), alive);
}
