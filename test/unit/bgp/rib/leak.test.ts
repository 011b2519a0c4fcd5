/**
 * Route leaking between local VRFs: a VRF-local route lands, by route target, in every OTHER
 * local VRF whose import set meets its export RTs (issue 3 item 3), keeps its origin VRF's
 * label and next hop, carries `originVrf`, competes by best path, and is never exported twice.
 */
import assert from 'node:assert/strict';
import { formatIpv4Prefix, formatRd } from '../../../../bgp/types/index.js';
import { vrfRouteViews, type VrfRouteChange } from '../../../../bgp/rib/index.js';
import { addPeer, attrs, ip, lbl, makeRib, pfx, rd, rt } from './helpers.js';

const vrfCfg = (r: string, imp: string[], exp: string[] = imp) => ({ rd: rd(r), importRts: imp.map(rt), exportRts: exp.map(rt) });
const show = (c: VrfRouteChange) =>
  `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)} ${c.source}${c.originVrf ? ` from ${formatRd(c.originVrf)}` : ''}${c.withdraw ? ' W' : ''}`;

/** VRF X (RT a:1 both ways) and Y (imports a:1 and b:1, exports b:1), as in the issue. */
function extranet() {
  const h = makeRib();
  h.rib.addVrf(vrfCfg('65001:1', ['65001:1']));
  h.rib.addVrf(vrfCfg('65001:2', ['65001:1', '65001:2'], ['65001:2']));
  return h;
}

describe('bgp/rib route leaking between local VRFs', () => {
  it('a local route of X lands in Y (which imports X’s RT) with X’s label and next hop, and originVrf X', () => {
    const { rib, turn } = extranet();
    const l = rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    const changes = turn();
    assert.deepEqual(changes.map(show), ['65001:1 10.1.0.0/24 local', '65001:2 10.1.0.0/24 local from 65001:1']);
    const leaked = changes[1]!;
    assert.deepEqual(leaked.labels, [l]);
    assert.equal(leaked.nexthop, ip('10.0.1.2'));
    assert.equal(leaked.peer, undefined);
    assert.equal('originVrf' in changes[0]!, false, 'originVrf only when it differs from vrf');
    const rows = [...vrfRouteViews(rib.vrf(rd('65001:2')))];
    assert.equal(rows.length, 1);
    assert.equal(formatRd(rows[0]!.routeDist), '65001:1');
    assert.equal(rows[0]!.source, 'local');
  });

  it('does not leak without an RT match: Y’s routes stay out of X (X does not import b:1)', () => {
    const { rib, turn } = extranet();
    rib.addLocalRoute(rd('65001:2'), pfx('10.2.0.0/24'), ip('10.0.2.2'), 'static');
    assert.deepEqual(turn().map(show), ['65001:2 10.2.0.0/24 local']);
    assert.equal(rib.vrf(rd('65001:1')).table.size, 0);
  });

  it('a VRF importing its own export RT holds its local route once, not twice', () => {
    const { rib, turn } = extranet();
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    assert.equal(turn().filter((c) => formatRd(c.vrf) === '65001:1').length, 1);
    const e = rib.vrf(rd('65001:1')).table.get(ip('10.1.0.0'), 24)!;
    assert.equal(e.candidates.length, 1);
  });

  it('lands in several target VRFs, and a VRF added later picks the leaked route up', () => {
    const { rib, turn } = extranet();
    rib.addVrf(vrfCfg('65001:3', ['65001:1']));
    rib.addVrf(vrfCfg('65001:4', ['65001:9']));
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'connected');
    assert.deepEqual(turn().map(show).sort(), [
      '65001:1 10.1.0.0/24 local',
      '65001:2 10.1.0.0/24 local from 65001:1',
      '65001:3 10.1.0.0/24 local from 65001:1',
    ]);
    rib.addVrf(vrfCfg('65001:5', ['65001:7', '65001:1']));
    assert.deepEqual(turn().map(show), ['65001:5 10.1.0.0/24 local from 65001:1']);
  });

  it('removing the route, or X itself, withdraws every leaked copy', () => {
    const { rib, turn } = extranet();
    rib.addVrf(vrfCfg('65001:3', ['65001:1']));
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.1.0/24'), ip('10.0.1.2'), 'static');
    turn();
    rib.removeLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'));
    assert.deepEqual(turn().map(show).sort(), [
      '65001:1 10.1.0.0/24 local W',
      '65001:2 10.1.0.0/24 local from 65001:1 W',
      '65001:3 10.1.0.0/24 local from 65001:1 W',
    ]);
    rib.removeVrf(rd('65001:1'));
    assert.deepEqual(turn().map(show).sort(), [
      '65001:1 10.1.1.0/24 local W',
      '65001:2 10.1.1.0/24 local from 65001:1 W',
      '65001:3 10.1.1.0/24 local from 65001:1 W',
    ]);
    assert.equal(rib.vrf(rd('65001:2')).table.size, 0);
    assert.equal(rib.vrf(rd('65001:3')).table.size, 0);
  });

  it('removing a target VRF leaves the origin and the other targets alone', () => {
    const { rib, turn } = extranet();
    rib.addVrf(vrfCfg('65001:3', ['65001:1']));
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    turn();
    rib.removeVrf(rd('65001:2'));
    assert.deepEqual(turn().map(show), ['65001:2 10.1.0.0/24 local from 65001:1 W']);
    rib.removeLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'));
    assert.deepEqual(turn().map(show).sort(), ['65001:1 10.1.0.0/24 local W', '65001:3 10.1.0.0/24 local from 65001:1 W']);
  });

  it('is exported to neighbours once, with X’s RD — the copy in Y is not exported again', () => {
    const { rib, exports } = extranet();
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    const out = [...rib.exported()];
    assert.equal(out.length, 1);
    assert.equal(formatRd(out[0]!.dest.rd), '65001:1');
    assert.deepEqual(exports.map((d) => formatRd(d.rd)), ['65001:1']);
  });

  it('beats a received route for the same prefix in Y (local origin), and the received one takes over when it goes', () => {
    const { rib, turn } = extranet();
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:1'), pfx('10.1.0.0/24'), lbl(3000), attrs(rib, { rts: ['65001:2'] }));
    assert.deepEqual(turn().map(show), ['65001:2 10.1.0.0/24 remote']);
    const l = rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    assert.deepEqual(turn().map(show), ['65001:1 10.1.0.0/24 local', '65001:2 10.1.0.0/24 local from 65001:1']);
    const e = rib.vrf(rd('65001:2')).table.get(ip('10.1.0.0'), 24)!;
    assert.equal(e.candidates.length, 2);
    assert.equal(e.reason, 'local-origin');
    assert.deepEqual(e.best!.labels, [l]);
    rib.removeLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'));
    const back = turn();
    assert.deepEqual(back.map(show), ['65001:1 10.1.0.0/24 local W', '65001:2 10.1.0.0/24 remote']);
    assert.deepEqual(back[1]!.labels, [3000]);
  });

  it('a received route with a higher LOCAL_PREF still wins (local-pref is decided before local origin)', () => {
    const { rib, turn } = extranet();
    const peer = addPeer(rib, '192.168.0.2', 65001);
    rib.addLocalRoute(rd('65001:1'), pfx('10.1.0.0/24'), ip('10.0.1.2'), 'static');
    turn();
    rib.announce(peer, rd('65002:1'), pfx('10.1.0.0/24'), lbl(3000), attrs(rib, { rts: ['65001:2'], localPref: 200, asPath: [] }));
    assert.deepEqual(turn().map(show), ['65001:2 10.1.0.0/24 remote']);
    assert.equal(rib.vrf(rd('65001:2')).table.get(ip('10.1.0.0'), 24)!.reason, 'local-pref');
  });

  it('Y’s own route beats a leaked one for the same prefix, whatever their ORIGIN (origin-vrf)', () => {
    const { rib, turn } = extranet();
    rib.addLocalRoute(rd('65001:1'), pfx('10.9.0.0/24'), ip('10.0.1.2'), 'static');
    const own = rib.addLocalRoute(rd('65001:2'), pfx('10.9.0.0/24'), ip('10.0.2.2'), 'connected');
    const changes = turn();
    assert.deepEqual(changes.map(show), [
      '65001:1 10.9.0.0/24 local',
      '65001:2 10.9.0.0/24 local from 65001:1',
      '65001:2 10.9.0.0/24 local',
    ]);
    const e = rib.vrf(rd('65001:2')).table.get(ip('10.9.0.0'), 24)!;
    assert.deepEqual(e.best!.labels, [own]);
    assert.equal(e.reason, 'origin-vrf');
    rib.removeLocalRoute(rd('65001:2'), pfx('10.9.0.0/24'));
    assert.deepEqual(turn().map(show), ['65001:2 10.9.0.0/24 local from 65001:1']);
  });

  it('between copies leaked from two VRFs the lower origin RD wins, in either order of arrival', () => {
    for (const order of [['65001:1', '65001:3'], ['65001:3', '65001:1']]) {
      const { rib, turn } = extranet();
      rib.addVrf(vrfCfg('65001:3', ['65001:3']));
      rib.addVrf(vrfCfg('65001:4', ['65001:1', '65001:3'], ['65001:4']));
      for (const r of order) rib.addLocalRoute(rd(r), pfx('10.9.0.0/24'), ip('10.0.9.2'), 'static');
      turn();
      const e = rib.vrf(rd('65001:4')).table.get(ip('10.9.0.0'), 24)!;
      assert.equal(formatRd(e.best!.dest.rd), '65001:1');
      assert.equal(e.reason, 'origin-vrf');
    }
  });
});
