/**
 * Benchmark (issue 2 item 6): install 10k and 100k flows of the VRF-FIB shape (table 1:
 * metadata + ipv4_dst → push_mpls, set mpls_label, set eth src/dst, output) into a real
 * ovs-vswitchd, with our library (plain batch + barrier, and ONF bundle) next to
 * `ovs-ofctl -O OpenFlow13 add-flows` and `--bundle add-flows` of the same flows, in the same
 * run. After each install the flows are counted in the switch (ovs-ofctl dump-aggregate and
 * our AGGREGATE multipart must both say N) and then cleared.
 *
 * Run: `npm run bench:openflow`. Ends with one `RESULT openflow key=value ...` line: times in
 * seconds (median of BENCH_REPEAT runs, default 3), ratios ours / ofctl --bundle.
 * Target: ours (bundle) ≤ 1.2 × ofctl --bundle.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { flowMod, flowStatsRequest, OFPTT_ALL, type FlowModMessage, type MacAddress } from '../../openflow/index.js';
import { OfTestEnv } from '../support/openflow-env.js';
import { connectBridge } from '../support/openflow-harness.js';

const SIZES = [10_000, 100_000];
/** Each figure is the median of this many runs (the machine is shared; single runs are noisy). */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const TABLE = 1;
const SRC_MAC = '02:00:00:00:01:01' as MacAddress;
const DST_MAC = '02:00:00:00:02:02' as MacAddress;
const OUT_PORT = 1;

/** One flow of the benchmark set, as plain values both renderings share. */
interface BenchFlow {
  readonly vrf: number;
  readonly dst: number;
  readonly label: number;
  readonly priority: number;
}

function makeFlows(n: number): BenchFlow[] {
  // Distinct /32 destinations spread over 16 VRFs; labels from 16 up (0-15 are reserved).
  return Array.from({ length: n }, (_, i) => ({ vrf: (i % 16) + 1, dst: (0x0a000000 + i) >>> 0, label: 16 + i, priority: 1000 + 32 }));
}

function ipText(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function ofctlLine(f: BenchFlow): string {
  return `table=${TABLE},priority=${f.priority},ip,metadata=0x${f.vrf.toString(16)},nw_dst=${ipText(f.dst)},actions=push_mpls:0x8847,set_field:${f.label}->mpls_label,set_field:${SRC_MAC}->eth_src,set_field:${DST_MAC}->eth_dst,output:${OUT_PORT}`;
}

function ourFlowMod(f: BenchFlow): FlowModMessage {
  return flowMod({
    tableId: TABLE,
    priority: f.priority,
    match: [
      { field: 'eth_type', value: 0x0800 },
      { field: 'metadata', value: BigInt(f.vrf) },
      { field: 'ipv4_dst', value: f.dst },
    ],
    instructions: [
      {
        type: 'apply_actions',
        actions: [
          { type: 'push_mpls', ethertype: 0x8847 },
          { type: 'set_field', field: { field: 'mpls_label', value: f.label } },
          { type: 'set_field', field: { field: 'eth_src', value: SRC_MAC } },
          { type: 'set_field', field: { field: 'eth_dst', value: DST_MAC } },
          { type: 'output', port: OUT_PORT, maxLen: 0 },
        ],
      },
    ],
  });
}

async function main(): Promise<void> {
  const env = await OfTestEnv.create('bench');
  // ovs-vswitchd is single-threaded: while it chews 100k flow-mods from ovs-ofctl it cannot answer
  // our echoes, so the bench tolerates long silences (the default would drop it under load).
  const { server, dp } = await connectBridge(env, { echoIntervalMs: 5000, echoTimeoutMs: 120_000 }).catch(async (err) => {
    await env.destroy();
    throw err;
  });
  const results: [string, string][] = [];
  const record = (key: string, value: number, digits = 3) => {
    results.push([key, value.toFixed(digits)]);
  };

  /** Flow count in table 1, by ovs-ofctl and by our AGGREGATE multipart; both must equal `n`. */
  const verify = async (what: string, n: number) => {
    const agg = await env.ofctl13(['dump-aggregate', env.mgmt(), `table=${TABLE}`]);
    const ofctlCount = Number(/flow_count=(\d+)/.exec(agg)?.[1]);
    const ours = await dp.request(flowStatsRequest(0, { tableId: TABLE }, 'aggregate'));
    const ourCount = ours.body.kind === 'aggregate' ? ours.body.flowCount : NaN;
    if (ofctlCount !== n || ourCount !== n) throw new Error(`${what}: expected ${n} flows, ovs-ofctl counts ${ofctlCount}, AGGREGATE says ${ourCount}`);
  };
  /** The first flow as ovs-ofctl prints it (stats stripped), to prove both installers wrote the same flow. */
  const sample = async () => {
    const out = await env.ofctl13(['--no-stats', 'dump-flows', env.mgmt(), `table=${TABLE},ip,metadata=0x1,nw_dst=10.0.0.0`]);
    return out.trim();
  };
  let reference: string | undefined;
  const clear = async () => {
    await env.ofctl13(['del-flows', env.mgmt(), `table=${TABLE}`]);
    await dp.barrier();
    const agg = await env.ofctl13(['dump-aggregate', env.mgmt(), `table=${TABLE}`]);
    if (!/flow_count=0\b/.test(agg)) throw new Error(`table not cleared: ${agg}`);
  };
  const once = async (what: string, n: number, run: () => Promise<unknown>): Promise<number> => {
    await clear();
    const t0 = performance.now();
    await run();
    const s = (performance.now() - t0) / 1000;
    await verify(what, n);
    const first = await sample();
    if (!first.includes('actions=')) throw new Error(`${what}: first flow missing: ${first}`);
    reference ??= first;
    if (first !== reference) throw new Error(`${what} installed a different flow:\n  ${first}\nvs\n  ${reference}`);
    return s;
  };
  /** Runs every method REPEAT times, interleaved (so load drift on the shared machine hits all alike); medians by method. */
  const timeAll = async (n: number, methods: [string, () => Promise<unknown>][]): Promise<number[]> => {
    const runs: number[][] = methods.map(() => []);
    for (let i = 0; i < REPEAT; i++) for (const [m, [what, run]] of methods.entries()) runs[m]!.push(await once(what, n, run));
    return methods.map(([what], m) => {
      const sorted = [...runs[m]!].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      console.log(`${what.padEnd(30)} ${n.toString().padStart(7)} flows  ${median.toFixed(3)} s  median of [${runs[m]!.map((r) => r.toFixed(3)).join(', ')}]  ${Math.round(n / median)} flows/s`);
      return median;
    });
  };

  try {
    console.log(`OVS ${await env.ovs.vsctl(['--version']).then((v) => v.split('\n')[0])}; userspace datapath; bridge without ports`);
    for (const n of SIZES) {
      const k = `${n / 1000}k`;
      const flows = makeFlows(n);
      reference = undefined;
      const file = join(env.dir, `flows-${k}.txt`);
      await writeFile(file, flows.map(ofctlLine).join('\n') + '\n');

      const tb = performance.now();
      const mods = flows.map(ourFlowMod);
      const buildS = (performance.now() - tb) / 1000;
      console.log(`${'build FlowModMessage objects'.padEnd(34)} ${n.toString().padStart(7)} flows  ${buildS.toFixed(3)} s`);

      const [ofctl, ofctlBundle, ours, oursBundle] = (await timeAll(n, [
        ['ovs-ofctl add-flows', () => env.ofctl13(['add-flows', env.mgmt(), file])],
        ['ovs-ofctl --bundle add-flows', () => env.ofctl13(['--bundle', 'add-flows', env.mgmt(), file])],
        ['ours sendFlowMods (barrier)', () => dp.sendFlowMods(mods)],
        ['ours sendFlowMods (bundle)', () => dp.sendFlowMods(mods, { bundle: true })],
      ])) as [number, number, number, number];
      record(`ofctl_${k}_s`, ofctl);
      record(`ofctl_bundle_${k}_s`, ofctlBundle);
      record(`ours_${k}_s`, ours);
      record(`ours_bundle_${k}_s`, oursBundle);
      record(`ratio_ours_${k}`, ours / ofctlBundle, 2);
      record(`ratio_ours_bundle_${k}`, oursBundle / ofctlBundle, 2);
      console.log(`ratios (÷ ofctl --bundle) ${k}: ours ${(ours / ofctlBundle).toFixed(2)}, ours bundle ${(oursBundle / ofctlBundle).toFixed(2)}; ofctl plain ${(ofctl / ofctlBundle).toFixed(2)}`);
    }
    await clear();
  } finally {
    await server.close();
    await env.destroy();
  }
  console.log(`RESULT openflow ${results.map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
