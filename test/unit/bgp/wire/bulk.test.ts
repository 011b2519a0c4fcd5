/** Bulk VPNv4 encoding: many NLRI with shared attributes packed into as few ≤4096-byte UPDATEs as fit. */
import { strict as assert } from 'node:assert';
import { formatRouteTarget, label, parseIpv4, parseRd, parseRouteTarget, type Ipv4Address } from '../../../../bgp/types/index.js';
import {
  decodeMessage,
  encodeVpnv4Updates,
  encodeVpnv4Withdraws,
  type PathAttributes,
  type VpnNlri,
} from '../../../../bgp/wire/index.js';

const ctx = { fourOctetAs: true };

function routes(n: number): VpnNlri[] {
  const rd = parseRd('65001:101');
  return Array.from({ length: n }, (_, i) => ({
    labels: [label(1000 + (i % 7))],
    rd,
    prefix: { address: ((0x0a000000 + i * 256) >>> 0) as Ipv4Address, length: 24 },
  }));
}

const attrs: PathAttributes = {
  origin: 'igp',
  asPath: [{ type: 'sequence', asns: [65001 as never] }],
  med: 100,
  extendedCommunities: [{ type: 'route-target', routeTarget: parseRouteTarget('65001:101') }],
};

describe('bgp/wire encodeVpnv4Updates', () => {
  it('packs 10 000 routes into full UPDATEs of at most 4096 bytes, every route once', () => {
    const nlri = routes(10000);
    const frames = encodeVpnv4Updates(attrs, parseIpv4('10.99.0.1'), nlri, ctx);
    const perNlri = 1 + 3 + 8 + 3;
    // Every UPDATE but the last is full: no room left for one more NLRI.
    for (const f of frames.slice(0, -1)) assert.ok(f.length <= 4096 && f.length > 4096 - perNlri, `${f.length}`);
    const got: VpnNlri[] = [];
    for (const f of frames) {
      const m = decodeMessage(f, ctx);
      assert.ok(m.type === 'update' && m.attributes.mpReach?.kind === 'vpnv4');
      assert.equal(m.treatAsWithdraw, undefined);
      assert.equal(m.attributes.med, 100);
      assert.equal(m.attributes.mpReach.nextHop, parseIpv4('10.99.0.1'));
      assert.deepEqual(m.attributes.extendedCommunities?.map((c) => c.type === 'route-target' && formatRouteTarget(c.routeTarget)), ['65001:101']);
      got.push(...m.attributes.mpReach.nlri);
    }
    assert.deepEqual(got, nlri);
    const total = frames.reduce((s, f) => s + f.length, 0);
    assert.ok(frames.length <= Math.ceil(total / (4096 - perNlri)));
  });

  it('honours a smaller limit and a single route', () => {
    assert.equal(encodeVpnv4Updates(attrs, parseIpv4('10.0.0.1'), routes(1), ctx).length, 1);
    const frames = encodeVpnv4Updates(attrs, parseIpv4('10.0.0.1'), routes(100), ctx, 512);
    for (const f of frames) assert.ok(f.length <= 512);
    assert.equal(frames.reduce((n, f) => n + ((decodeMessage(f, ctx) as { attributes: PathAttributes }).attributes.mpReach?.nlri.length ?? 0), 0), 100);
  });

  it('withdraws in as few UPDATEs as fit, with the 0x800000 label field', () => {
    const w = routes(5000).map(({ rd, prefix }) => ({ rd, prefix }));
    const frames = encodeVpnv4Withdraws(w, ctx);
    let n = 0;
    for (const f of frames) {
      assert.ok(f.length <= 4096);
      const m = decodeMessage(f, ctx);
      assert.ok(m.type === 'update' && m.attributes.mpUnreach?.kind === 'vpnv4');
      assert.equal(m.attributes.mpUnreach.labelField, undefined);
      n += m.attributes.mpUnreach.withdrawn.length;
    }
    assert.equal(n, 5000);
    assert.equal(frames[0].toString('hex').includes('800000' + '0000fde900000065'), true);
  });
});
