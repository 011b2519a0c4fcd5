/**
 * The global table's routes learned over BGP IPv4 unicast, as the forwarding state programs
 * them: plain IP out of the uplink with the peer's MAC, IPv4 from the uplink looked up in the
 * global table only, and no crossing between the global table and a VRF (forwarding behaviour
 * through the pipeline interpreter, no flow text).
 */
import { strict as assert } from 'node:assert';
import { ForwardingState } from '../../../../controller/core/forwarding-state.js';
import { label, parseIpv4, parseIpv4Prefix, parseRd } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';
import { simulate, type SimPacket } from '../pipeline-sim.js';

const VRF = parseRd('65001:1');
const UPLINK_MAC = parseMac('00:00:00:01:01:01');
const PEER_MAC = parseMac('02:00:00:00:00:02');
const GLOBAL_PORT_MAC = parseMac('00:00:00:00:00:03');
const GLOBAL_HOST_MAC = parseMac('02:00:00:00:03:02');
const IPV4 = 0x0800;

/** Uplink on port 1 (offload 2), a global port 3 (172.16.0.1/24), a VRF port 4 (10.2.0.1/24). */
function site(): ForwardingState {
  const s = new ForwardingState();
  s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: UPLINK_MAC, peerIp: parseIpv4('192.168.0.2') }, 0);
  s.addVrf(VRF, 0);
  s.bindPort({ port: 3, ip: parseIpv4('172.16.0.1'), prefixLength: 24, mac: GLOBAL_PORT_MAC }, 0);
  s.bindPort({ port: 4, ip: parseIpv4('10.2.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:04'), vrf: VRF }, 0);
  s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
  s.learn(parseIpv4('172.16.0.2'), GLOBAL_HOST_MAC, 3, 0);
  return s;
}

const received = (prefix: string, withdraw = false) => ({ prefix: parseIpv4Prefix(prefix), nexthop: parseIpv4('192.168.0.2'), source: 'remote' as const, withdraw });
const packet = (inPort: number, dst: string): SimPacket => ({ inPort, ethType: IPV4, ipv4Dst: parseIpv4(dst) });

function flows(s: ForwardingState) {
  s.flows.drain();
  return s.flows.desiredFlows();
}

describe('controller forwarding state: global routes learned over IPv4 unicast', () => {
  it('a packet of the global table to a received prefix leaves the uplink with the peer’s MAC and no MPLS', () => {
    const s = site();
    s.applyGlobalRoute(received('10.99.0.0/16'), 1);
    const r = simulate(flows(s), packet(3, '10.99.1.7'));
    assert.deepEqual(r.outputs.map((o) => o.port), [1]);
    const out = r.outputs[0]!.packet;
    assert.equal(out.ethSrc, UPLINK_MAC);
    assert.equal(out.ethDst, PEER_MAC);
    assert.equal(out.ethType, IPV4);
    assert.deepEqual(out.labels, []);
    const flow = flows(s).find((f) => f.table === 1 && f.match.ipv4Dst?.address === parseIpv4('10.99.0.0'))!;
    const types = flow.instructions.apply!.map((a) => a.type);
    assert.ok(types.indexOf('dec-nw-ttl') === 0 && !types.includes('push-mpls'), types.join(','));
  });

  it('waits for the peer’s MAC; a withdrawal removes the route', () => {
    const s = new ForwardingState();
    s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: UPLINK_MAC, peerIp: parseIpv4('192.168.0.2') }, 0);
    s.bindPort({ port: 3, ip: parseIpv4('172.16.0.1'), prefixLength: 24, mac: GLOBAL_PORT_MAC }, 0);
    s.applyGlobalRoute(received('10.99.0.0/16'), 1);
    assert.equal(simulate(flows(s), packet(3, '10.99.1.7')).outputs.length, 0);
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 2);
    assert.deepEqual(simulate(flows(s), packet(3, '10.99.1.7')).outputs.map((o) => o.port), [1]);
    s.applyGlobalRoute(received('10.99.0.0/16', true), 3);
    assert.equal(simulate(flows(s), packet(3, '10.99.1.7')).outputs.length, 0);
    assert.deepEqual(s.routesOf(''), []);
  });

  it('IPv4 from the uplink is looked up in the global table; to the router’s uplink address it still goes to the offload port', () => {
    const f = flows(site());
    const toHost = simulate(f, packet(1, '172.16.0.2'));
    assert.deepEqual(toHost.outputs.map((o) => o.port), [3]);
    assert.equal(toHost.outputs[0]!.packet.ethDst, GLOBAL_HOST_MAC);
    assert.deepEqual(toHost.tables, [0, 1]);
    const bgp = simulate(f, packet(1, '192.168.0.1'));
    assert.deepEqual(bgp.outputs.map((o) => o.port), [2]);
    assert.deepEqual(bgp.tables, [0]);
    // MPLS from the uplink still goes to the LFIB.
    assert.deepEqual(simulate(f, { inPort: 1, ethType: 0x8847, labels: [label(1000)] }).tables, [0, 2]);
  });

  it('VRF traffic never matches global routes, and the global table never reaches a VRF', () => {
    const s = site();
    s.applyGlobalRoute(received('10.99.0.0/16'), 1);
    s.applyRoute({ vrf: VRF, prefix: parseIpv4Prefix('150.1.0.0/24'), nexthop: parseIpv4('192.168.0.2'), labels: [label(2001)], source: 'remote', withdraw: false }, 1);
    s.learn(parseIpv4('10.2.0.2'), parseMac('02:00:00:00:04:02'), 4, 1);
    const f = flows(s);
    assert.equal(simulate(f, packet(4, '10.99.1.7')).outputs.length, 0, 'VRF host → global prefix: dropped');
    assert.equal(simulate(f, packet(3, '150.1.0.9')).outputs.length, 0, 'global host → VRF prefix: dropped');
    assert.equal(simulate(f, packet(1, '10.2.0.2')).outputs.length, 0, 'uplink IP → VRF host: dropped');
    assert.equal(simulate(f, packet(1, '150.1.0.9')).outputs.length, 0, 'uplink IP → VRF remote prefix: dropped');
    const vrfOut = simulate(f, packet(4, '150.1.0.9'));
    assert.deepEqual(vrfOut.outputs[0]!.packet.labels, [2001], 'the VRF route itself still works');
  });

  it('a static route beats a received one of the same prefix; the received one takes over when it goes', () => {
    const s = site();
    s.applyGlobalRoute(received('10.99.0.0/16'), 1);
    s.setGlobalRoute(parseIpv4Prefix('10.99.0.0/16'), parseIpv4('172.16.0.2'), false, 2);
    assert.deepEqual(simulate(flows(s), packet(3, '10.99.1.7')).outputs.map((o) => o.port), [3]);
    s.applyGlobalRoute(received('10.99.0.0/16'), 3); // re-announced: still hidden
    assert.deepEqual(simulate(flows(s), packet(3, '10.99.1.7')).outputs.map((o) => o.port), [3]);
    s.setGlobalRoute(parseIpv4Prefix('10.99.0.0/16'), parseIpv4('172.16.0.2'), true, 4);
    assert.deepEqual(simulate(flows(s), packet(3, '10.99.1.7')).outputs.map((o) => o.port), [1]);
    s.setGlobalRoute(parseIpv4Prefix('10.99.0.0/16'), parseIpv4('172.16.0.2'), false, 5);
    s.applyGlobalRoute(received('10.99.0.0/16', true), 6);
    s.setGlobalRoute(parseIpv4Prefix('10.99.0.0/16'), parseIpv4('172.16.0.2'), true, 7);
    assert.equal(simulate(flows(s), packet(3, '10.99.1.7')).outputs.length, 0, 'both gone');
  });
});
