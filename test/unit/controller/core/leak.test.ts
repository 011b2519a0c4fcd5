/**
 * Route leaking between VRFs of one router, as the forwarding state programs it: a local route of
 * VRF X that the speaker leaked into VRF Y by route target ('vrf-route' with originVrf X) takes
 * Y's hosts out of X's host port; nothing else crosses (forwarding behaviour through the
 * pipeline interpreter, no flow text).
 */
import { strict as assert } from 'node:assert';
import { ForwardingState, type VrfRouteChange } from '../../../../controller/core/forwarding-state.js';
import { label, parseIpv4, parseIpv4Prefix, parseRd, type Rd } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';
import { simulate, type SimPacket } from '../pipeline-sim.js';

const X = parseRd('65001:1');
const Y = parseRd('65001:2');
const X_PORT_MAC = parseMac('00:00:00:00:00:03');
const X_HOST_MAC = parseMac('02:00:00:00:01:02');
const Y_HOST_MAC = parseMac('02:00:00:00:02:02');
const PEER_MAC = parseMac('02:00:00:00:00:02');

/** X on port 3 (10.1.0.1/24), Y on port 4 (10.2.0.1/24), uplink on port 1. */
function site(): ForwardingState {
  const s = new ForwardingState();
  s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: parseMac('00:00:00:01:01:01'), peerIp: parseIpv4('192.168.0.2') }, 0);
  s.addVrf(X, 0);
  s.addVrf(Y, 0);
  s.bindPort({ port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: X_PORT_MAC, vrf: X }, 0);
  s.bindPort({ port: 4, ip: parseIpv4('10.2.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:04'), vrf: Y }, 0);
  s.learn(parseIpv4('192.168.0.2'), PEER_MAC, 1, 0);
  return s;
}

function route(vrf: Rd, prefix: string, nexthop: string, lab: number, extra: { originVrf?: Rd; withdraw?: boolean } = {}): VrfRouteChange {
  const base = { vrf, prefix: parseIpv4Prefix(prefix), nexthop: parseIpv4(nexthop), labels: [label(lab)], source: 'local' as const, withdraw: extra.withdraw ?? false };
  return extra.originVrf ? { ...base, originVrf: extra.originVrf } : base;
}

function fromHost(port: number, dst: string): SimPacket {
  return { inPort: port, ethType: 0x0800, ipv4Dst: parseIpv4(dst) };
}

function flows(s: ForwardingState) {
  s.flows.drain();
  return s.flows.desiredFlows();
}

/** X's static 110.1.0.0/24 via its host 10.1.0.2, leaked into Y; X's 110.9.0.0/24 is not leaked. */
function extranet(): ForwardingState {
  const s = site();
  s.applyRoute(route(X, '110.1.0.0/24', '10.1.0.2', 1001), 1);
  s.applyRoute(route(X, '110.9.0.0/24', '10.1.0.2', 1001), 1);
  s.applyRoute(route(Y, '110.1.0.0/24', '10.1.0.2', 1001, { originVrf: X }), 1);
  s.applyRoute(route(Y, '120.2.0.0/24', '10.2.0.2', 1002), 1);
  s.learn(parseIpv4('10.1.0.2'), X_HOST_MAC, 3, 2);
  s.learn(parseIpv4('10.2.0.2'), Y_HOST_MAC, 4, 2);
  return s;
}

describe('controller forwarding state: routes leaked between VRFs', () => {
  it('a host of Y reaches X’s leaked prefix out of X’s host port, with X’s port MAC and the host’s MAC', () => {
    const f = flows(extranet());
    const r = simulate(f, fromHost(4, '110.1.0.7'));
    assert.deepEqual(r.outputs.map((o) => o.port), [3]);
    assert.equal(r.outputs[0]!.packet.ethDst, X_HOST_MAC);
    assert.equal(r.outputs[0]!.packet.ethSrc, X_PORT_MAC);
    assert.deepEqual(r.tables, [0, 1]);
  });

  it('decrements the TTL before the output, like any local route', () => {
    const f = flows(extranet());
    const leaked = f.filter((x) => x.table === 1 && x.match.ipv4Dst?.address === parseIpv4('110.1.0.0') && x.match.metadata === BigInt(2));
    assert.equal(leaked.length, 1);
    const types = leaked[0]!.instructions.apply!.map((a) => a.type);
    assert.ok(types.indexOf('dec-nw-ttl') >= 0 && types.indexOf('dec-nw-ttl') < types.indexOf('output'), types.join(','));
    assert.equal(f.filter((x) => x.table === 3 && x.match.metadata === BigInt(2) && x.match.ipv4Dst?.address === parseIpv4('110.1.0.0')).length, 0, 'no table-3 copy in Y');
  });

  it('keeps everything else isolated: X’s other prefix, X’s hosts and Y’s routes do not cross', () => {
    const f = flows(extranet());
    assert.equal(simulate(f, fromHost(4, '110.9.0.7')).outputs.length, 0, 'X prefix not leaked to Y');
    assert.equal(simulate(f, fromHost(4, '10.1.0.2')).outputs.length, 0, 'X host /32 (ARP) not leaked to Y');
    assert.equal(simulate(f, fromHost(3, '120.2.0.7')).outputs.length, 0, 'Y prefix not in X');
    assert.equal(simulate(f, fromHost(3, '10.2.0.2')).outputs.length, 0, 'Y host not in X');
    assert.deepEqual(simulate(f, fromHost(4, '120.2.0.7')).outputs.map((o) => o.port), [4]);
    assert.deepEqual(simulate(f, fromHost(3, '110.1.0.7')).outputs.map((o) => o.port), [3]);
  });

  it('the shared label still pops toward X’s host (the leaked copy does not claim it)', () => {
    const f = flows(extranet());
    const r = simulate(f, { inPort: 1, ethType: 0x8847, labels: [1001], ipv4Dst: parseIpv4('110.1.0.7') });
    assert.deepEqual(r.outputs.map((o) => o.port), [3]);
    assert.equal(r.outputs[0]!.packet.ethDst, X_HOST_MAC);
  });

  it('waits for the next hop’s MAC in X’s port (ARP asked there), then forwards', () => {
    const s = site();
    s.takeArpRequests();
    s.applyRoute(route(Y, '110.1.0.0/24', '10.1.0.2', 1001, { originVrf: X }), 1);
    assert.equal(simulate(flows(s), fromHost(4, '110.1.0.7')).outputs.length, 0);
    assert.ok(s.takeArpRequests().some((q) => q.port === 3 && q.ip === parseIpv4('10.1.0.2')));
    s.learn(parseIpv4('10.1.0.2'), X_HOST_MAC, 3, 2);
    assert.deepEqual(simulate(flows(s), fromHost(4, '110.1.0.7')).outputs.map((o) => o.port), [3]);
  });

  it('a withdraw of the leaked copy, or removing X, ends the crossing', () => {
    const s = extranet();
    s.applyRoute(route(Y, '110.1.0.0/24', '10.1.0.2', 1001, { originVrf: X, withdraw: true }), 3);
    let f = flows(s);
    assert.equal(simulate(f, fromHost(4, '110.1.0.7')).outputs.length, 0);
    assert.deepEqual(simulate(f, fromHost(3, '110.1.0.7')).outputs.map((o) => o.port), [3], 'X keeps its route');
    const t = extranet();
    t.removeVrf(X, 3);
    f = flows(t);
    assert.equal(simulate(f, fromHost(4, '110.1.0.7')).outputs.length, 0);
  });

  it('an originVrf equal to the VRF itself is an ordinary local route', () => {
    const s = site();
    s.applyRoute(route(X, '110.1.0.0/24', '10.1.0.2', 1001, { originVrf: X }), 1);
    s.learn(parseIpv4('10.1.0.2'), X_HOST_MAC, 3, 2);
    const f = flows(s);
    assert.deepEqual(simulate(f, fromHost(3, '110.1.0.7')).outputs.map((o) => o.port), [3]);
    assert.deepEqual(simulate(f, { inPort: 1, ethType: 0x8847, labels: [1001] }).outputs.map((o) => o.port), [3]);
  });
});
