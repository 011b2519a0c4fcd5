/** `pseudo-wan status [--json]`: sites, REST URLs, BGP state, hosts and addresses. */
import { listNetns } from '../system/index.js';
import { CliError } from '../errors.js';
import { isSameProcess } from '../state/proc.js';
import { StateFile } from '../state/state-file.js';
import { hostNetns, siteNetns } from '../topology/model.js';
import { RestClient } from '../wan/rest-client.js';

/** The status of one site as printed (and as `--json` emits it). */
export interface SiteStatus {
  id: string;
  namespace: string;
  dpid: string;
  rest: string;
  controller: { pid: number | undefined; running: boolean };
  bgp: { peer: string; asNumber: string; status: string; since: string | undefined };
  hosts: { name: string; namespace: string; present: boolean; address: string; router: string; port: number; vrf: string; lans: string[] }[];
}

/** What `status --json` prints. */
export interface WanStatus {
  prefix: string;
  runtime: string;
  phase: string;
  startedAt: string;
  sites: SiteStatus[];
}

async function bgpStatus(rest: RestClient, peer: string): Promise<{ status: string; since: string | undefined }> {
  try {
    const body = await rest.get<{ status?: { status?: string; occurTime?: string; remotePeer?: string }[] }>('status/peer', 3000);
    const last = (body.status ?? []).filter((e) => !e.remotePeer || e.remotePeer === peer).at(-1);
    return { status: last?.status ?? 'no session event yet', since: last?.occurTime };
  } catch (err) {
    return { status: `REST not answering (${(err as Error).message.split('\n')[0]})`, since: undefined };
  }
}

/** Collects the status of the WAN with this prefix (undefined when none is up). */
export async function collectStatus(prefix: string): Promise<WanStatus | undefined> {
  const file = await StateFile.load(prefix);
  if (!file) return undefined;
  const state = file.state;
  const existing = new Set(await listNetns());
  const sites = await Promise.all(
    state.topology.sites.map(async (site): Promise<SiteStatus> => {
      const rest = RestClient.local(site.restPort, site.dpid);
      const proc = state.resources.find((r) => r.kind === 'process' && r.role === 'controller' && r.site === site.id);
      const pid = proc?.kind === 'process' ? proc.pid : undefined;
      const running = proc?.kind === 'process' ? await isSameProcess(proc.pid, proc.startTime) : false;
      return {
        id: site.id,
        namespace: siteNetns(prefix, site),
        dpid: site.dpid,
        rest: `http://127.0.0.1:${site.restPort}/openflow/${site.dpid}/`,
        controller: { pid, running },
        bgp: { peer: site.uplink.opposite_ipaddress, asNumber: site.uplink.opposite_asnumber, ...(await bgpStatus(rest, site.uplink.opposite_ipaddress)) },
        hosts: site.hosts.map((h) => ({
          name: h.name,
          namespace: hostNetns(prefix, h),
          present: existing.has(hostNetns(prefix, h)),
          address: `${h.hostIp}/${h.prefixLength}`,
          router: h.routerIp,
          port: h.port,
          vrf: h.vrf.rd,
          lans: [...h.lans],
        })),
      };
    }),
  );
  return { prefix, runtime: state.runtime, phase: state.phase, startedAt: state.startedAt, sites };
}

function render(s: WanStatus): string {
  const out = [`pseudo-wan (${s.prefix}): ${s.phase === 'ready' ? 'up' : 'starting or failed'} since ${s.startedAt}, runtime ${s.runtime}`];
  for (const site of s.sites) {
    out.push('', `site ${site.id}  namespace ${site.namespace}  dpid ${site.dpid}`);
    out.push(`  REST        ${site.rest}`);
    out.push(`  controller  ${site.controller.running ? `running (pid ${site.controller.pid})` : 'NOT running'}`);
    out.push(`  BGP         ${site.bgp.peer} AS ${site.bgp.asNumber}: ${site.bgp.status}${site.bgp.since ? ` since ${site.bgp.since}` : ''}`);
    out.push(`  ${'host'.padEnd(16)} ${'address'.padEnd(18)} ${'router'.padEnd(15)} ${'port'.padStart(4)}  ${'vrf'.padEnd(12)} lans`);
    for (const h of site.hosts) {
      const lans = h.lans.length ? `${h.lans[0]}${h.lans.length > 1 ? ` … (${h.lans.length})` : ''}` : '-';
      out.push(`  ${h.name.padEnd(16)} ${h.address.padEnd(18)} ${h.router.padEnd(15)} ${String(h.port).padStart(4)}  ${h.vrf.padEnd(12)} ${lans}${h.present ? '' : '  (MISSING)'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Runs `status`. */
export async function statusCommand(prefix: string, options: { json?: boolean }): Promise<void> {
  const status = await collectStatus(prefix);
  if (!status) {
    if (options.json) process.stdout.write(`${JSON.stringify({ prefix, running: false })}\n`);
    throw new CliError(`no WAN is up (prefix ${prefix})`, 'precondition', 'start one with `pseudo-wan start`');
  }
  process.stdout.write(options.json ? `${JSON.stringify({ running: true, ...status }, null, 2)}\n` : render(status));
}
