/**
 * Benchmark (issue 2 item 6): install 10k and 100k flows of the VRF-FIB shape (table 1:
 * metadata + ipv4_dst → push_mpls, set mpls_label, set eth src/dst, output) into a real
 * ovs-vswitchd, with our library (plain batch + barrier, and ONF bundle) next to
 * `ovs-ofctl -O OpenFlow13 add-flows` and `--bundle add-flows` of the same flows, in the same
 * run. After each install the flows are counted in the switch (ovs-ofctl dump-aggregate and
 * our AGGREGATE multipart must both say N) and then cleared.
 *
 * Run: `npm run bench:openflow`. Ends with one `RESULT openflow key=value ...` line: times in
 * seconds, ratios ours / ofctl --bundle. Target: ours (bundle) ≤ 1.2 × ofctl --bundle.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { flowMod, flowStatsRequest, OFPTT_ALL, type FlowModMessage, type MacAddress } from '../../openflow/index.js';
import { OfTestEnv } from '../support/openflow-env.js';
import { connectBridge } from '../support/openflow-harness.js';

const SIZES = [10_000, 100_000];
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
  const { server, dp } = await connectBridge(env).catch(async (err) => {
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
  const timed = async (what: string, n: number, run: () => Promise<unknown>): Promise<number> => {
    await clear();
    const t0 = performance.now();
    await run();
    const s = (performance.now() - t0) / 1000;
    await verify(what, n);
    const first = await sample();
    if (!first.includes('actions=')) throw new Error(`${what}: first flow missing: ${first}`);
    reference ??= first;
    if (first !== reference) throw new Error(`${what} installed a different flow:\n  ${first}\nvs\n  ${reference}`);
    console.log(`${what.padEnd(34)} ${n.toString().padStart(7)} flows  ${s.toFixed(3)} s  (${Math.round(n / s)} flows/s)`);
    return s;
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

      const ofctl = await timed('ovs-ofctl add-flows', n, () => env.ofctl13(['add-flows', env.mgmt(), file]));
      const ofctlBundle = await timed('ovs-ofctl --bundle add-flows', n, () => env.ofctl13(['--bundle', 'add-flows', env.mgmt(), file]));
      const ours = await timed('ours sendFlowMods (barrier)', n, () => dp.sendFlowMods(mods));
      const oursBundle = await timed('ours sendFlowMods (bundle)', n, () => dp.sendFlowMods(mods, { bundle: true }));
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
