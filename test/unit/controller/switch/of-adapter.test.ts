/**
 * FlowSpec ↔ OpenFlow: every flow the router makes survives FlowSpec → FLOW_MOD bytes →
 * decoded match/instructions → FlowSpec with the same identity and instructions, which is
 * what reconcile relies on.
 */
import { strict as assert } from 'node:assert';
import { ForwardingState } from '../../../../controller/core/forwarding-state.js';
import { decodeMessage, encodeMessage } from '../../../../controller/deps/openflow.js';
import { label, parseIpv4, parseIpv4Prefix, parseRd } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';
import { flowKey, instructionsKey } from '../../../../controller/pipeline/flow-spec.js';
import { addFlowMod, deleteStrictFlowMod, fromFlowStats } from '../../../../controller/switch/of-adapter.js';

describe('controller OpenFlow adapter', () => {
  it('round-trips every flow of a populated router through FLOW_MOD bytes', () => {
    const s = new ForwardingState();
    const rd = parseRd('65001:101');
    s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: parseMac('00:00:00:01:01:01'), peerIp: parseIpv4('192.168.0.2') }, 0);
    s.addVrf(rd, 0);
    s.bindPort({ port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:01'), vrf: rd }, 0);
    s.learn(parseIpv4('192.168.0.2'), parseMac('02:00:00:00:00:02'), 1, 0);
    s.learn(parseIpv4('10.1.0.2'), parseMac('02:00:00:00:01:02'), 3, 0);
    for (const p of ['0.0.0.0/0', '50.0.0.0/8', '50.1.0.0/24', '50.1.0.7/32']) {
      s.applyRoute({ vrf: rd, prefix: parseIpv4Prefix(p), nexthop: parseIpv4('192.168.0.2'), labels: [label(2000)], source: 'remote', withdraw: false }, 0);
    }
    s.applyRoute({ vrf: rd, prefix: parseIpv4Prefix('110.1.0.0/24'), nexthop: parseIpv4('10.1.0.2'), labels: [label(1001)], source: 'local', withdraw: false }, 0);
    const flows = s.flows.desiredFlows();
    assert.ok(flows.length > 15);
    for (const f of flows) {
      const mod = decodeMessage(encodeMessage({ ...addFlowMod(f), xid: 7 }));
      assert.equal(mod.type, 'flow_mod');
      if (mod.type !== 'flow_mod') continue;
      const back = fromFlowStats({
        tableId: mod.tableId, durationSec: 0, durationNsec: 0, priority: mod.priority, idleTimeout: 0, hardTimeout: 0,
        flags: 0, cookie: mod.cookie, packetCount: 0n, byteCount: 0n, match: mod.match, instructions: mod.instructions,
      });
      assert.ok(back, `decodes ${flowKey(f)}`);
      assert.equal(flowKey(back), flowKey(f));
      assert.equal(instructionsKey(back), instructionsKey(f));
      const del = deleteStrictFlowMod(f);
      assert.equal(del.command, 'delete_strict');
      assert.equal(del.priority, f.priority);
      assert.deepEqual(del.match, mod.match);
    }
  });
});
