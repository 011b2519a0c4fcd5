import assert from 'node:assert/strict';
import { asn, formatRouteTarget, label, parseIpv4Prefix, type Ipv4Prefix } from '../../../../bgp/types/index.js';
import { decodeMessage, encodeMessage, type UpdateMessage } from '../../../../bgp/wire/index.js';
import { rdKey, vrfRouteViews, type OutRoute } from '../../../../bgp/rib/index.js';
import { applyUpdate, encodeBatch, outboundAttributes } from '../../../../bgp/speaker/wire-adapter.js';
import { addPeer, attrs, ip, makeRib, rd, rt } from '../rib/helpers.js';

const ctx = { fourOctetAs: true };

function routes(n: number, a: OutRoute['attrs']): OutRoute[] {
  const out: OutRoute[] = [];
  for (let i = 0; i < n; i++) out.push({ rd: rd('65001:101'), prefix: parseIpv4Prefix(`110.${i >> 8}.${i & 255}.0/24`), labels: [label(1000 + (i % 3))], attrs: a });
  return out;
}

describe('bgp/speaker wire adapter', () => {
  it('packs NLRI sharing attributes into as few ≤4096-byte UPDATEs as fit, and they decode back into a VRF', () => {
    const sender = makeRib();
    const a = attrs(sender.rib, { asPath: [], rts: ['65001:101'], nextHop: ip('10.1.0.2') });
    const out = routes(1000, a);
    const policy = { localAsn: asn(65002), ebgp: true, nextHop: ip('192.168.0.1'), med: 100, ctx };
    const frames = encodeBatch({ announce: [{ attrs: a, routes: out }], withdraw: [] }, policy);
    assert.ok(frames.every((f) => f.length <= 4096));
    // A /24 VPNv4 NLRI is 1 (length) + 3 (label) + 8 (RD) + 3 (prefix) = 15 bytes: every
    // UPDATE but the last is too full to take one more.
    for (const f of frames.slice(0, -1)) assert.ok(f.length + 15 > 4096, `${f.length} bytes`);

    const receiver = makeRib();
    receiver.rib.addVrf({ rd: rd('65002:1'), importRts: [rt('65001:101')], exportRts: [] });
    const peer = addPeer(receiver.rib, '192.168.0.1', 65002);
    let announced = 0;
    for (const f of frames) {
      const u = decodeMessage(f, ctx) as UpdateMessage;
      assert.equal(u.type, 'update');
      assert.equal(u.attributes.med, 100);
      assert.equal(u.attributes.localPref, undefined);
      announced += applyUpdate(receiver.rib, peer, u, { fourOctetAs: true }).announced;
    }
    assert.equal(announced, 1000);
    const rows = [...vrfRouteViews(receiver.rib.vrf(rd('65002:1')))];
    assert.equal(rows.length, 1000);
    assert.ok(rows.every((r) => r.nexthop === ip('192.168.0.1') && r.metric === 100));
    assert.deepEqual(rows[0]!.asPath, [{ type: 'sequence', asns: [65002] }]);
    assert.deepEqual(rows[0]!.routeTargets.map(formatRouteTarget), ['65001:101']);
    assert.ok(rows.every((r) => r.labels[0]! >= 1000 && r.labels[0]! <= 1002));
  });

  it('routes via different CEs (same RTs) share UPDATEs: the CE next hop is not sent', () => {
    const { rib } = makeRib();
    const viaA = attrs(rib, { asPath: [], nextHop: ip('10.1.0.2') });
    const viaB = attrs(rib, { asPath: [], nextHop: ip('10.1.0.3') });
    const viaOtherRt = attrs(rib, { asPath: [], nextHop: ip('10.1.0.3'), rts: ['65001:102'] });
    assert.notEqual(viaA, viaB);
    const policy = { localAsn: asn(65001), ebgp: true, nextHop: ip('192.168.0.1'), ctx };
    const frames = encodeBatch({ announce: [{ attrs: viaA, routes: routes(2, viaA) }, { attrs: viaB, routes: routes(2, viaB) }, { attrs: viaOtherRt, routes: routes(1, viaOtherRt) }], withdraw: [] }, policy);
    assert.equal(frames.length, 2);
    const first = decodeMessage(frames[0]!, ctx) as UpdateMessage;
    assert.equal(first.attributes.mpReach?.kind === 'vpnv4' ? first.attributes.mpReach.nlri.length : -1, 4);
  });

  it('withdrawals, and treat-as-withdraw UPDATEs, remove the routes', () => {
    const receiver = makeRib();
    receiver.rib.addVrf({ rd: rd('65002:1'), importRts: [rt('65001:101')], exportRts: [] });
    const peer = addPeer(receiver.rib, '192.168.0.1', 65002);
    const sender = makeRib();
    const a = attrs(sender.rib, { asPath: [], rts: ['65001:101'] });
    const policy = { localAsn: asn(65003), ebgp: true, nextHop: ip('192.168.0.1'), ctx };
    const announce = encodeBatch({ announce: [{ attrs: a, routes: routes(10, a) }], withdraw: [] }, policy);
    for (const f of announce) applyUpdate(receiver.rib, peer, decodeMessage(f, ctx) as UpdateMessage, { fourOctetAs: true });
    assert.equal(receiver.rib.vrf(rd('65002:1')).table.size, 10);

    const gone: Array<{ rd: ReturnType<typeof rd>; prefix: Ipv4Prefix }> = routes(3, a).map((r) => ({ rd: r.rd, prefix: r.prefix }));
    for (const f of encodeBatch({ announce: [], withdraw: gone }, policy)) {
      assert.equal(applyUpdate(receiver.rib, peer, decodeMessage(f, ctx) as UpdateMessage, { fourOctetAs: true }).withdrawn, 3);
    }
    assert.equal(receiver.rib.vrf(rd('65002:1')).table.size, 7);

    const u = decodeMessage(announce[0]!, ctx) as UpdateMessage;
    const eff = applyUpdate(receiver.rib, peer, { ...u, treatAsWithdraw: true }, { fourOctetAs: true });
    assert.equal(eff.announced, 0);
    assert.equal(receiver.rib.vrf(rd('65002:1')).table.size, 0);
    assert.equal(receiver.rib.locRib.get(rdKey(rd('65001:101')), ip('110.0.9.0'), 24), undefined);
  });

  it('a configured local preference overrides the received one', () => {
    const receiver = makeRib();
    const peer = addPeer(receiver.rib, '192.168.0.1', 65002);
    const sender = makeRib();
    const a = attrs(sender.rib, { asPath: [] });
    const f = encodeBatch({ announce: [{ attrs: a, routes: routes(1, a) }], withdraw: [] }, { localAsn: asn(65002), ebgp: true, nextHop: ip('192.168.0.1'), ctx });
    applyUpdate(receiver.rib, peer, decodeMessage(f[0]!, ctx) as UpdateMessage, { fourOctetAs: true, localPref: 300 });
    const d = receiver.rib.locRib.get(rdKey(rd('65001:101')), ip('110.0.0.0'), 24)!;
    assert.equal(d.best!.attrs.localPref, 300);
  });

  it('toward iBGP: no AS prepended, LOCAL_PREF sent; toward eBGP: our AS first, no LOCAL_PREF', () => {
    const { rib } = makeRib();
    const a = attrs(rib, { asPath: [] });
    const ibgp = outboundAttributes(a, { localAsn: asn(65001), ebgp: false, nextHop: ip('1.1.1.1'), localPref: 150, ctx });
    assert.deepEqual([ibgp.asPath, ibgp.localPref], [[], 150]);
    const ebgp = outboundAttributes(a, { localAsn: asn(65001), ebgp: true, nextHop: ip('1.1.1.1'), localPref: 150, med: 7, ctx });
    assert.deepEqual([ebgp.asPath, ebgp.localPref, ebgp.med], [[{ type: 'sequence', asns: [65001] }], undefined, 7]);
    // Whole message encodes (the frame is a valid UPDATE).
    assert.ok(encodeMessage({ type: 'update', withdrawn: [], nlri: [], attributes: ebgp }, ctx).length > 19);
  });
});
