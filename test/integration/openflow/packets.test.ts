import assert from 'node:assert/strict';
import { run } from '../../../pseudo-wan/system/index.js';
import {
  ARP_OP,
  arpReplyFrame,
  decodeArp,
  decodeEthernet,
  ETH_TYPE,
  flowMod,
  OFPP_CONTROLLER,
  packetInPort,
  packetOut,
  type Datapath,
  type MacAddress,
  type OpenFlowServer,
  type PacketInMessage,
} from '../../../openflow/index.js';
import { OfTestEnv } from '../../support/openflow-env.js';
import { connectBridge, eventMatching, until } from '../../support/openflow-harness.js';

const HOST_MAC = '02:00:00:00:09:02' as MacAddress;
const ROUTER_MAC = '02:00:00:00:09:01' as MacAddress;
const HOST_IP = 0x0a090002; // 10.9.0.2
const ROUTER_IP = 0x0a090001; // 10.9.0.1

describe('openflow integration: packet-in, packet-out, port counters (real ovs-vswitchd)', function () {
  this.timeout(60_000);
  let env: OfTestEnv;
  let server: OpenFlowServer;
  let dp: Datapath;
  let host: string;

  before(async () => {
    env = await OfTestEnv.create('pk');
    ({ server, dp } = await connectBridge(env));
    host = await env.addHost(1, '10.9.0.2/24', HOST_MAC);
    // Table 0: ARP → controller (design §3.1: host port ARP → controller).
    await dp.sendFlowMods([
      flowMod({ priority: 100, match: [{ field: 'eth_type', value: ETH_TYPE.ARP }], instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: OFPP_CONTROLLER, maxLen: 0xffff }] }] }),
    ]);
  });
  after(async () => {
    await server?.close();
    await env?.destroy();
  });

  it('an ARP request from a host arrives as PACKET_IN and decodes; our PACKET_OUT reply lands in the host ARP table', async () => {
    const isArpRequest = (m: PacketInMessage) => {
      try {
        const eth = decodeEthernet(m.data);
        return eth.ethertype === ETH_TYPE.ARP && decodeArp(eth.payload).tpa === ROUTER_IP;
      } catch {
        return false;
      }
    };
    const arrived = eventMatching<[PacketInMessage]>(dp, 'packet_in', isArpRequest);
    // No arping here: a ping to an on-link address makes the host's kernel ARP for it.
    const ping = run('ping', ['-c', '3', '-W', '1', '10.9.0.1'], { netns: host }).catch(() => 'no reply (expected: nothing answers ICMP)');
    const [pin] = await arrived;
    assert.equal(packetInPort(pin), 1);
    const eth = decodeEthernet(pin.data);
    assert.equal(eth.src, HOST_MAC);
    assert.equal(eth.dst, 'ff:ff:ff:ff:ff:ff');
    const arp = decodeArp(eth.payload);
    assert.equal(arp.op, ARP_OP.REQUEST);
    assert.equal(arp.sha, HOST_MAC);
    assert.equal(arp.spa, HOST_IP);

    await dp.request(packetOut(0, arpReplyFrame(ROUTER_MAC, ROUTER_IP, HOST_MAC, HOST_IP), [{ type: 'output', port: 1, maxLen: 0 }]));
    const neigh = await until('the host to learn our MAC', async () => {
      const out = await run('ip', ['neigh', 'show', '10.9.0.1', 'dev', 'eth0'], { netns: host });
      return out.includes(ROUTER_MAC) ? out : undefined;
    });
    assert.match(neigh, /lladdr 02:00:00:00:09:01/);
    await ping;
  });

  it('port counters (PORT_STATS multipart) rise with traffic, as ovs-ofctl dump-ports shows too', async () => {
    const stats = async () => {
      const reply = await dp.request({ type: 'multipart_request', xid: 0, flags: 0, body: { kind: 'port_stats', portNo: 1 } });
      assert.equal(reply.body.kind, 'port_stats');
      const p = reply.body.kind === 'port_stats' ? reply.body.ports.find((x) => x.portNo === 1) : undefined;
      assert.ok(p, 'port 1 in PORT_STATS');
      return p;
    };
    const before = await stats();
    // Five pings: each ARPs or sends ICMP into port 1 (nothing answers; the frames still count).
    await run('ip', ['neigh', 'flush', 'dev', 'eth0'], { netns: host });
    await run('ping', ['-c', '5', '-i', '0.2', '-W', '1', '10.9.0.77'], { netns: host }).catch(() => undefined);
    const after = await stats();
    assert.ok(after.rxPackets > before.rxPackets, `rx_packets ${before.rxPackets} → ${after.rxPackets}`);
    assert.ok(after.rxBytes > before.rxBytes);
    const dump = await env.ofctl13(['dump-ports', env.mgmt(), '1']);
    const rx = Number(/rx pkts=(\d+)/.exec(dump)?.[1]);
    assert.ok(rx >= Number(after.rxPackets), `ovs-ofctl rx pkts=${rx}, ours ${after.rxPackets}`);
  });
});
