import assert from 'node:assert/strict';
import { run } from '../../../pseudo-wan/system/index.js';
import { ETH_TYPE, flowMod, flowStatsRequest, type Datapath, type FlowModMessage, type OpenFlowServer } from '../../../openflow/index.js';
import { OfTestEnv } from '../../support/openflow-env.js';
import { connectBridge, until } from '../../support/openflow-harness.js';
import { parseDumpFlows } from '../../support/openflow-ofctl.js';

/**
 * Two hosts on one bridge, joined only through MPLS: host1 (port 1) → push label 101 → out
 * port 3, a veth loop whose other end is port 4 → pop → host2 (port 2); the reverse with
 * label 102 over 4 → 3. ARP is bridged plainly between ports 1 and 2. No other flow exists
 * (fail-mode secure), so an echo reply proves labelled frames crossed the loop both ways.
 */
function mplsFlows(): FlowModMessage[] {
  const out = (port: number) => ({ type: 'output' as const, port, maxLen: 0 });
  const push = (inPort: number, label: number, cookie: bigint, outPort: number) =>
    flowMod({
      priority: 100,
      cookie,
      match: [{ field: 'in_port', value: inPort }, { field: 'eth_type', value: ETH_TYPE.IPV4 }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'push_mpls', ethertype: ETH_TYPE.MPLS }, { type: 'set_field', field: { field: 'mpls_label', value: label } }, out(outPort)] }],
    });
  const pop = (inPort: number, label: number, cookie: bigint, outPort: number) =>
    flowMod({
      priority: 100,
      cookie,
      match: [{ field: 'in_port', value: inPort }, { field: 'eth_type', value: ETH_TYPE.MPLS }, { field: 'mpls_label', value: label }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'pop_mpls', ethertype: ETH_TYPE.IPV4 }, out(outPort)] }],
    });
  const arp = (inPort: number, outPort: number) =>
    flowMod({ priority: 50, match: [{ field: 'in_port', value: inPort }, { field: 'eth_type', value: ETH_TYPE.ARP }], instructions: [{ type: 'apply_actions', actions: [out(outPort)] }] });
  return [push(1, 101, 0x101n, 3), pop(4, 101, 0x1101n, 2), push(2, 102, 0x102n, 4), pop(3, 102, 0x1102n, 1), arp(1, 2), arp(2, 1)];
}

describe('openflow integration: ping through push/pop MPLS flows (real ovs-vswitchd)', function () {
  this.timeout(60_000);
  let env: OfTestEnv | undefined;
  let server: OpenFlowServer | undefined;

  after(async () => {
    await server?.close();
    await env?.destroy();
  });

  it('carries ICMP echo both ways as MPLS-labelled frames over the loop', async () => {
    env = await OfTestEnv.create('mp');
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env));
    const h1 = await env.addHost(1, '10.9.1.1/24', '02:00:00:00:91:01');
    await env.addHost(2, '10.9.1.2/24', '02:00:00:00:91:02');
    await env.addLoop(3, 4);

    // Before the flows exist nothing passes (fail-mode secure, empty table).
    await assert.rejects(run('ping', ['-c', '1', '-W', '1', '10.9.1.2'], { netns: h1 }));

    await dp.sendFlowMods(mplsFlows(), { bundle: true });
    const out = await run('ping', ['-c', '3', '-i', '0.2', '-W', '2', '10.9.1.2'], { netns: h1 });
    assert.match(out, /3 received/);

    // Counters on the MPLS flows, read by us and by ovs-ofctl: labelled frames really passed.
    // OVS updates flow counters from its datapath cache lazily (revalidators), hence the poll.
    const counts = async () => {
      const reply = await dp.request(flowStatsRequest(0));
      return new Map(reply.body.kind === 'flow' ? reply.body.flows.map((f) => [f.cookie, f.packetCount]) : []);
    };
    const labelled = [0x101n, 0x1101n, 0x102n, 0x1102n];
    const byCookie = await until('MPLS flow counters to reach 3', async () => {
      const c = await counts();
      return labelled.every((k) => (c.get(k) ?? 0n) >= 3n) ? c : undefined;
    }).catch(async (err: Error) => assert.fail(`${err.message}: ${[...(await counts())].map(([k, v]) => `0x${k.toString(16)}=${v}`).join(' ')}`));
    for (const cookie of labelled) assert.ok((byCookie.get(cookie) ?? 0n) >= 3n);
    const theirs = parseDumpFlows(await env.ofctl13(['dump-flows', env.mgmt(), 'mpls']));
    assert.equal(theirs.length, 2);
    for (const f of theirs) assert.ok(f.packets >= 3, `ovs-ofctl: ${f.match.join(',')} n_packets=${f.packets}`);
    // The loop ports themselves carried the labelled frames.
    const p3 = await env.ofctl13(['dump-ports', env.mgmt(), '3']);
    assert.ok(Number(/tx pkts=(\d+)/.exec(p3)?.[1]) >= 3, p3);
  });
});
