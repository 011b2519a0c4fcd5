import assert from 'node:assert/strict';
import { asn, formatRd, label, parseIpv4Prefix, type Ipv4Address } from '../../../../bgp/types/index.js';
import { decodeMessage, type UpdateMessage } from '../../../../bgp/wire/index.js';
import { rdKey, vpnRibViews, vrfRouteViews, type AsPathSegment } from '../../../../bgp/rib/index.js';
import { applyUpdate, encodeBatch, outboundAttributes, type InboundPolicy } from '../../../../bgp/speaker/wire-adapter.js';
import { addPeer, attrs, ip, makeRib, rd, rt, seq } from '../rib/helpers.js';

const PREFIX = parseIpv4Prefix('110.1.0.0/24');
const RD = rd('65010:101');

/** The UPDATE a neighbour in `peerAs` sends for PREFIX when its own table has `path` (it prepends itself). */
function updateFrom(peerAs: number, path: AsPathSegment[], fourOctetAs = true, routeDist = RD): UpdateMessage {
  const sender = makeRib();
  const a = attrs(sender.rib, { asPath: path, rts: ['65010:101'] });
  const ctx = { fourOctetAs };
  const frames = encodeBatch({ announce: [{ attrs: a, routes: [{ rd: routeDist, prefix: PREFIX, labels: [label(2000)], attrs: a }] }], withdraw: [] }, { localAsn: asn(peerAs), ebgp: true, nextHop: ip('192.168.0.2'), ctx });
  return decodeMessage(frames[0]!, ctx) as UpdateMessage;
}

/** Two eBGP neighbours announce the same VPN prefix: A via AS 65002 65010 (longer), B via AS 65003. */
function race(policyA: Omit<InboundPolicy, 'fourOctetAs'>) {
  const { rib } = makeRib();
  rib.addVrf({ rd: rd('65001:101'), importRts: [rt('65010:101')], exportRts: [] });
  const a = addPeer(rib, '192.168.0.2', 65002);
  const b = addPeer(rib, '192.168.1.2', 65003);
  applyUpdate(rib, a, updateFrom(65002, seq(65010)), { fourOctetAs: true, ...policyA });
  applyUpdate(rib, b, updateFrom(65003, []), { fourOctetAs: true });
  const dest = rib.locRib.get(rdKey(RD), PREFIX.address, PREFIX.length)!;
  const rows = [...vpnRibViews(rib)];
  const from = (peer: Ipv4Address) => dest.paths.find((p) => p.source.kind === 'peer' && p.source.address === peer)!;
  return { dest, rows, a, b, from };
}

describe('bgp/policy local-pref: effect on best-path selection', () => {
  it('without policy the shorter AS path (neighbour B) wins', () => {
    const { dest, b } = race({});
    assert.equal(dest.best!.source.kind === 'peer' && dest.best!.source.address, b);
    assert.equal(dest.reason, 'as-path');
  });

  it('local-pref for routes whose first AS is A\'s: A wins by local-pref; the RIB view shows it on A\'s route only', () => {
    const { dest, rows, a, from, b } = race({ localPref: 200, localPrefFirstAs: asn(65002) });
    assert.equal(dest.best!.source.kind === 'peer' && dest.best!.source.address, a);
    assert.equal(dest.reason, 'local-pref');
    assert.equal(from(a).attrs.localPref, 200);
    assert.equal(from(b).attrs.localPref, undefined);
    const view = (best: boolean) => rows.filter((r) => r.best === best).map((r) => [r.localPref, r.reason, r.nexthop, r.asPath.flatMap((s) => s.asns)]);
    assert.deepEqual(view(true), [[200, 'local-pref', ip('192.168.0.2'), [65002, 65010]]]);
    assert.deepEqual(view(false), [[undefined, 'local-pref', ip('192.168.0.2'), [65003]]]);
  });

  it('paths with different RDs compete in the VRF: there too the applied local-pref wins, reason local-pref', () => {
    const { rib } = makeRib();
    rib.addVrf({ rd: rd('65001:101'), importRts: [rt('65010:101')], exportRts: [] });
    const a = addPeer(rib, '192.168.0.2', 65002);
    const b = addPeer(rib, '192.168.1.2', 65003);
    applyUpdate(rib, a, updateFrom(65002, seq(65010), true, rd('65010:1')), { fourOctetAs: true, localPref: 200, localPrefFirstAs: asn(65002) });
    applyUpdate(rib, b, updateFrom(65003, [], true, rd('65010:2')), { fourOctetAs: true });
    const rows = [...vrfRouteViews(rib.vrf(rd('65001:101')))];
    assert.deepEqual(
      rows.map((r) => [r.best, r.localPref, r.reason, formatRd(r.routeDist)]),
      [[true, 200, 'local-pref', '65010:1'], [false, undefined, 'local-pref', '65010:2']],
    );
  });

  it('a filter AS that is not first (65010 is second on A\'s path) changes nothing', () => {
    const { dest, a, b, from } = race({ localPref: 200, localPrefFirstAs: asn(65010) });
    assert.equal(dest.best!.source.kind === 'peer' && dest.best!.source.address, b);
    assert.equal(dest.reason, 'as-path');
    assert.equal(from(a).attrs.localPref, undefined);
  });

  it('local-pref without a filter AS applies to all of the neighbour\'s routes', () => {
    const { dest, a } = race({ localPref: 200 });
    assert.equal(dest.best!.source.kind === 'peer' && dest.best!.source.address, a);
    assert.equal(dest.reason, 'local-pref');
  });

  it('a lower applied local-pref makes the neighbour lose even with the only shorter path', () => {
    const { rib } = makeRib();
    const a = addPeer(rib, '192.168.0.2', 65002);
    const b = addPeer(rib, '192.168.1.2', 65003);
    applyUpdate(rib, a, updateFrom(65002, []), { fourOctetAs: true, localPref: 50, localPrefFirstAs: asn(65002) });
    applyUpdate(rib, b, updateFrom(65003, seq(65020, 65030)), { fourOctetAs: true });
    const dest = rib.locRib.get(rdKey(RD), PREFIX.address, PREFIX.length)!;
    assert.equal(dest.best!.source.kind === 'peer' && dest.best!.source.address, b);
    assert.equal(dest.reason, 'local-pref');
  });

  it('a 4-octet first AS sent to a 2-octet session (AS_TRANS + AS4_PATH) matches once the paths are merged', () => {
    const u = updateFrom(4200000001, [], false);
    assert.deepEqual(u.attributes.asPath, [{ type: 'sequence', asns: [23456] }]);
    const { rib } = makeRib();
    const a = addPeer(rib, '192.168.0.2', 4200000001);
    applyUpdate(rib, a, u, { fourOctetAs: false, localPref: 220, localPrefFirstAs: asn(4200000001) });
    const dest = rib.locRib.get(rdKey(RD), PREFIX.address, PREFIX.length)!;
    assert.equal(dest.best!.attrs.localPref, 220);
  });

  it('toward an iBGP neighbour with a filter AS, our own routes (empty path) carry the default, not the configured value', () => {
    const { rib } = makeRib();
    const own = attrs(rib, { asPath: [] });
    const base = { localAsn: asn(65001), ebgp: false, nextHop: ip('1.1.1.1'), localPref: 300, ctx: { fourOctetAs: true } };
    assert.equal(outboundAttributes(own, base).localPref, 300);
    assert.equal(outboundAttributes(own, { ...base, localPrefFirstAs: asn(65002) }).localPref, 100);
  });
});
