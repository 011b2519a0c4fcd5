/**
 * The forwarding state as a functional core: event sequences in, forwarding behaviour out
 * (through the pipeline interpreter), no sockets.
 */
import { strict as assert } from 'node:assert';
import { ForwardingState, type VrfRouteChange } from '../../../../controller/core/forwarding-state.js';
import { flowKey, matchKey } from '../../../../controller/pipeline/flow-spec.js';
import { label, parseIpv4, parseIpv4Prefix, parseRd, type Label } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';
import { simulate, type SimPacket } from '../pipeline-sim.js';

const UPLINK_MAC = parseMac('00:00:00:01:01:01');
const PEER_MAC = parseMac('02:00:00:00:00:02');
const RD_A = parseRd('65001:101');
const RD_B = parseRd('65001:102');
const RD_C = parseRd('65001:103');

function site(): ForwardingState {
  const s = new ForwardingState();
  s.setUplink(
    { port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: UPLINK_MAC, peerIp: parseIpv4('192.168.0.2') },
    0,
  );
  s.addVrf(RD_A, 0);
  s.addVrf(RD_B, 0);
  s.addVrf(RD_C, 0);
  s.bindPort({ port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:01'), vrf: RD_A }, 0);
  s.bindPort({ port: 4, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:02'), vrf: RD_B }, 0);
  s.bindPort({ port: 5, ip: parseIpv4('10.3.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:03'), vrf: RD_C }, 0);
  return s;
}

function remote(vrf: typeof RD_A, prefix: string, lab: number, withdraw = false): VrfRouteChange {
  return { vrf, prefix: parseIpv4Prefix(prefix), nexthop: parseIpv4('192.168.0.2'), labels: [label(lab)], source: 'remote', withdraw };
}

function local(vrf: typeof RD_A, prefix: string, nexthop: string, lab: number, withdraw = false): VrfRouteChange {
  return { vrf, prefix: parseIpv4Prefix(prefix), nexthop: parseIpv4(nexthop), labels: [label(lab)], source: 'local', withdraw };
}

function fromHost(port: number, dst: string): SimPacket {
  return { inPort: port, ethType: 0x0800, ipv4Dst: parseIpv4(dst) };
}

function flows(s: ForwardingState) {
  s.flows.drain();
  return s.flows.desiredFlows();
}

describe('controller forwarding state', () => {
  it('remote routes wait for the peer MAC, then push the label toward the peer', () => {
    const s = site();
    assert.deepEqual(s.takeArpRequests()[0], { ip: parseIpv4('192.168.0.2'), port: 1 });
    s.applyRoute(remote(RD_A, '50.1.0.0/24', 2001), 1);
    assert.equal(simulate(flows(s), fromHost(3, '50.1.0.2')).outputs.length, 0, 'no flow before the peer MAC is known');
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 2);
    const r = simulate(flows(s), fromHost(3, '50.1.0.2'));
    assert.equal(r.outputs.length, 1);
    assert.equal(r.outputs[0]!.port, 1);
    assert.deepEqual(r.outputs[0]!.packet.labels, [2001]);
    assert.equal(r.outputs[0]!.packet.ethDst, PEER_MAC);
    assert.equal(r.outputs[0]!.packet.ethSrc, UPLINK_MAC);
    assert.equal(r.outputs[0]!.packet.ethType, 0x8847);
  });

  it('classifies uplink and offload traffic', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    const f = flows(s);
    const arpIn = simulate(f, { inPort: 1, ethType: 0x0806 });
    assert.deepEqual(arpIn.outputs.map((o) => o.port), [2]);
    assert.ok(arpIn.toController);
    const bgpIn = simulate(f, { inPort: 1, ethType: 0x0800, ipv4Dst: parseIpv4('192.168.0.1') });
    assert.deepEqual(bgpIn.outputs.map((o) => o.port), [2]);
    assert.equal(bgpIn.toController, false, 'BGP packets are not copied to the controller');
    const bgpOut = simulate(f, { inPort: 2, ethType: 0x0800, ipv4Dst: parseIpv4('192.168.0.2') });
    assert.deepEqual(bgpOut.outputs.map((o) => o.port), [1]);
    const hostArp = simulate(f, { inPort: 3, ethType: 0x0806 });
    assert.ok(hostArp.toController);
    assert.equal(hostArp.outputs.length, 0);
    const stranger = simulate(f, { inPort: 9, ethType: 0x0800, ipv4Dst: parseIpv4('10.1.0.1') });
    assert.equal(stranger.outputs.length + Number(stranger.toController), 0, 'unknown port: dropped');
    const gw = simulate(f, fromHost(3, '10.1.0.1'));
    assert.ok(gw.toController, 'the router IP goes to the controller');
  });

  it('longest prefix wins in both insertion orders', () => {
    for (const order of [['/8', '/24'], ['/24', '/8']]) {
      const s = site();
      s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
      for (const which of order) {
        s.applyRoute(which === '/8' ? remote(RD_A, '50.0.0.0/8', 2008) : remote(RD_A, '50.1.0.0/24', 2024), 1);
      }
      const f = flows(s);
      assert.deepEqual(simulate(f, fromHost(3, '50.1.0.9')).outputs[0]!.packet.labels, [2024], order.join(' then '));
      assert.deepEqual(simulate(f, fromHost(3, '50.2.0.9')).outputs[0]!.packet.labels, [2008], order.join(' then '));
    }
  });

  it('isolates VRFs: the same prefix in two VRFs gives two flows, each with its own label', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    s.applyRoute(remote(RD_A, '172.16.2.0/24', 3001), 1);
    s.applyRoute(remote(RD_B, '172.16.2.0/24', 3002), 1);
    const f = flows(s);
    const fib = f.filter((x) => x.table === 1 && x.match.ipv4Dst?.length === 24);
    assert.equal(fib.length, 2);
    assert.notEqual(flowKey(fib[0]!), flowKey(fib[1]!));
    assert.deepEqual(simulate(f, fromHost(3, '172.16.2.2')).outputs[0]!.packet.labels, [3001]);
    assert.deepEqual(simulate(f, fromHost(4, '172.16.2.2')).outputs[0]!.packet.labels, [3002]);
    const other = simulate(f, fromHost(5, '172.16.2.2'));
    assert.equal(other.outputs.length, 0, 'a host of a third VRF reaches neither');
  });

  it('pops our local labels toward the CE, and a remote label with the same value changes nothing', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    const hostMac = parseMac('02:00:00:00:01:02');
    s.applyRoute(local(RD_A, '110.1.0.0/24', '10.1.0.2', 1001), 1);
    s.learn(parseIpv4('10.1.0.2'), hostMac, 3, 2);
    const before = flows(s);
    const popped = simulate(before, { inPort: 1, ethType: 0x8847, labels: [1001] });
    assert.deepEqual(popped.outputs.map((o) => o.port), [3]);
    assert.deepEqual(popped.outputs[0]!.packet.labels, []);
    assert.equal(popped.outputs[0]!.packet.ethType, 0x0800);
    assert.equal(popped.outputs[0]!.packet.ethDst, hostMac);
    const lfibBefore = before.filter((f) => f.table === 2).map((f) => flowKey(f) + f.cookie);

    s.applyRoute(remote(RD_A, '50.1.0.0/24', 1001), 3);
    const after = flows(s);
    assert.deepEqual(after.filter((f) => f.table === 2).map((f) => flowKey(f) + f.cookie), lfibBefore);
    assert.deepEqual(simulate(after, { inPort: 1, ethType: 0x8847, labels: [1001] }).outputs.map((o) => o.port), [3]);
    assert.equal(simulate(after, { inPort: 1, ethType: 0x8847, labels: [1002] }).outputs.length, 0, 'foreign label dropped');
  });

  it('local routes forward to the CE inside the VRF', () => {
    const s = site();
    s.applyRoute(local(RD_A, '110.1.0.0/24', '10.1.0.2', 1001), 1);
    s.learn(parseIpv4('10.1.0.2'), parseMac('02:00:00:00:01:02'), 3, 2);
    const f = flows(s);
    assert.deepEqual(simulate(f, fromHost(3, '110.1.0.7')).outputs.map((o) => o.port), [3]);
    assert.equal(simulate(f, fromHost(4, '110.1.0.7')).outputs.length, 0, 'not from another VRF');
  });

  it('announce then withdraw leaves the flow set as before, and the deletes repeat priority and match', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    const before = flows(s).map((f) => flowKey(f)).sort();
    const routes = [remote(RD_A, '50.0.0.0/8', 2008), remote(RD_A, '50.1.0.0/24', 2024), local(RD_B, '110.2.0.0/24', '10.1.0.5', 1005)];
    for (const r of routes) s.applyRoute(r, 1);
    s.learn(parseIpv4('10.1.0.5'), parseMac('02:00:00:00:01:05'), 4, 1);
    const { adds } = s.flows.drain();
    assert.ok(adds.length >= 4);
    for (const r of routes) s.applyRoute({ ...r, withdraw: true }, 2);
    const { deletes, adds: adds2 } = s.flows.drain();
    assert.deepEqual(adds2, []);
    // The host learned by ARP stays (connected /32 at priority 1132 in tables 1 and 3).
    const routeAdds = adds.filter((f) => f.priority !== 1132);
    assert.deepEqual(
      deletes.map((f) => `${f.table}/${f.priority}/${matchKey(f.match)}`).sort(),
      routeAdds.map((f) => `${f.table}/${f.priority}/${matchKey(f.match)}`).sort(),
    );
    assert.deepEqual(s.flows.desiredFlows().map((f) => flowKey(f)).filter((k) => !/^[13]\/1132\//.test(k)).sort(), before);
  });

  it('reconciles with what the switch holds after a reconnect', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    s.applyRoute(remote(RD_A, '50.1.0.0/24', 2024), 1);
    s.flows.drain();
    const desired = s.flows.desiredFlows();
    const stale = { ...remote(RD_A, '60.0.0.0/8', 77) };
    const other = site();
    other.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    other.applyRoute(stale, 0);
    other.flows.drain();
    const staleFlow = other.flows.desiredFlows().find((f) => f.match.ipv4Dst?.length === 8)!;
    const missing = desired.find((f) => f.match.ipv4Dst?.length === 24)!;
    const switchHolds = [...desired.filter((f) => f !== missing), staleFlow];
    s.flows.reconcile(switchHolds);
    const { deletes, adds } = s.flows.drain();
    assert.deepEqual(deletes.map(flowKey), [flowKey(staleFlow)]);
    assert.deepEqual(adds.map(flowKey), [flowKey(missing)]);
    s.flows.reconcile(s.flows.desiredFlows());
    const again = s.flows.drain();
    assert.equal(again.adds.length + again.deletes.length, 0, 'nothing to do when the switch agrees');
  });

  it('sends only what changed', () => {
    const s = site();
    s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
    s.flows.drain();
    s.applyRoute(remote(RD_A, '50.1.0.0/24', 2024), 1);
    assert.equal(s.flows.drain().adds.length, 1);
    s.applyRoute(remote(RD_A, '50.1.0.0/24', 2024), 2);
    const same = s.flows.drain();
    assert.equal(same.adds.length + same.deletes.length, 0);
    s.applyRoute(remote(RD_A, '50.1.0.0/24', 2025), 3);
    const changed = s.flows.drain();
    assert.equal(changed.deletes.length, 0);
    assert.equal(changed.adds.length, 1, 'a label change overwrites the flow in place');
    s.learn(parseIpv4('192.168.0.2'), parseMac('02:00:00:00:00:99'), 1, 4);
    assert.equal(s.flows.drain().adds.length, 1, 'a new peer MAC restates the remote route');
  });

  it('learns hosts on VRF ports as connected /32s', () => {
    const s = site();
    s.learn(parseIpv4('10.1.0.2'), parseMac('02:00:00:00:01:02'), 3, 0);
    s.learn(parseIpv4('10.1.0.3'), parseMac('02:00:00:00:01:03'), 3, 0);
    const f = flows(s);
    assert.equal(simulate(f, fromHost(3, '10.1.0.3')).outputs[0]!.packet.ethDst, '02:00:00:00:01:03');
    assert.equal(simulate(f, fromHost(3, '10.1.0.2')).outputs[0]!.packet.ethDst, '02:00:00:00:01:02');
    assert.equal(simulate(f, fromHost(4, '10.1.0.2')).outputs.length, 0, 'another VRF with the same subnet does not see it');
  });

  it('forwards the global table (ports without a VRF, static routes, the gateway) apart from the VRFs', () => {
    const s = site();
    s.bindPort({ port: 6, ip: parseIpv4('172.30.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:06'), vrf: undefined }, 0);
    s.learn(parseIpv4('172.30.0.2'), parseMac('02:00:00:00:06:02'), 6, 0);
    s.learn(parseIpv4('172.30.0.254'), parseMac('02:00:00:00:06:fe'), 6, 0);
    s.setGlobalRoute(parseIpv4Prefix('0.0.0.0/0'), parseIpv4('172.30.0.254'), false, 1);
    s.setGlobalRoute(parseIpv4Prefix('99.0.0.0/8'), parseIpv4('172.30.0.2'), false, 1);
    const f = flows(s);
    assert.equal(simulate(f, fromHost(6, '99.1.2.3')).outputs[0]!.packet.ethDst, '02:00:00:00:06:02');
    assert.equal(simulate(f, fromHost(6, '8.8.8.8')).outputs[0]!.packet.ethDst, '02:00:00:00:06:fe', 'the gateway');
    assert.equal(simulate(f, fromHost(3, '8.8.8.8')).outputs.length, 0, 'a VRF host does not use the global gateway');
    s.setGlobalRoute(parseIpv4Prefix('0.0.0.0/0'), parseIpv4('172.30.0.254'), true, 2);
    assert.equal(simulate(flows(s), fromHost(6, '8.8.8.8')).outputs.length, 0);
  });

  it('per-VRF labels pop and look up again in the VRF', () => {
    const s = site();
    s.learn(parseIpv4('10.1.0.2'), parseMac('02:00:00:00:01:02'), 3, 0);
    s.learn(parseIpv4('10.1.0.3'), parseMac('02:00:00:00:01:03'), 3, 0);
    const l = 1500 as Label;
    s.applyRoute(local(RD_A, '110.1.0.0/24', '10.1.0.2', l), 1);
    s.applyRoute(local(RD_A, '111.1.0.0/24', '10.1.0.3', l), 1);
    const f = flows(s);
    const r = simulate(f, { inPort: 1, ethType: 0x8847, labels: [1500], ipv4Dst: parseIpv4('111.1.0.9') });
    assert.deepEqual(r.tables, [0, 2, 3], 'classifier → LFIB → the VRF\'s local routes (goto only goes forward)');
    assert.equal(r.outputs[0]!.packet.ethDst, '02:00:00:00:01:03');
  });
});
