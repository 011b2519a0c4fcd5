import assert from 'node:assert/strict';
import fc from 'fast-check';
import { label } from '../../../../bgp/types/index.js';
import { LabelAllocator, LabelExhaustedError } from '../../../../bgp/labels/index.js';

describe('bgp/labels LabelAllocator', () => {
  it('hands out labels in order from the start of the range', () => {
    const a = new LabelAllocator({ start: label(1000), end: label(1999) });
    assert.deepEqual([a.allocate(), a.allocate(), a.allocate()], [1000, 1001, 1002]);
    assert.equal(a.inUse, 3);
    assert.equal(a.free, 997);
  });

  it('throws LabelExhaustedError when full, changing nothing, and recovers after a release', () => {
    const a = new LabelAllocator({ start: label(16), end: label(18) });
    const got = [a.allocate(), a.allocate(), a.allocate()];
    assert.throws(() => a.allocate(), LabelExhaustedError);
    assert.equal(a.inUse, 3);
    a.release(got[1]!);
    assert.equal(a.allocate(), 17);
    assert.throws(() => a.allocate(), (e: unknown) => e instanceof LabelExhaustedError && e.range.start === 16);
  });

  it('does not hand a just-released label out again while others are free (next fit)', () => {
    const a = new LabelAllocator({ start: label(100), end: label(103) });
    const first = a.allocate();
    a.release(first);
    assert.equal(a.allocate(), 101);
  });

  it('refuses to release a label it does not hold', () => {
    const a = new LabelAllocator({ start: label(100), end: label(101) });
    assert.throws(() => a.release(label(100)), RangeError);
    assert.throws(() => a.release(label(5)), RangeError);
  });

  it('rejects a range whose start is after its end', () => {
    assert.throws(() => new LabelAllocator({ start: label(10), end: label(9) }), RangeError);
  });

  it('never hands out a label twice, nor one outside the range (random allocate/release)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 5000 }), fc.integer({ min: 0, max: 20 }), fc.array(fc.boolean(), { maxLength: 200 }), (start, width, ops) => {
        const a = new LabelAllocator({ start: label(start), end: label(start + width) });
        const held = new Set<number>();
        for (const alloc of ops) {
          if (alloc) {
            if (held.size === width + 1) {
              assert.throws(() => a.allocate(), LabelExhaustedError);
              continue;
            }
            const l = a.allocate();
            assert.ok(l >= start && l <= start + width);
            assert.ok(!held.has(l));
            held.add(l);
          } else if (held.size > 0) {
            const l = [...held][0]!;
            held.delete(l);
            a.release(label(l));
          }
          assert.equal(a.inUse, held.size);
        }
      }),
    );
  });
});
