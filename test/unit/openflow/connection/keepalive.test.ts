import assert from 'node:assert/strict';
import { initialKeepalive, stepKeepalive, type KeepaliveState } from '../../../../openflow/connection/keepalive.js';

const cfg = { intervalMs: 1000, timeoutMs: 500 };

describe('openflow/connection/keepalive', () => {
  it('stays quiet while the switch talks', () => {
    let s: KeepaliveState = initialKeepalive(0);
    for (let t = 100; t < 5000; t += 300) {
      const r = stepKeepalive(cfg, s, { kind: 'received' }, t);
      assert.deepEqual(r.actions, []);
      s = r.next;
      const tick = stepKeepalive(cfg, s, { kind: 'tick' }, t + 200);
      assert.deepEqual(tick.actions, []);
    }
  });

  it('probes after the interval of silence and asks to wake at the deadline', () => {
    const s = initialKeepalive(0);
    const early = stepKeepalive(cfg, s, { kind: 'tick' }, 999);
    assert.deepEqual(early.actions, []);
    assert.equal(early.wakeAt, 1000);
    const probe = stepKeepalive(cfg, s, { kind: 'tick' }, 1000);
    assert.deepEqual(probe.actions, [{ kind: 'send-echo' }]);
    assert.equal(probe.wakeAt, 1500);
    // A second tick before the timeout sends no second probe.
    assert.deepEqual(stepKeepalive(cfg, probe.next, { kind: 'tick' }, 1200).actions, []);
  });

  it('declares the switch dead when the probe goes unanswered', () => {
    const probe = stepKeepalive(cfg, initialKeepalive(0), { kind: 'tick' }, 1000);
    const dead = stepKeepalive(cfg, probe.next, { kind: 'tick' }, 1500);
    assert.deepEqual(dead.actions, [{ kind: 'dead', silentMs: 1500 }]);
  });

  it('any reply after a probe revives the connection', () => {
    const probe = stepKeepalive(cfg, initialKeepalive(0), { kind: 'tick' }, 1000);
    const rx = stepKeepalive(cfg, probe.next, { kind: 'received' }, 1400);
    assert.equal(rx.next.probeSentAt, undefined);
    assert.deepEqual(stepKeepalive(cfg, rx.next, { kind: 'tick' }, 1600).actions, []);
    assert.equal(rx.wakeAt, 2400);
  });
});
