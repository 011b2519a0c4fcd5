import assert from 'node:assert/strict';
import { formatIpv4, formatIpv4Prefix, label } from '../../../../bgp/types/index.js';
import { LabelBook } from '../../../../bgp/labels/index.js';
import { BgpConflictError, BgpNotFoundError, Rib, globalRouteViews, peerSource, type Destination, type GlobalRouteChange, type VrfRouteChange } from '../../../../bgp/rib/index.js';
import { LOCAL_AS, ROUTER_ID, attrs, ip, lbl, pfx, rd, rt, seq } from './helpers.js';

/** A RIB with a manual event-loop turn that records both change streams. */
function makeGlobalRib() {
  const turns: Array<() => void> = [];
  const global: GlobalRouteChange[][] = [];
  const vrf: VrfRouteChange[][] = [];
  const exports: Destination[] = [];
  const rib = new Rib({
    localAsn: LOCAL_AS,
    routerId: ROUTER_ID,
    labels: new LabelBook({ start: label(1000), end: label(1999) }, 'per-ce'),
    schedule: (fn) => turns.push(fn),
    onVrfChanges: (c) => vrf.push(c),
    onGlobalChanges: (c) => global.push(c),
    onExport: (d) => exports.push(d),
  });
  const turn = (): GlobalRouteChange[] => {
    const before = global.length;
    while (turns.length > 0) turns.shift()!();
    return global.slice(before).flat();
  };
  const peer = (address: string, peerAs: number) => {
    rib.addPeer(peerSource(ip(address), peerAs, LOCAL_AS, ip(address)));
    return ip(address);
  };
  return { rib, turn, vrf, exports, peer };
}

const show = (c: GlobalRouteChange) => `${formatIpv4Prefix(c.prefix)} ${c.source} ${formatIpv4(c.nexthop)}${c.withdraw ? ' W' : ''}`;

describe('bgp/rib global IPv4 unicast table', () => {
  it('a received route becomes a global change and never enters a VRF, even with a matching route target', () => {
    const { rib, turn, vrf, peer } = makeGlobalRib();
    rib.addVrf({ rd: rd('65001:101'), importRts: [rt('65001:101')], exportRts: [rt('65001:101')] });
    const p = peer('192.168.0.2', 65002);
    rib.announceGlobal(p, pfx('10.99.0.0/16'), attrs(rib, { rts: ['65001:101'], nextHop: ip('192.168.0.2') }));
    const changes = turn();
    assert.deepEqual(changes.map(show), ['10.99.0.0/16 remote 192.168.0.2']);
    assert.equal(changes[0]!.peer, p);
    assert.deepEqual(vrf.flat(), []);
    assert.equal(rib.vrf(rd('65001:101')).table.size, 0);
    assert.equal(rib.locRib.size, 0);
    assert.equal(rib.globalRib.size, 1);
  });

  it('VPNv4 routes of the same prefix stay out of the global table', () => {
    const { rib, turn, peer } = makeGlobalRib();
    const p = peer('192.168.0.2', 65002);
    rib.announce(p, rd('65002:1'), pfx('10.99.0.0/16'), lbl(2000), attrs(rib));
    assert.deepEqual(turn(), []);
    assert.equal(rib.globalRib.size, 0);
  });

  it('best path between neighbours uses the VPNv4 steps and reasons; withdrawing the best falls back', () => {
    const { rib, turn, peer } = makeGlobalRib();
    const a = peer('192.168.0.2', 65002);
    const b = peer('192.168.0.6', 65003);
    rib.announceGlobal(a, pfx('10.99.0.0/16'), attrs(rib, { asPath: seq(65002, 65010), nextHop: ip('192.168.0.2') }));
    rib.announceGlobal(b, pfx('10.99.0.0/16'), attrs(rib, { asPath: seq(65003), nextHop: ip('192.168.0.6') }));
    assert.deepEqual(turn().map(show), ['10.99.0.0/16 remote 192.168.0.2', '10.99.0.0/16 remote 192.168.0.6']);
    const rows = [...globalRouteViews(rib.globalRib.values())];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.best, true);
    assert.equal(rows[0]!.peer, b);
    assert.equal(rows[0]!.reason, 'as-path');
    rib.withdrawGlobal(b, pfx('10.99.0.0/16'));
    assert.deepEqual(turn().map(show), ['10.99.0.0/16 remote 192.168.0.2']);
    rib.withdrawGlobal(a, pfx('10.99.0.0/16'));
    assert.deepEqual(turn().map(show), ['10.99.0.0/16 remote 192.168.0.2 W']);
    assert.equal(rib.globalRib.size, 0);
  });

  it('drops routes whose AS_PATH holds our AS, as for VPNv4', () => {
    const { rib, turn, peer } = makeGlobalRib();
    const p = peer('192.168.0.2', 65002);
    rib.announceGlobal(p, pfx('10.99.0.0/16'), attrs(rib, { asPath: seq(65002, LOCAL_AS) }));
    assert.deepEqual(turn(), []);
    assert.equal(rib.adjRibIn(p)!.counters.loops, 1);
    assert.equal(rib.globalRib.size, 0);
  });

  it('a route we originate is exported, beats a received one (local origin) and hands over on removal', () => {
    const { rib, turn, exports, peer } = makeGlobalRib();
    const p = peer('192.168.0.2', 65002);
    rib.announceGlobal(p, pfx('172.16.0.0/24'), attrs(rib, { nextHop: ip('192.168.0.2') }));
    turn();
    rib.addGlobalRoute(pfx('172.16.0.0/24'), ip('172.16.1.2'), 'static');
    assert.throws(() => rib.addGlobalRoute(pfx('172.16.0.0/24'), ip('172.16.1.3'), 'static'), BgpConflictError);
    assert.deepEqual(turn().map(show), ['172.16.0.0/24 local 172.16.1.2']);
    assert.equal(exports.length, 1);
    assert.deepEqual([...rib.exportedGlobal()].map((x) => formatIpv4(x.attrs.nextHop)), ['172.16.1.2']);
    assert.equal([...globalRouteViews(rib.globalRib.values())][0]!.reason, 'local-origin');
    assert.deepEqual([...rib.exported()], [], 'a global route is never exported as VPNv4');
    rib.removeGlobalRoute(pfx('172.16.0.0/24'));
    assert.throws(() => rib.removeGlobalRoute(pfx('172.16.0.0/24')), BgpNotFoundError);
    assert.deepEqual(turn().map(show), ['172.16.0.0/24 remote 192.168.0.2']);
    assert.equal(exports.length, 2);
    assert.deepEqual([...rib.exportedGlobal()], []);
  });

  it('peer down withdraws its global routes', () => {
    const { rib, turn, peer } = makeGlobalRib();
    const p = peer('192.168.0.2', 65002);
    rib.announceGlobal(p, pfx('10.99.0.0/16'), attrs(rib));
    rib.announceGlobal(p, pfx('10.98.0.0/16'), attrs(rib));
    turn();
    assert.equal(rib.clearPeer(p), 2);
    assert.deepEqual(turn().map(show).sort(), ['10.98.0.0/16 remote 192.168.0.2 W', '10.99.0.0/16 remote 192.168.0.2 W']);
  });

  it('enhanced route refresh of IPv4 unicast stales only that family', () => {
    const { rib, turn, peer } = makeGlobalRib();
    rib.addVrf({ rd: rd('65001:101'), importRts: [rt('65001:101')], exportRts: [] });
    const p = peer('192.168.0.2', 65002);
    const a = attrs(rib);
    rib.announceGlobal(p, pfx('10.99.0.0/16'), a);
    rib.announceGlobal(p, pfx('10.98.0.0/16'), a);
    rib.announce(p, rd('65002:1'), pfx('10.97.0.0/16'), lbl(2000), a);
    turn();
    rib.beginRefresh(p, true);
    rib.announceGlobal(p, pfx('10.99.0.0/16'), a);
    assert.equal(rib.endRefresh(p), 1);
    // The re-announced route is re-stated (a new path), the other withdrawn.
    assert.deepEqual(turn().map(show), ['10.99.0.0/16 remote 192.168.0.2', '10.98.0.0/16 remote 192.168.0.2 W']);
    assert.equal(rib.vrf(rd('65001:101')).table.size, 1, 'the VPNv4 route stays');
  });
});
