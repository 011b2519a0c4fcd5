import assert from 'node:assert/strict';
import {
  flowMod,
  flowStatsRequest,
  OFPFF,
  OFPP_ANY,
  OFPP_CONTROLLER,
  OfSwitchError,
  OpenFlowServer,
  type Datapath,
  type FlowModMessage,
  type FlowRemovedMessage,
  type MacAddress,
} from '../../../openflow/index.js';
import { OfTestEnv } from '../../support/openflow-env.js';
import { connectBridge, eventMatching } from '../../support/openflow-harness.js';
import { normalizeStats, parseDumpFlows } from '../../support/openflow-ofctl.js';

const MAC_A = '02:00:00:00:00:01' as MacAddress;
const MAC_B = '02:00:00:00:00:02' as MacAddress;
const MAC_C = '02:00:00:00:00:03' as MacAddress;

/** One flow of every action/instruction kind the design's pipeline uses (§3.1), over tables 0-2. */
function pipelineFlows(): FlowModMessage[] {
  return [
    // table 0: host port IP → VRF id into metadata, go to the VRF FIB.
    flowMod({ tableId: 0, priority: 80, cookie: 0x13n, match: [{ field: 'in_port', value: 2 }, { field: 'eth_type', value: 0x0800 }], instructions: [{ type: 'write_metadata', metadata: 5n, mask: 0xffn }, { type: 'goto_table', tableId: 1 }] }),
    // table 0: uplink MPLS → LFIB.
    flowMod({ tableId: 0, priority: 90, cookie: 0x12n, match: [{ field: 'in_port', value: 1 }, { field: 'eth_type', value: 0x8847 }], instructions: [{ type: 'goto_table', tableId: 2 }] }),
    // table 0: ARP → controller.
    flowMod({ tableId: 0, priority: 70, cookie: 0x14n, match: [{ field: 'eth_type', value: 0x0806 }], instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: OFPP_CONTROLLER, maxLen: 0xffff }] }] }),
    // table 1: remote route → push MPLS, set label, rewrite MACs, out the uplink.
    flowMod({
      tableId: 1,
      priority: 1024,
      cookie: 0x21n,
      match: [{ field: 'eth_type', value: 0x0800 }, { field: 'metadata', value: 5n, mask: 0xffn }, { field: 'ipv4_dst', value: 0x0a020000, mask: 0xffff0000 }],
      instructions: [
        {
          type: 'apply_actions',
          actions: [
            { type: 'push_mpls', ethertype: 0x8847 },
            { type: 'set_field', field: { field: 'mpls_label', value: 100 } },
            { type: 'set_field', field: { field: 'eth_src', value: MAC_A } },
            { type: 'set_field', field: { field: 'eth_dst', value: MAC_B } },
            { type: 'output', port: 1, maxLen: 0 },
          ],
        },
      ],
    }),
    // table 1: local route → dec TTL, rewrite MACs, out a host port.
    flowMod({
      tableId: 1,
      priority: 1032,
      cookie: 0x22n,
      match: [{ field: 'eth_type', value: 0x0800 }, { field: 'metadata', value: 5n, mask: 0xffn }, { field: 'ipv4_dst', value: 0x0a010203 }],
      instructions: [
        {
          type: 'apply_actions',
          actions: [
            { type: 'dec_nw_ttl' },
            { type: 'set_field', field: { field: 'eth_src', value: MAC_A } },
            { type: 'set_field', field: { field: 'eth_dst', value: MAC_C } },
            { type: 'output', port: 2, maxLen: 0 },
          ],
        },
      ],
    }),
    // table 2: local label → pop MPLS, rewrite MAC, out a host port.
    flowMod({
      tableId: 2,
      priority: 100,
      cookie: 0x31n,
      match: [{ field: 'eth_type', value: 0x8847 }, { field: 'mpls_label', value: 200 }, { field: 'mpls_bos', value: 1 }],
      instructions: [
        {
          type: 'apply_actions',
          actions: [
            { type: 'pop_mpls', ethertype: 0x0800 },
            { type: 'set_field', field: { field: 'eth_dst', value: MAC_C } },
            { type: 'output', port: 2, maxLen: 0 },
          ],
        },
      ],
    }),
  ];
}

/** A valid table-1 flow number `i` (for batches). */
function filler(i: number): FlowModMessage {
  return flowMod({
    tableId: 1,
    priority: 500,
    match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: (0x0b000000 + i) >>> 0 }],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: 2, maxLen: 0 }] }],
  });
}

/** goto_table may only go forward (OF 1.3.5 §5.1): OVS refuses table 2 → 1. */
const badGoto = flowMod({ tableId: 2, priority: 1, match: [], instructions: [{ type: 'goto_table', tableId: 1 }] });
/** OFPP_ANY is not a valid output port. */
const badOutput = flowMod({ tableId: 1, priority: 1, match: [], instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: OFPP_ANY, maxLen: 0 }] }] });

describe('openflow integration: flows (real ovs-vswitchd)', function () {
  this.timeout(60_000);
  let env: OfTestEnv;
  let server: OpenFlowServer;
  let dp: Datapath;

  before(async () => {
    env = await OfTestEnv.create('fl');
    ({ server, dp } = await connectBridge(env));
  });
  after(async () => {
    await server?.close();
    await env?.destroy();
  });
  beforeEach(async () => {
    await env.ofctl13(['del-flows', env.mgmt()]);
  });

  const ofctlFlows = async () => parseDumpFlows(await env.ofctl13(['dump-flows', env.mgmt()]));
  const ourFlows = async () => {
    const reply = await dp.request(flowStatsRequest(0));
    assert.equal(reply.body.kind, 'flow');
    return reply.body.kind === 'flow' ? normalizeStats(reply.body.flows) : [];
  };

  it('installs one flow of every pipeline action/instruction kind; FLOW multipart and ovs-ofctl agree field by field', async () => {
    const mods = pipelineFlows();
    await dp.sendFlowMods(mods);
    const ours = await ourFlows();
    const theirs = await ofctlFlows();
    assert.equal(theirs.length, mods.length);
    assert.deepEqual(ours, theirs);
    // And both say what we sent.
    assert.deepEqual(ours.map(({ packets: _, ...f }) => f), normalizeStats(mods).map(({ packets: _, ...f }) => f));
    // Spot-check the ovs-ofctl text itself for the MPLS push flow, in its own spelling.
    const push = theirs.find((f) => f.cookie === '0x21');
    assert.deepEqual(push?.actions, ['push_mpls:0x8847', 'set_field:100->mpls_label', `set_field:${MAC_A}->eth_src`, `set_field:${MAC_B}->eth_dst`, 'output:1']);
    assert.deepEqual(push?.match, ['ip', 'metadata=0x5/0xff', 'nw_dst=10.2.0.0/16']);
  });

  it('installs the same flows inside a bundle', async () => {
    await dp.sendFlowMods(pipelineFlows(), { bundle: true });
    assert.deepEqual(await ourFlows(), await ofctlFlows());
    assert.equal((await ofctlFlows()).length, pipelineFlows().length);
  });

  it('a refused single flow-mod rejects its own promise with a typed error', async () => {
    const [r1, r2, r3] = await Promise.allSettled([dp.request(filler(1)), dp.request(badGoto), dp.request(filler(2))]);
    assert.equal(r1.status, 'fulfilled');
    assert.equal(r3.status, 'fulfilled');
    assert.equal(r2.status, 'rejected');
    const err = (r2 as PromiseRejectedResult).reason;
    assert.ok(err instanceof OfSwitchError, String(err));
    assert.equal(err.typeName, 'OFPET_BAD_INSTRUCTION');
    assert.equal(err.codeName, 'OFPBIC_BAD_TABLE_ID');
    assert.equal(err.data.readUInt32BE(4), err.xid, 'the echoed request carries the same xid');
    await assert.rejects(dp.request(badOutput), (e: unknown) => e instanceof OfSwitchError && e.typeName === 'OFPET_BAD_ACTION' && e.codeName === 'OFPBAC_BAD_OUT_PORT');
  });

  it('a refused flow-mod inside a plain batch rejects the batch naming its index; the others are installed', async () => {
    const mods = Array.from({ length: 50 }, (_, i) => filler(i));
    mods[17] = badOutput;
    const err = await dp.sendFlowMods(mods).then(
      () => assert.fail('batch resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OfSwitchError, String(err));
    assert.equal(err.index, 17);
    assert.equal(err.codeName, 'OFPBAC_BAD_OUT_PORT');
    assert.equal(err.data.readUInt32BE(4), err.xid);
    assert.equal((await ofctlFlows()).length, 49);
    await dp.barrier(); // the connection is still fine
  });

  it('a refused flow-mod inside a bundle rejects the batch naming its index, and nothing is installed', async () => {
    const mods = Array.from({ length: 50 }, (_, i) => filler(i));
    mods[33] = badGoto;
    const err = await dp.sendFlowMods(mods, { bundle: true }).then(
      () => assert.fail('bundle resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OfSwitchError, String(err));
    assert.equal(err.index, 33);
    assert.equal(err.codeName, 'OFPBIC_BAD_TABLE_ID');
    assert.equal((await ofctlFlows()).length, 0, 'atomic bundle left flows behind');
    // A following bundle works (the failed one was discarded by the switch).
    await dp.sendFlowMods(mods.filter((_, i) => i !== 33), { bundle: true });
    assert.equal((await ofctlFlows()).length, 49);
  });

  it('a flow-mod failing at bundle commit (overlap check) rejects naming its index, and nothing is installed', async () => {
    const wide = flowMod({ tableId: 1, priority: 10, match: [{ field: 'eth_type', value: 0x0800 }], instructions: [] });
    const narrow = flowMod({ tableId: 1, priority: 10, flags: OFPFF.CHECK_OVERLAP, match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: 0x01020304 }], instructions: [] });
    const mods = [filler(1), wide, filler(2), narrow, filler(3)];
    const err = await dp.sendFlowMods(mods, { bundle: true }).then(
      () => assert.fail('bundle resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof OfSwitchError, String(err));
    assert.equal(err.codeName, 'OFPFMFC_OVERLAP');
    assert.equal(err.index, 3);
    assert.equal((await ofctlFlows()).length, 0);
  });

  it('reports FLOW_REMOVED for a flow added with SEND_FLOW_REM (hard timeout, and delete by ovs-ofctl)', async () => {
    const timed = flowMod({ tableId: 1, priority: 7, cookie: 0x77n, hardTimeout: 1, flags: OFPFF.SEND_FLOW_REM, match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: 0x0c000001 }], instructions: [] });
    const deleted = flowMod({ tableId: 1, priority: 8, cookie: 0x78n, flags: OFPFF.SEND_FLOW_REM, match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ipv4_dst', value: 0x0c000002 }], instructions: [] });
    const expired = eventMatching<[FlowRemovedMessage]>(dp, 'flow_removed', (m) => m.cookie === 0x77n);
    const removed = eventMatching<[FlowRemovedMessage]>(dp, 'flow_removed', (m) => m.cookie === 0x78n);
    await dp.sendFlowMods([timed, deleted]);
    await env.ofctl13(['del-flows', env.mgmt(), 'table=1,ip,nw_dst=12.0.0.2']);
    const [r2] = await removed;
    assert.equal(r2.reason, 'delete');
    assert.equal(r2.priority, 8);
    const [r1] = await expired;
    assert.equal(r1.reason, 'hard_timeout');
    assert.equal(r1.tableId, 1);
    assert.equal(r1.hardTimeout, 1);
  });

  it('reassembles a FLOW reply split over several multipart messages', async () => {
    const mods = Array.from({ length: 3000 }, (_, i) => filler(i));
    // Small socket writes (1000 bytes, not a multiple of a flow-mod) exercise the chunk flush path.
    await dp.sendFlowMods(mods.slice(0, 1500), { bundle: true, chunkBytes: 1000 });
    await dp.sendFlowMods(mods.slice(1500), { chunkBytes: 1000 });
    const reply = await dp.request(flowStatsRequest(0, { tableId: 1 }));
    assert.equal(reply.body.kind, 'flow');
    if (reply.body.kind === 'flow') {
      assert.equal(reply.body.flows.length, 3000);
      const dsts = new Set(reply.body.flows.map((f) => { const m = f.match.find((x) => x.field === "ipv4_dst"); return m && m.field === "ipv4_dst" ? m.value : -1; }));
      assert.equal(dsts.size, 3000);
    }
    const agg = await dp.request(flowStatsRequest(0, { tableId: 1 }, 'aggregate'));
    assert.equal(agg.body.kind === 'aggregate' ? agg.body.flowCount : -1, 3000);
  });
});
