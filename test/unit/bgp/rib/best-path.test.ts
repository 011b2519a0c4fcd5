import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Destination, Path, comparePaths, peerSource, selectBest, rdKey, type PathSource, type RouteAttrs } from '../../../../bgp/rib/index.js';
import { LOCAL_AS, ROUTER_ID, attrs, ip, makeRib, rd, seq } from './helpers.js';

const dest = new Destination(rd('65002:1'), rdKey(rd('65002:1')), ip('150.1.0.0'), 24);
const ebgp = (addr: string, peerAs = 65002, id = addr): PathSource => peerSource(ip(addr), peerAs, LOCAL_AS, ip(id));
const ibgp = (addr: string, id = addr): PathSource => peerSource(ip(addr), 65001, LOCAL_AS, ip(id));
const path = (src: PathSource, a: RouteAttrs) => new Path(src, a, [], dest);

describe('bgp/rib best path', () => {
  const { rib } = makeRib();
  const cases: Array<[string, Path, Path, string]> = [
    ['higher local-pref', path(ebgp('1.0.0.1'), attrs(rib, { localPref: 200, asPath: seq(1, 2, 3) })), path(ebgp('1.0.0.2'), attrs(rib, { localPref: 100 })), 'local-pref'],
    ['local origin', path({ kind: 'local', address: ip('0.0.0.0'), asn: LOCAL_AS, routerId: ROUTER_ID, ebgp: false }, attrs(rib, { asPath: [] })), path(ebgp('1.0.0.2'), attrs(rib, { asPath: [] })), 'local-origin'],
    ['shorter AS path', path(ebgp('1.0.0.2'), attrs(rib, { asPath: seq(65002) })), path(ebgp('1.0.0.1'), attrs(rib, { asPath: seq(65002, 7) })), 'as-path'],
    ['an AS_SET counts one', path(ebgp('1.0.0.2'), attrs(rib, { asPath: [{ type: 'set', asns: seq(5, 6, 7)[0]!.asns }, ...seq(65002)] })), path(ebgp('1.0.0.1'), attrs(rib, { asPath: seq(65002, 8, 9) })), 'as-path'],
    ['lower origin', path(ebgp('1.0.0.2'), attrs(rib, { origin: 'egp' })), path(ebgp('1.0.0.1'), attrs(rib, { origin: 'incomplete' })), 'origin'],
    ['lower MED from the same AS', path(ebgp('1.0.0.2'), attrs(rib, { med: 5 })), path(ebgp('1.0.0.1'), attrs(rib, { med: 10 })), 'med'],
    ['eBGP over iBGP', path(ebgp('1.0.0.2', 65002, '9.9.9.9'), attrs(rib)), path(ibgp('1.0.0.1', '1.1.1.1'), attrs(rib)), 'ebgp-over-ibgp'],
    ['lower router-id', path(ebgp('1.0.0.2', 65002, '2.2.2.1'), attrs(rib)), path(ebgp('1.0.0.1', 65002, '2.2.2.2'), attrs(rib)), 'router-id'],
    ['lower peer address', path(ebgp('1.0.0.1', 65002, '3.3.3.3'), attrs(rib)), path(ebgp('1.0.0.2', 65002, '3.3.3.3'), attrs(rib)), 'peer-address'],
  ];
  for (const [name, winner, loser, reason] of cases) {
    it(`prefers ${name} (both orders)`, () => {
      assert.deepEqual(selectBest([loser, winner]), { best: winner, reason });
      assert.deepEqual(selectBest([winner, loser]), { best: winner, reason });
    });
  }

  it('compares MED only between paths of the same neighbour AS', () => {
    const a = path(ebgp('1.0.0.2', 65002, '3.3.3.3'), attrs(rib, { med: 100, asPath: seq(65002) }));
    const b = path(ebgp('1.0.0.1', 65003, '3.3.3.3'), attrs(rib, { med: 1, asPath: seq(65003) }));
    // Different neighbour AS: MED is skipped, so the lower peer address decides.
    assert.equal(comparePaths(a, b).reason, 'peer-address');
    assert.equal(selectBest([a, b])!.best, b);
  });

  it('a single path is the only path; none gives no best', () => {
    const p = path(ebgp('1.0.0.1'), attrs(rib));
    assert.deepEqual(selectBest([p]), { best: p, reason: 'only-path' });
    assert.equal(selectBest([]), undefined);
  });

  it('the choice does not depend on the order of the paths (distinct peers, no MED)', () => {
    const arb = fc.record({
      lp: fc.constantFrom(undefined, 50, 100, 200),
      len: fc.integer({ min: 0, max: 4 }),
      origin: fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const),
      ibgp: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 6 }), (specs) => {
        const paths = specs.map((s, i) => {
          const src = s.ibgp ? ibgp(`1.0.0.${i + 1}`) : ebgp(`1.0.0.${i + 1}`);
          return path(src, attrs(rib, { localPref: s.lp, origin: s.origin, asPath: seq(...Array.from({ length: s.len }, () => 65002)) }));
        });
        const best = selectBest(paths)!.best;
        assert.equal(selectBest([...paths].reverse())!.best, best);
        for (const p of paths) if (p !== best) assert.ok(comparePaths(best, p).order < 0);
      }),
    );
  });
});
