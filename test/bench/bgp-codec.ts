/**
 * BGP codec benchmark: VPNv4 UPDATE encode and decode, in prefixes per second on one core.
 * `benchCodec()` is called by test/bench/bgp.ts; run standalone with
 *   npx tsx test/bench/bgp-codec.ts
 * which prints `RESULT bgp-codec encode_prefixes_per_s=... decode_prefixes_per_s=...`.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { label, parseIpv4, parseRd, parseRouteTarget, type Asn, type Ipv4Address } from '../../bgp/types/index.js';
import { decodeMessage, encodeVpnv4Updates, type CodecContext, type PathAttributes, type VpnNlri } from '../../bgp/wire/index.js';

/** Figures of one run. */
export interface CodecBenchResult {
  /** VPNv4 prefixes encoded into UPDATEs per second (bulk encoder, 4096-byte messages). */
  readonly encodePerSec: number;
  /** VPNv4 prefixes decoded from UPDATEs per second (decodeMessage on whole frames). */
  readonly decodePerSec: number;
  /** Heap bytes one decoded VPNv4 NLRI keeps alive (after GC), if GC could be forced. */
  readonly heapBytesPerDecodedPrefix?: number;
}

/** Forces a full GC: the flag can be set at run time, and a fresh context then sees `gc`. */
function forceGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Options: how many prefixes per round and how many timed rounds. */
export interface CodecBenchOptions {
  readonly prefixes?: number;
  readonly rounds?: number;
}

const ctx: CodecContext = { fourOctetAs: true };

function buildRoutes(n: number): VpnNlri[] {
  const rds = [parseRd('65001:101'), parseRd('65001:102'), parseRd('10.0.0.1:7')];
  const out: VpnNlri[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      labels: [label(1000 + (i % 64))],
      rd: rds[Math.floor(i / 100000) % rds.length],
      prefix: { address: ((0x0a000000 + i * 256) >>> 0) as Ipv4Address, length: 24 },
    };
  }
  return out;
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Runs the benchmark and returns prefixes per second for encode and decode. */
export async function benchCodec(options: CodecBenchOptions = {}): Promise<CodecBenchResult> {
  const n = options.prefixes ?? 1_000_000;
  const rounds = options.rounds ?? 3;
  const routes = buildRoutes(n);
  const attrs: PathAttributes = {
    origin: 'igp',
    asPath: [{ type: 'sequence', asns: [65001 as Asn] }],
    med: 100,
    extendedCommunities: [{ type: 'route-target', routeTarget: parseRouteTarget('65001:101') }],
  };
  const nextHop = parseIpv4('10.99.0.1');
  // Warm-up so the JIT has compiled the hot paths before timing.
  let frames = encodeVpnv4Updates(attrs, nextHop, routes.slice(0, 50000), ctx);
  for (const f of frames) decodeMessage(f, ctx);

  let encodeSeconds = Infinity;
  for (let r = 0; r < rounds; r++) encodeSeconds = Math.min(encodeSeconds, time(() => (frames = encodeVpnv4Updates(attrs, nextHop, routes, ctx))));
  let decoded = 0;
  let decodeSeconds = Infinity;
  for (let r = 0; r < rounds; r++) {
    decodeSeconds = Math.min(
      decodeSeconds,
      time(() => {
        decoded = 0;
        for (const f of frames) {
          const m = decodeMessage(f, ctx);
          if (m.type === 'update' && m.attributes.mpReach?.kind === 'vpnv4') decoded += m.attributes.mpReach.nlri.length;
        }
      }),
    );
  }
  if (decoded !== n) throw new Error(`decoded ${decoded} prefixes, expected ${n}`);
  const result = { encodePerSec: Math.round(n / encodeSeconds), decodePerSec: Math.round(n / decodeSeconds) };
  // Memory a decoded table costs: keep every decoded NLRI (not the frames) and weigh the heap.
  const gc = forceGc();
  if (!gc) return result;
  routes.length = 0;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  for (const f of frames) {
    const m = decodeMessage(f, ctx);
    if (m.type === 'update' && m.attributes.mpReach?.kind === 'vpnv4') kept.push(m.attributes.mpReach.nlri);
  }
  frames = [];
  gc();
  const perPrefix = Math.round((process.memoryUsage().heapUsed - before) / n);
  if (kept.length === 0) throw new Error('nothing kept');
  await Promise.resolve();
  return { ...result, heapBytesPerDecodedPrefix: perPrefix };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchCodec();
  console.log(`bgp codec: encode ${r.encodePerSec} VPNv4 prefixes/s, decode ${r.decodePerSec} VPNv4 prefixes/s (target decode >= 1000000)`);
  console.log(`decoded VPNv4 NLRI cost ${r.heapBytesPerDecodedPrefix ?? '?'} heap bytes each`);
  console.log(
    `RESULT bgp-codec encode_prefixes_per_s=${r.encodePerSec} decode_prefixes_per_s=${r.decodePerSec}` +
      (r.heapBytesPerDecodedPrefix === undefined ? '' : ` heap_bytes_per_decoded_prefix=${r.heapBytesPerDecodedPrefix}`),
  );
}
