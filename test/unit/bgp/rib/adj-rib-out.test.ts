import assert from 'node:assert/strict';
import { formatIpv4Prefix } from '../../../../bgp/types/index.js';
import { AdjRibOut, rdKey, type OutBatch, type OutRoute } from '../../../../bgp/rib/index.js';
import { attrs, lbl, makeRib, pfx, rd } from './helpers.js';

describe('bgp/rib AdjRibOut', () => {
  const { rib } = makeRib();
  const a1 = attrs(rib, { med: 1 });
  const a2 = attrs(rib, { med: 2 });
  const route = (p: string, a = a1, l = 1000): OutRoute => ({ rd: rd('65001:101'), prefix: pfx(p), labels: lbl(l), attrs: a });
  const k = rdKey(rd('65001:101'));

  function setup() {
    const turns: Array<() => void> = [];
    const sent: OutBatch[] = [];
    const out = new AdjRibOut((b) => sent.push(b), (fn) => turns.push(fn));
    const turn = () => {
      while (turns.length) turns.shift()!();
    };
    return { out, sent, turn, turns };
  }

  it('batches one turn of changes, grouped by attribute set, in one hand-over', () => {
    const { out, sent, turn, turns } = setup();
    for (let i = 0; i < 50; i++) out.advertise(k, route(`110.${i}.0.0/16`, i % 2 ? a1 : a2));
    assert.equal(turns.length, 1);
    turn();
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.announce.map((g) => g.routes.length).sort(), [25, 25]);
    assert.ok(sent[0]!.announce.every((g) => g.routes.every((r) => r.attrs === g.attrs)));
    assert.equal(out.size, 50);
  });

  it('sends nothing for an unchanged re-advertisement and a withdraw of what was never sent', () => {
    const { out, sent, turn } = setup();
    out.advertise(k, route('110.1.0.0/24'));
    turn();
    out.advertise(k, route('110.1.0.0/24'));
    out.withdraw(rd('65001:101'), k, pfx('110.2.0.0/24'));
    turn();
    assert.equal(sent.length, 1);
  });

  it('the last change of a turn wins; withdraws carry the prefix', () => {
    const { out, sent, turn } = setup();
    out.advertise(k, route('110.1.0.0/24'));
    turn();
    out.advertise(k, route('110.1.0.0/24', a2));
    out.withdraw(rd('65001:101'), k, pfx('110.1.0.0/24'));
    turn();
    assert.deepEqual(sent[1]!.announce, []);
    assert.deepEqual(sent[1]!.withdraw.map((w) => formatIpv4Prefix(w.prefix)), ['110.1.0.0/24']);
    assert.equal(out.size, 0);
  });

  it('a changed label is re-sent', () => {
    const { out, sent, turn } = setup();
    out.advertise(k, route('110.1.0.0/24', a1, 1000));
    turn();
    out.advertise(k, route('110.1.0.0/24', a1, 1001));
    turn();
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1]!.announce[0]!.routes[0]!.labels, [1001]);
  });

  it('resendAll sends every advertised route again, once, with the turn’s changes applied', () => {
    const { out, sent, turn } = setup();
    out.advertise(k, route('110.1.0.0/24'));
    out.advertise(k, route('110.2.0.0/24'));
    turn();
    out.resendAll();
    out.advertise(k, route('110.3.0.0/24'));
    out.withdraw(rd('65001:101'), k, pfx('110.2.0.0/24'));
    turn();
    const last = sent[1]!;
    assert.deepEqual(last.announce.flatMap((g) => g.routes.map((r) => formatIpv4Prefix(r.prefix))).sort(), ['110.1.0.0/24', '110.3.0.0/24']);
    assert.deepEqual(last.withdraw.map((w) => formatIpv4Prefix(w.prefix)), ['110.2.0.0/24']);
  });

  it('clear forgets what was sent (session down)', () => {
    const { out, sent, turn } = setup();
    out.advertise(k, route('110.1.0.0/24'));
    turn();
    out.clear();
    assert.equal(out.size, 0);
    out.advertise(k, route('110.1.0.0/24'));
    turn();
    assert.equal(sent.length, 2);
  });
});
