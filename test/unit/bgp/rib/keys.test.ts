import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatRd, rdFromFields, type Ipv4Address } from '../../../../bgp/types/index.js';
import { PrefixTable, VpnTable, rdKey } from '../../../../bgp/rib/index.js';
import { rd } from './helpers.js';

const arbRd = fc.oneof(
  fc.tuple(fc.constant(0), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffffffff })),
  fc.tuple(fc.constant(1), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff })),
  fc.tuple(fc.constant(2), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff })),
).map(([t, a, n]) => rdFromFields(t, a, n));

describe('bgp/rib keys', () => {
  it('rdKey is equal exactly when the RDs are equal (type included)', () => {
    fc.assert(
      fc.property(arbRd, arbRd, (a, b) => {
        assert.equal(rdKey(a) === rdKey(b), a.type === b.type && a.admin === b.admin && a.assigned === b.assigned);
        assert.ok(Number.isSafeInteger(rdKey(a)));
      }),
    );
    assert.notEqual(rdKey(rd('1:1')), rdKey(rd('0.0.0.1:1')));
    assert.equal(formatRd(rd('65001:101')), '65001:101');
  });

  it('PrefixTable behaves as a map keyed by (address, length), high addresses included', () => {
    const arbOp = fc.tuple(fc.boolean(), fc.constantFrom(0, 0x7fffffff, 0x80000000, 0xffffffff, 0x0a000000), fc.integer({ min: 0, max: 32 }));
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), (ops) => {
        const t = new PrefixTable<string>();
        const model = new Map<string, string>();
        for (const [set, address, length] of ops) {
          const k = `${address}/${length}`;
          if (set) {
            t.set(address, length, k);
            model.set(k, k);
          } else {
            assert.equal(t.delete(address, length), model.delete(k));
          }
          assert.equal(t.size, model.size);
          assert.equal(t.get(address, length), model.get(k));
        }
        assert.deepEqual([...t.entries()].map(([a, l]) => `${a}/${l}`).sort(), [...model.keys()].sort());
      }),
    );
  });

  it('VpnTable keeps RDs apart and forgets an RD with its last prefix', () => {
    const v = new VpnTable<number>();
    const a = rd('65001:1');
    const b = rd('65001:2');
    v.set(a, rdKey(a), 0x0a000000 as Ipv4Address, 24, 1);
    v.set(b, rdKey(b), 0x0a000000 as Ipv4Address, 24, 2);
    assert.deepEqual([v.get(rdKey(a), 0x0a000000, 24), v.get(rdKey(b), 0x0a000000, 24), v.size], [1, 2, 2]);
    assert.ok(v.delete(rdKey(a), 0x0a000000, 24));
    assert.equal(v.get(rdKey(a), 0x0a000000, 24), undefined);
    assert.deepEqual([...v.entries()].map(([r]) => formatRd(r)), ['65001:2']);
    v.clear();
    assert.equal(v.size, 0);
  });
});
