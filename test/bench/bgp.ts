/**
 * BGP benchmark (`npm run bench:bgp`): VPNv4 UPDATE encode/decode rates, and ingest of 100k
 * and 1M VPNv4 routes into one VRF by our speaker next to a real gobgpd receiving the same
 * routes from the same fast sender in the same run. The sender is this file run as a child
 * process (`--sender`): it pre-encodes the UPDATEs with our bulk encoder, connects with a
 * BgpSession and streams them. Prints one line per figure, then one `RESULT bgp ...` line.
 * `BENCH_SIZES=100000` limits the ingest sizes (default 100000,1000000); `BENCH_REFERENCE=off`
 * skips gobgpd (development only: no ratio then). Sizes up to 100k are run `BENCH_REPEAT` times
 * (default 3; 1M once) and the best time is kept, for ours and gobgpd's alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { addAddress, createNetns, createVeth, deleteLink, deleteNetns } from '../../pseudo-wan/system/index.js';
import { startGobgpd, type Gobgpd } from '../support/gobgpd.js';
import { BgpSession, BgpSpeaker, asn, label, parseIpv4, parseRd, parseRouteTarget, type Ipv4Address } from '../../bgp/index.js';
import { AFI_IPV4, SAFI_MPLS_VPN, encodeMessage, encodeVpnv4Updates, endOfRib, type VpnNlri } from '../../bgp/wire/index.js';

const SELF = fileURLToPath(import.meta.url);
const SENDER_AS = 65010;
const RECEIVER_AS = 65001;
const RD_TEXT = '65010:1';
const RT_TEXT = '65010:1';

// ---------------------------------------------------------------------------------- sender

/** Builds n distinct /24 VPNv4 UPDATE frames sharing one attribute set. */
function buildFrames(n: number, nextHop: Ipv4Address): Buffer[] {
  const rd = parseRd(RD_TEXT);
  const nlri: VpnNlri[] = new Array(n);
  for (let i = 0; i < n; i++) {
    nlri[i] = { labels: [label(16 + (i % 4096))], rd, prefix: { address: ((0x10000000 + i * 256) >>> 0) as Ipv4Address, length: 24 } };
  }
  const attrs = {
    origin: 'igp' as const,
    asPath: [{ type: 'sequence' as const, asns: [asn(SENDER_AS)] }],
    extendedCommunities: [{ type: 'route-target' as const, routeTarget: parseRouteTarget(RT_TEXT) }],
  };
  return encodeVpnv4Updates(attrs, nextHop, nlri, { fourOctetAs: true });
}

/** Child mode: `--sender HOST PORT N LOCAL_ADDRESS`. Reports `ready`, `start MS`, `sent MS`. */
async function sender(argv: string[]): Promise<void> {
  const [host, port, count, localAddress] = argv;
  const frames = buildFrames(Number(count), parseIpv4(localAddress!));
  frames.push(encodeMessage(endOfRib({ afi: AFI_IPV4, safi: SAFI_MPLS_VPN }), { fourOctetAs: true }));
  const session = new BgpSession({
    localAsn: asn(SENDER_AS),
    routerId: parseIpv4('10.255.255.10'),
    peerAddress: host!,
    peerAsn: asn(RECEIVER_AS),
    localAddress,
    port: Number(port),
    holdTime: 90,
    connectRetrySeconds: 1,
    families: [{ afi: AFI_IPV4, safi: SAFI_MPLS_VPN }],
  });
  session.on('established', () => {
    console.log(`start ${Date.now()}`);
    void session.sendUpdates(frames).then((ok) => console.log(`${ok ? 'sent' : 'failed'} ${Date.now()}`));
  });
  session.on('down', (r) => console.log(`down ${JSON.stringify(r)}`));
  process.on('SIGTERM', () => void session.stop().finally(() => process.exit(0)));
  console.log('ready');
  session.start();
}

// ---------------------------------------------------------------------------------- helpers

function forceGc(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    return gc;
  } catch {
    return () => {};
  }
}

interface SenderHandle {
  readonly child: ChildProcess;
  /** Resolves with the sender's clock when it starts streaming. */
  readonly started: Promise<number>;
  readonly sent: Promise<number>;
  stop(): Promise<void>;
}

function startSender(host: string, port: number, n: number, localAddress: string): SenderHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--sender', host, String(port), String(n), localAddress], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let onStart: (t: number) => void = () => {};
  let onSent: (t: number) => void = () => {};
  const started = new Promise<number>((r) => (onStart = r));
  const sent = new Promise<number>((r) => (onSent = r));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [word, value] = line.split(' ');
    if (word === 'start') onStart(Number(value));
    else if (word === 'sent') onSent(Number(value));
    else if (word === 'down' || word === 'failed') console.error(`sender: ${line}`);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    started,
    sent,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

const mib = (b: number): string => (b / 1048576).toFixed(0);
const secs = (ms: number): string => (ms / 1000).toFixed(2);

// ---------------------------------------------------------------------------------- ours

async function ingestOurs(n: number, gc: () => void): Promise<{ ms: number; rss: number; heap: number }> {
  const speaker = new BgpSpeaker({
    asn: asn(RECEIVER_AS),
    routerId: parseIpv4('10.10.10.1'),
    labelRange: { start: label(1000), end: label(1999) },
    listen: { host: '127.0.0.1', port: 0 },
  });
  const rd = parseRd('65001:1');
  speaker.addVrf({ rd, importRts: [parseRouteTarget(RT_TEXT)], exportRts: [parseRouteTarget('65001:1')] });
  speaker.addNeighbor({ address: parseIpv4('127.0.0.1'), remoteAsn: asn(SENDER_AS), passive: true });
  const vrf = speaker.rib.vrf(rd);
  let doneAt = 0;
  const done = new Promise<void>((resolve) => {
    speaker.on('vrf-routes', () => {
      if (doneAt === 0 && vrf.table.size >= n) {
        doneAt = Date.now();
        resolve();
      }
    });
  });
  await speaker.start();
  const s = startSender('127.0.0.1', speaker.listenPort!, n, '127.0.0.1');
  try {
    const t0 = await s.started;
    await done;
    const rss = process.memoryUsage().rss;
    // Live heap with the routes held (after a full GC): what the RIBs really keep.
    gc();
    const heap = process.memoryUsage().heapUsed;
    if (vrf.table.size !== n) throw new Error(`VRF holds ${vrf.table.size} routes, expected ${n}`);
    return { ms: doneAt - t0, rss, heap };
  } finally {
    await s.stop();
    await speaker.stop();
  }
}

// ---------------------------------------------------------------------------------- gobgpd

const tag = process.pid % 100000;
const NS = `bgrb${tag}`;
const VETH = `bgrb${tag}a`;
const NET = `100.65.${tag % 250}`;

async function withGobgpd<T>(fn: (g: Gobgpd) => Promise<T>): Promise<T> {
  await deleteNetns(NS);
  await deleteLink(VETH);
  await createNetns(NS);
  let g: Gobgpd | undefined;
  try {
    await createVeth({ name: VETH }, { name: `bgrb${tag}b`, netns: NS });
    await addAddress(VETH, `${NET}.1/30`);
    await addAddress(`bgrb${tag}b`, `${NET}.2/30`, NS);
    g = await startGobgpd({
      netns: NS,
      dir: `/tmp/bgr-${process.pid}-bench-gobgpd`,
      asn: RECEIVER_AS,
      routerId: '10.10.10.2',
      listenAddresses: [`${NET}.2`],
      logLevel: 'warn',
      neighbors: [{ address: `${NET}.1`, asn: SENDER_AS, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 90 }],
    });
    return await fn(g);
  } finally {
    await g?.stop();
    await deleteLink(VETH);
    await deleteNetns(NS);
  }
}

interface GobgpNeighborJson {
  afi_safis?: Array<{ state?: { received?: number; accepted?: number } }>;
}

async function ingestGobgpd(n: number): Promise<{ ms: number; rss: number }> {
  return withGobgpd(async (g) => {
    const s = startSender(`${NET}.2`, 179, n, `${NET}.1`);
    try {
      const t0 = await s.started;
      for (;;) {
        const raw = await g.gobgpJson<GobgpNeighborJson | GobgpNeighborJson[]>(['neighbor', `${NET}.1`]);
        const entry = Array.isArray(raw) ? raw[0] : raw;
        const received = (entry?.afi_safis ?? []).reduce((sum, a) => sum + (a.state?.received ?? 0), 0);
        if (received >= n) break;
        // Polling through the CLI costs gobgpd some work: fine early, coarser as time goes on
        // (the error stays under 2.5% of the elapsed time).
        await new Promise((r) => setTimeout(r, Math.min(250, Math.max(50, (Date.now() - t0) / 40))));
      }
      const ms = Date.now() - t0;
      return { ms, rss: await rssOf(g.pid) };
    } finally {
      await s.stop();
    }
  });
}

// ---------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const result: Record<string, string> = {};
  const gc = forceGc();
  const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number).filter((x) => x > 0);
  for (const n of sizes) {
    const name = n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
    // This machine is shared: each figure is the best of `repeat` runs (ours and gobgpd's alike).
    const repeat = Number(process.env.BENCH_REPEAT ?? (n <= 100_000 ? 3 : 1));
    const oursRuns: Array<{ ms: number; rss: number; heap: number }> = [];
    for (let i = 0; i < repeat; i++) {
      gc();
      oursRuns.push(await ingestOurs(n, gc));
      gc();
    }
    const ours = { ms: Math.min(...oursRuns.map((r) => r.ms)), rss: Math.max(...oursRuns.map((r) => r.rss)), heap: Math.max(...oursRuns.map((r) => r.heap)) };
    console.log(`ingest ${name} ours: ${secs(ours.ms)} s until all ${n} routes in the VRF table, best of [${oursRuns.map((r) => secs(r.ms)).join(', ')}] (RSS ${mib(ours.rss)} MiB, live heap ${mib(ours.heap)} MiB)`);
    result[`ingest_${name}_s`] = secs(ours.ms);
    result[`rss_${name}_mib`] = mib(ours.rss);
    result[`heap_${name}_mib`] = mib(ours.heap);
    // BENCH_REFERENCE=off skips gobgpd (a development shortcut; the default run always measures it).
    if (process.env.BENCH_REFERENCE === 'off') continue;
    const theirRuns: Array<{ ms: number; rss: number }> = [];
    for (let i = 0; i < repeat; i++) theirRuns.push(await ingestGobgpd(n));
    const theirs = { ms: Math.min(...theirRuns.map((r) => r.ms)), rss: Math.max(...theirRuns.map((r) => r.rss)) };
    console.log(`ingest ${name} gobgpd: ${secs(theirs.ms)} s until all ${n} routes received, best of [${theirRuns.map((r) => secs(r.ms)).join(', ')}] (RSS ${mib(theirs.rss)} MiB)`);
    const ratio = ours.ms / theirs.ms;
    console.log(`ingest ${name} ratio ours/gobgpd: ${ratio.toFixed(3)} (target ≤ 0.5)`);
    Object.assign(result, {
      [`gobgpd_${name}_s`]: secs(theirs.ms),
      [`ratio_${name}`]: ratio.toFixed(3),
      [`gobgpd_rss_${name}_mib`]: mib(theirs.rss),
    });
  }
  const codecPath = fileURLToPath(new URL('./bgp-codec.ts', import.meta.url));
  if (existsSync(codecPath)) {
    const { benchCodec } = (await import('./bgp-codec.js')) as typeof import('./bgp-codec.js');
    const c = await benchCodec({ prefixes: 1_000_000, rounds: 3 });
    console.log(`codec encode: ${Math.round(c.encodePerSec)} VPNv4 prefixes/s`);
    console.log(`codec decode: ${Math.round(c.decodePerSec)} VPNv4 prefixes/s`);
    result.encode_pps = String(Math.round(c.encodePerSec));
    result.decode_pps = String(Math.round(c.decodePerSec));
  }
  console.log(`RESULT bgp ${Object.entries(result).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

if (process.argv[2] === '--sender') {
  await sender(process.argv.slice(3));
} else {
  await main();
  process.exit(0);
}
