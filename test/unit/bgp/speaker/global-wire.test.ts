import assert from 'node:assert/strict';
import { asn, formatIpv4Prefix, parseIpv4Prefix } from '../../../../bgp/types/index.js';
import { decodeMessage, encodeMessage, type UpdateMessage } from '../../../../bgp/wire/index.js';
import { GLOBAL_RD, globalRouteViews, type OutRoute } from '../../../../bgp/rib/index.js';
import { applyUpdate, encodeGlobalBatch } from '../../../../bgp/speaker/wire-adapter.js';
import { addPeer, attrs, ip, makeRib } from '../rib/helpers.js';

const ctx = { fourOctetAs: true };

function routes(n: number, a: OutRoute['attrs']): OutRoute[] {
  const out: OutRoute[] = [];
  for (let i = 0; i < n; i++) out.push({ rd: GLOBAL_RD, prefix: parseIpv4Prefix(`110.${i >> 8}.${i & 255}.0/24`), labels: [], attrs: a });
  return out;
}

describe('bgp/speaker wire adapter: IPv4 unicast (global table)', () => {
  it('announces in the classic NLRI field with NEXT_HOP = our address, MED, our AS first; packed ≤4096 bytes', () => {
    const sender = makeRib();
    const a = attrs(sender.rib, { asPath: [], rts: [], nextHop: ip('172.16.1.2') });
    const policy = { localAsn: asn(65002), ebgp: true, nextHop: ip('10.255.233.1'), med: 150, ctx };
    const frames = encodeGlobalBatch({ announce: [{ attrs: a, routes: routes(2000, a) }], withdraw: [] }, policy);
    assert.ok(frames.length > 1);
    const receiver = makeRib();
    const peer = addPeer(receiver.rib, '10.255.233.1', 65002);
    let announced = 0;
    for (const f of frames) {
      assert.ok(f.length <= 4096, `${f.length} bytes`);
      const u = decodeMessage(f, ctx) as UpdateMessage;
      assert.equal(u.attributes.mpReach, undefined);
      assert.equal(u.attributes.nextHop, ip('10.255.233.1'));
      assert.equal(u.attributes.med, 150);
      assert.equal(u.attributes.extendedCommunities, undefined);
      assert.deepEqual(u.attributes.asPath, [{ type: 'sequence', asns: [65002] }]);
      announced += applyUpdate(receiver.rib, peer, u, { fourOctetAs: true }).announced;
    }
    assert.equal(announced, 2000);
    const rows = [...globalRouteViews(receiver.rib.globalRib.values())];
    assert.equal(rows.length, 2000);
    assert.ok(rows.every((r) => r.nexthop === ip('10.255.233.1') && r.metric === 150 && r.source === 'remote'));
  });

  it('withdraws in the classic field; treat-as-withdraw and an unnegotiated family never install', () => {
    const sender = makeRib();
    const a = attrs(sender.rib, { asPath: [], rts: [] });
    const policy = { localAsn: asn(65002), ebgp: true, nextHop: ip('10.255.233.1'), ctx };
    const prefixes = ['10.1.0.0/16', '10.2.0.0/16'].map(parseIpv4Prefix);
    const receiver = makeRib();
    const peer = addPeer(receiver.rib, '10.255.233.1', 65002);
    const [ann] = encodeGlobalBatch({ announce: [{ attrs: a, routes: prefixes.map((prefix) => ({ rd: GLOBAL_RD, prefix, labels: [], attrs: a })) }], withdraw: [] }, policy);
    const u = decodeMessage(ann!, ctx) as UpdateMessage;
    assert.deepEqual(applyUpdate(receiver.rib, peer, u, { fourOctetAs: true }, false), { announced: 0, withdrawn: 0, ignored: 2 });
    assert.equal(receiver.rib.globalRib.size, 0);
    applyUpdate(receiver.rib, peer, u, { fourOctetAs: true });
    assert.equal(receiver.rib.globalRib.size, 2);

    const [wd] = encodeGlobalBatch({ announce: [], withdraw: [{ rd: GLOBAL_RD, prefix: prefixes[0]! }] }, policy);
    const w = decodeMessage(wd!, ctx) as UpdateMessage;
    assert.deepEqual(w.withdrawn.map(formatIpv4Prefix), ['10.1.0.0/16']);
    assert.deepEqual(w.nlri, []);
    applyUpdate(receiver.rib, peer, w, { fourOctetAs: true });
    assert.deepEqual([...globalRouteViews(receiver.rib.globalRib.values())].map((r) => formatIpv4Prefix(r.prefix)), ['10.2.0.0/16']);

    applyUpdate(receiver.rib, peer, { ...u, treatAsWithdraw: true }, { fourOctetAs: true });
    assert.equal(receiver.rib.globalRib.size, 0);
  });

  it('reads IPv4 unicast in MP_REACH/MP_UNREACH too (RFC 4760)', () => {
    const receiver = makeRib();
    const peer = addPeer(receiver.rib, '10.255.233.2', 65002);
    const reach = encodeMessage(
      {
        type: 'update',
        withdrawn: [],
        nlri: [],
        attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(65002)] }], mpReach: { kind: 'ipv4-unicast', afi: 1, safi: 1, nextHop: ip('10.255.233.2'), nlri: [parseIpv4Prefix('10.99.0.0/16')] } },
      },
      ctx,
    );
    applyUpdate(receiver.rib, peer, decodeMessage(reach, ctx) as UpdateMessage, { fourOctetAs: true });
    assert.equal(receiver.rib.globalRib.get(ip('10.99.0.0'), 16)?.best?.attrs.nextHop, ip('10.255.233.2'));
    const unreach = encodeMessage(
      { type: 'update', withdrawn: [], nlri: [], attributes: { mpUnreach: { kind: 'ipv4-unicast', afi: 1, safi: 1, withdrawn: [parseIpv4Prefix('10.99.0.0/16')] } } },
      ctx,
    );
    applyUpdate(receiver.rib, peer, decodeMessage(unreach, ctx) as UpdateMessage, { fourOctetAs: true });
    assert.equal(receiver.rib.globalRib.size, 0);
  });
});
