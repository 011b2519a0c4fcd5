/**
 * The pusher against a fake switch that keeps a flow table the way OpenFlow defines it (ADD
 * replaces identical match+priority, DELETE_STRICT needs the exact priority and match,
 * DELETE by cookie). A unit test of one module, so the fake is allowed; the real OVS is in
 * the integration tests.
 */
import { strict as assert } from 'node:assert';
import { ForwardingState } from '../../../../controller/core/forwarding-state.js';
import { label, parseIpv4, parseIpv4Prefix, parseRd } from '../../../../controller/deps/bgp.js';
import { parseMac, type FlowModMessage, type FlowStats, type MultipartReplyMessage } from '../../../../controller/deps/openflow.js';
import { flowKey, instructionsKey } from '../../../../controller/pipeline/flow-spec.js';
import { decodeCookie } from '../../../../controller/pipeline/cookie.js';
import { FlowPusher } from '../../../../controller/switch/flow-pusher.js';
import { fromFlowStats } from '../../../../controller/switch/of-adapter.js';
import type { FlowMessageSink } from '../../../../controller/switch/switch-port.js';

class FakeSwitch implements FlowMessageSink {
  readonly table = new Map<string, FlowStats>();
  readonly batches: Array<{ commands: string[]; bundle: boolean }> = [];

  private keyOf(tableId: number, priority: number, match: FlowModMessage['match']): string {
    return `${tableId}/${priority}/${JSON.stringify(match, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`;
  }

  async sendFlowMods(mods: readonly FlowModMessage[], options: { bundle?: boolean }): Promise<void> {
    this.batches.push({ commands: mods.map((m) => m.command), bundle: !!options.bundle });
    for (const m of mods) {
      if (m.command === 'add') {
        this.table.set(this.keyOf(m.tableId, m.priority, m.match), {
          tableId: m.tableId, durationSec: 0, durationNsec: 0, priority: m.priority, idleTimeout: 0, hardTimeout: 0,
          flags: 0, cookie: m.cookie, packetCount: 0n, byteCount: 0n, match: m.match, instructions: m.instructions,
        });
      } else if (m.command === 'delete_strict') {
        this.table.delete(this.keyOf(m.tableId, m.priority, m.match));
      } else if (m.command === 'delete') {
        for (const [k, f] of this.table) if ((f.cookie & m.cookieMask) === (m.cookie & m.cookieMask)) this.table.delete(k);
      }
    }
  }

  async request(): Promise<MultipartReplyMessage> {
    return { type: 'multipart_reply', xid: 1, flags: 0, body: { kind: 'flow', flows: [...this.table.values()] } };
  }

  specs(): string[] {
    return [...this.table.values()].map((s) => {
      const f = decodeCookie(s.cookie) ? fromFlowStats(s) : undefined;
      return f ? `${flowKey(f)} ${instructionsKey(f)}` : 'foreign';
    }).sort();
  }
}

function populated(): ForwardingState {
  const s = new ForwardingState();
  const rd = parseRd('65001:101');
  s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: parseMac('00:00:00:01:01:01'), peerIp: parseIpv4('192.168.0.2') }, 0);
  s.addVrf(rd, 0);
  s.bindPort({ port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:01'), vrf: rd }, 0);
  s.learn(parseIpv4('192.168.0.2'), parseMac('02:00:00:00:00:02'), 1, 0);
  return s;
}

function desired(s: ForwardingState): string[] {
  return s.flows.desiredFlows().map((f) => `${flowKey(f)} ${instructionsKey(f)}`).sort();
}

describe('controller flow pusher', () => {
  it('reconciles a switch holding stale and foreign flows, then sends only changes', async () => {
    const sw = new FakeSwitch();
    // A stale flow of ours from an earlier run, and a foreign one.
    const old = populated();
    old.applyRoute({ vrf: parseRd('65001:101'), prefix: parseIpv4Prefix('60.0.0.0/8'), nexthop: parseIpv4('192.168.0.2'), labels: [label(99)], source: 'remote', withdraw: false }, 0);
    const oldPusher = new FlowPusher(old.flows);
    await oldPusher.attach(sw);
    await sw.sendFlowMods([{ ...(await import('../../../../controller/deps/openflow.js')).flowMod({ priority: 5, cookie: 0x1234n }) }], {});
    assert.ok(sw.specs().includes('foreign'));

    const s = populated();
    s.applyRoute({ vrf: parseRd('65001:101'), prefix: parseIpv4Prefix('50.1.0.0/24'), nexthop: parseIpv4('192.168.0.2'), labels: [label(2001)], source: 'remote', withdraw: false }, 0);
    const pusher = new FlowPusher(s.flows);
    await pusher.attach(sw);
    assert.deepEqual(sw.specs(), desired(s));

    sw.batches.length = 0;
    for (let i = 0; i < 300; i++) {
      s.applyRoute({ vrf: parseRd('65001:101'), prefix: parseIpv4Prefix(`70.${i >> 8}.${i & 255}.0/24`), nexthop: parseIpv4('192.168.0.2'), labels: [label(3000 + i)], source: 'remote', withdraw: false }, 1);
    }
    s.applyRoute({ vrf: parseRd('65001:101'), prefix: parseIpv4Prefix('50.1.0.0/24'), nexthop: parseIpv4('192.168.0.2'), labels: [label(2001)], source: 'remote', withdraw: true }, 1);
    pusher.schedule();
    await pusher.idle();
    assert.equal(sw.batches.length, 1, 'one turn of changes = one batch');
    assert.equal(sw.batches[0]!.bundle, true, 'a large change goes as a bundle');
    assert.deepEqual(sw.batches[0]!.commands[0], 'delete_strict', 'deletes first');
    assert.equal(sw.batches[0]!.commands.filter((c) => c === 'add').length, 300);
    assert.deepEqual(sw.specs(), desired(s));

    sw.batches.length = 0;
    pusher.schedule();
    await pusher.idle();
    assert.equal(sw.batches.length, 0, 'nothing changed, nothing sent');
  });
});
