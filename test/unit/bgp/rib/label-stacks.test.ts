/**
 * Shared label stacks must not outlive their routes: with per-prefix labels and churn a peer
 * walks through the whole label space, and a strongly held table kept one array per value
 * ever seen (found by repeated announce/withdraw rounds of 10k routes: +1–2 MiB each).
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { label } from '../../../../bgp/types/index.js';
import { labelStack, sharedLabelStacks } from '../../../../bgp/rib/path.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('bgp/rib shared label stacks', () => {
  it('shares one stack per label while a route holds it', () => {
    const held = labelStack([label(777_001)]);
    assert.equal(labelStack([label(777_001)]), held);
    assert.notEqual(labelStack([label(777_002)]), held);
  });

  it('forgets stacks no route holds any more', async () => {
    const held = labelStack([label(500_000)]);
    const before = sharedLabelStacks();
    for (let l = 600_000; l < 610_000; l++) labelStack([label(l)]);
    assert.ok(sharedLabelStacks() >= before + 10_000);
    // Finalizers run in a task after a collection; give them a few turns.
    for (let i = 0; i < 50 && sharedLabelStacks() > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(sharedLabelStacks() <= before, `${sharedLabelStacks()} stacks still held, expected at most ${before}`);
    assert.equal(labelStack([label(500_000)]), held, 'a stack still in use stays shared');
  });
});
