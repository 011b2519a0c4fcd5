import assert from 'node:assert/strict';
import { formatIpv4Prefix, formatRd, formatRouteTarget, label } from '../../../../bgp/types/index.js';
import { LabelExhaustedError } from '../../../../bgp/labels/index.js';
import { BgpConflictError, BgpNotFoundError, rdKey, vpnRibViews, vrfRouteViews } from '../../../../bgp/rib/index.js';
import { addPeer, attrs, ip, lbl, makeRib, pfx, rd, rt, seq } from './helpers.js';

const vrfCfg = (r: string, imp: string[], exp: string[] = imp) => ({ rd: rd(r), importRts: imp.map(rt), exportRts: exp.map(rt) });
const show = (c: { vrf: Parameters<typeof formatRd>[0]; prefix: Parameters<typeof formatIpv4Prefix>[0]; withdraw: boolean }) =>
  `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)}${c.withdraw ? ' W' : ''}`;

describe('bgp/rib Rib', () => {
  it('imports a VPNv4 best path into exactly the VRFs whose import RTs meet its RTs', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    rib.addVrf(vrfCfg('65001:102', ['65001:102']));
    rib.addVrf(vrfCfg('65001:103', ['65001:999', '65001:101']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:101'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { rts: ['65001:101'] }));
    const changes = turn();
    assert.deepEqual(changes.map(show).sort(), ['65001:101 150.1.0.0/24', '65001:103 150.1.0.0/24']);
    const c = changes[0]!;
    assert.equal(c.source, 'remote');
    assert.equal(c.nexthop, ip('192.168.0.2'));
    assert.deepEqual(c.labels, [2000]);
    assert.equal(c.peer, peer);
    assert.equal([...vrfRouteViews(rib.vrf(rd('65001:102')))].length, 0);
    const rows = [...vrfRouteViews(rib.vrf(rd('65001:101')))];
    assert.equal(rows.length, 1);
    assert.equal(formatRd(rows[0]!.routeDist), '65002:101');
    assert.deepEqual(rows[0]!.asPath, seq(65002));
  });

  it('a VRF added later imports the best paths already known', () => {
    const { rib, turn } = makeRib();
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:7'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { rts: ['65000:900'] }));
    assert.deepEqual(turn(), []);
    rib.addVrf(vrfCfg('65001:900', ['65000:900']));
    assert.deepEqual(turn().map(show), ['65001:900 150.1.0.0/24']);
  });

  it('refuses a second VRF with the same RD and unknown VRFs, with typed errors', () => {
    const { rib } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    assert.throws(() => rib.addVrf(vrfCfg('65001:101', ['65001:5'])), BgpConflictError);
    assert.throws(() => rib.addLocalRoute(rd('65001:9'), pfx('1.0.0.0/8'), ip('10.0.0.2'), 'static'), BgpNotFoundError);
    assert.throws(() => rib.removeVrf(rd('65001:9')), BgpNotFoundError);
  });

  it('withdraws: the route leaves every VRF with a withdraw event carrying the old next hop and label', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    rib.addVrf(vrfCfg('65001:102', ['65001:101']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:101'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    turn();
    rib.withdraw(peer, rd('65002:101'), pfx('150.1.0.0/24'));
    const changes = turn();
    assert.deepEqual(changes.map(show).sort(), ['65001:101 150.1.0.0/24 W', '65001:102 150.1.0.0/24 W']);
    assert.deepEqual(changes[0]!.labels, [2000]);
    assert.equal(rib.locRib.size, 0);
    assert.equal(rib.vrf(rd('65001:101')).table.size, 0);
  });

  it('a withdraw of an unknown route changes nothing', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.withdraw(peer, rd('65002:101'), pfx('150.1.0.0/24'));
    assert.deepEqual(turn(), []);
  });

  it('a re-announcement with a new label replaces the route in place', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:101'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    rib.announce(peer, rd('65002:101'), pfx('150.1.0.0/24'), lbl(2001), attrs(rib));
    const changes = turn();
    assert.deepEqual(changes.map((c) => [c.withdraw, c.labels[0]]), [[false, 2000], [false, 2001]]);
    assert.equal(rib.adjRibIn(peer)!.size, 1);
    assert.equal(rib.locRib.get(rdKeyOf('65002:101'), ip('150.1.0.0'), 24)!.paths.length, 1);
  });

  it('a route whose RTs change moves between VRFs', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    rib.addVrf(vrfCfg('65001:102', ['65001:102']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { rts: ['65001:101'] }));
    turn();
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { rts: ['65001:102'] }));
    assert.deepEqual(turn().map(show), ['65001:101 150.1.0.0/24 W', '65001:102 150.1.0.0/24']);
  });

  it('drops routes whose AS_PATH holds our AS, withdrawing what the neighbour sent before', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    turn();
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { asPath: seq(65002, 65001) }));
    rib.announce(peer, rd('65002:1'), pfx('150.1.1.0/24'), lbl(2000), attrs(rib, { asPath: seq(65002, 65001) }));
    assert.deepEqual(turn().map(show), ['65001:101 150.1.0.0/24 W']);
    assert.equal(rib.adjRibIn(peer)!.counters.loops, 2);
    assert.equal(rib.locRib.size, 0);
  });

  it('a neighbour going down takes its routes out of every VRF; another neighbour’s path takes over', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    rib.addVrf(vrfCfg('65001:102', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    const b = addPeer(rib, '192.168.1.2', 65003);
    rib.announce(a, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    rib.announce(a, rd('65002:1'), pfx('150.1.1.0/24'), lbl(2000), attrs(rib));
    rib.announce(b, rd('65002:1'), pfx('150.1.1.0/24'), lbl(3000), attrs(rib, { asPath: seq(65003, 65002), nextHop: ip('192.168.1.2') }));
    turn();
    assert.equal(rib.clearPeer(a), 2);
    const changes = turn();
    assert.deepEqual(changes.map(show).sort(), [
      '65001:101 150.1.0.0/24 W',
      '65001:101 150.1.1.0/24',
      '65001:102 150.1.0.0/24 W',
      '65001:102 150.1.1.0/24',
    ]);
    const takeover = changes.find((c) => !c.withdraw)!;
    assert.deepEqual([takeover.labels[0], takeover.peer], [3000, b]);
    assert.equal(rib.adjRibIn(a)!.size, 0);
  });

  it('selects the best path per (RD, prefix) and records why', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    const b = addPeer(rib, '192.168.1.2', 65003);
    rib.announce(a, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { asPath: seq(65002, 65010) }));
    rib.announce(b, rd('65002:1'), pfx('150.1.0.0/24'), lbl(3000), attrs(rib, { asPath: seq(65003), nextHop: ip('192.168.1.2') }));
    turn();
    const rows = [...vpnRibViews(rib)];
    assert.deepEqual(rows.map((r) => [r.best, r.labels[0], r.reason]), [[true, 3000, 'as-path'], [false, 2000, 'as-path']]);
    const vrfRows = [...vrfRouteViews(rib.vrf(rd('65001:101')))];
    assert.deepEqual(vrfRows.map((r) => r.labels[0]), [3000]);
  });

  it('the same prefix under two RDs competes inside the VRF that imports both', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(a, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib, { med: 50 }));
    rib.announce(a, rd('65002:2'), pfx('150.1.0.0/24'), lbl(2001), attrs(rib, { med: 10 }));
    const changes = turn();
    assert.deepEqual(changes.map((c) => c.labels[0]), [2000, 2001]);
    const rows = [...vrfRouteViews(rib.vrf(rd('65001:101')))];
    assert.deepEqual(rows.map((r) => [r.best, r.labels[0], r.reason]), [[true, 2001, 'med'], [false, 2000, 'med']]);
    rib.withdraw(a, rd('65002:2'), pfx('150.1.0.0/24'));
    assert.deepEqual(turn().map((c) => [c.withdraw, c.labels[0]]), [[false, 2000]]);
  });

  it('VRF-local routes: label per CE, event with source local, export reported, removal frees the label', () => {
    const { rib, turn, exports, labels } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const host = ip('10.1.0.2');
    assert.equal(rib.addLocalRoute(rd('65001:101'), pfx('10.1.0.2/32'), host, 'connected'), 1000);
    for (let k = 0; k < 10; k++) assert.equal(rib.addLocalRoute(rd('65001:101'), pfx(`110.1.${k}.0/24`), host, 'static'), 1001);
    const changes = turn();
    assert.equal(changes.length, 11);
    assert.ok(changes.every((c) => c.source === 'local' && !c.withdraw && c.nexthop === host && c.peer === undefined));
    assert.equal(exports.length, 11);
    assert.equal([...rib.exported()].length, 11);
    const p = [...rib.exported()][0]!;
    assert.deepEqual(p.attrs.routeTargets.map(formatRouteTarget), ['65001:101']);
    assert.throws(() => rib.addLocalRoute(rd('65001:101'), pfx('110.1.0.0/24'), host, 'static'), BgpConflictError);
    for (let k = 0; k < 10; k++) rib.removeLocalRoute(rd('65001:101'), pfx(`110.1.${k}.0/24`));
    assert.equal(labels.inUse, 1);
    assert.ok(turn().every((c) => c.withdraw && c.labels[0] === 1001));
    assert.throws(() => rib.removeLocalRoute(rd('65001:101'), pfx('110.1.0.0/24')), BgpNotFoundError);
  });

  it('label exhaustion is a typed error and changes nothing', () => {
    const { rib, turn, labels } = makeRib('per-prefix', 1000);
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    rib.addLocalRoute(rd('65001:101'), pfx('110.1.0.0/24'), ip('10.1.0.2'), 'static');
    turn();
    assert.throws(() => rib.addLocalRoute(rd('65001:101'), pfx('110.1.1.0/24'), ip('10.1.0.2'), 'static'), LabelExhaustedError);
    assert.deepEqual(turn(), []);
    assert.equal(rib.vrf(rd('65001:101')).table.size, 1);
    assert.equal(rib.locRib.size, 1);
    assert.equal(labels.inUse, 1);
  });

  it('a local route beats a remote one for the same prefix in its VRF (local origin)', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(a, rd('65002:1'), pfx('110.1.0.0/24'), lbl(2000), attrs(rib));
    turn();
    rib.addLocalRoute(rd('65001:101'), pfx('110.1.0.0/24'), ip('10.1.0.2'), 'static');
    const [c] = turn();
    assert.equal(c!.source, 'local');
    const rows = [...vrfRouteViews(rib.vrf(rd('65001:101')))];
    assert.deepEqual(rows.map((r) => [r.best, r.source, r.reason]), [[true, 'local', 'local-origin'], [false, 'remote', 'local-origin']]);
  });

  it('removing a VRF withdraws its table and its local routes', () => {
    const { rib, turn, labels, exports } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(a, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    rib.addLocalRoute(rd('65001:101'), pfx('110.1.0.0/24'), ip('10.1.0.2'), 'static');
    turn();
    exports.length = 0;
    rib.removeVrf(rd('65001:101'));
    assert.deepEqual(turn().map(show).sort(), ['65001:101 110.1.0.0/24 W', '65001:101 150.1.0.0/24 W']);
    assert.equal(labels.inUse, 0);
    assert.equal(exports.length, 1);
    assert.equal(rib.vrfs().length, 0);
    assert.equal(rib.locRib.size, 1);
  });

  it('delivers all changes of one turn in one batch, in order', () => {
    const { rib, turn, batches } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    for (let i = 0; i < 100; i++) rib.announce(a, rd('65002:1'), pfx(`150.${i}.0.0/16`), lbl(2000), attrs(rib));
    rib.withdraw(a, rd('65002:1'), pfx('150.0.0.0/16'));
    turn();
    assert.equal(batches.length, 1);
    assert.equal(batches[0]!.length, 101);
    assert.equal(formatIpv4Prefix(batches[0]![99]!.prefix), '150.99.0.0/16');
    assert.ok(batches[0]![100]!.withdraw);
  });

  it('shares one attribute object among routes with equal attributes', () => {
    const { rib } = makeRib();
    assert.equal(attrs(rib, { med: 5 }), attrs(rib, { med: 5 }));
    assert.notEqual(attrs(rib, { med: 5 }), attrs(rib, { med: 6 }));
    assert.equal(label(5), 5);
  });
});

function rdKeyOf(text: string): number {
  return rdKey(rd(text));
}

describe('bgp/rib Rib enhanced route refresh (RFC 7313)', () => {
  it('routes not re-announced between BoRR and EoRR are withdrawn; re-announced ones stay', () => {
    const { rib, turn } = makeRib();
    rib.addVrf(vrfCfg('65001:101', ['65001:101']));
    const a = addPeer(rib, '192.168.0.2', 65002);
    for (const p of ['150.1.0.0/24', '150.2.0.0/24', '150.3.0.0/24']) rib.announce(a, rd('65002:1'), pfx(p), lbl(2000), attrs(rib));
    turn();
    rib.beginRefresh(a);
    rib.announce(a, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2000), attrs(rib));
    rib.withdraw(a, rd('65002:1'), pfx('150.3.0.0/24'));
    assert.equal(rib.endRefresh(a), 1);
    assert.deepEqual(turn().map(show), ['65001:101 150.3.0.0/24 W', '65001:101 150.2.0.0/24 W']);
    assert.deepEqual([...vrfRouteViews(rib.vrf(rd('65001:101')))].map((r) => formatIpv4Prefix(r.prefix)), ['150.1.0.0/24']);
    assert.equal(rib.endRefresh(a), 0);
  });
});
