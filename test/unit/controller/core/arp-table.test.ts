/** The ARP table's timers as event sequences with an injected clock. */
import { strict as assert } from 'node:assert';
import { ArpTable } from '../../../../controller/core/arp-table.js';
import { parseIpv4 } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';

const T = { refreshMs: 60_000, expireMs: 180_000, retryMs: 1000, maxRetryMs: 8000 };
const A = parseIpv4('10.1.0.2');
const B = parseIpv4('10.1.0.3');
const MAC = parseMac('02:00:00:00:00:01');

describe('controller ARP table', () => {
  it('asks once, retries with a doubling back-off, stops when learned', () => {
    const t = new ArpTable(T);
    assert.deepEqual(t.want(A, 3, 0), { ip: A, port: 3 });
    assert.equal(t.want(A, 3, 10), undefined, 'already asking');
    assert.deepEqual(t.tick(500).requests, []);
    assert.deepEqual(t.tick(1000).requests, [{ ip: A, port: 3 }]);
    assert.deepEqual(t.tick(2500).requests, []);
    assert.deepEqual(t.tick(3000).requests, [{ ip: A, port: 3 }], 'then after 2 s');
    assert.equal(t.learn(A, MAC, 3, 3100), 'new');
    assert.deepEqual(t.tick(20_000).requests, []);
  });

  it('keeps several hosts per port and the same IP behind two ports apart', () => {
    const t = new ArpTable(T);
    t.learn(A, MAC, 3, 0);
    t.learn(B, parseMac('02:00:00:00:00:02'), 3, 0);
    t.learn(A, parseMac('02:00:00:00:00:04'), 4, 0);
    assert.equal(t.all().length, 3);
    assert.equal(t.lookup(3, A)?.mac, MAC);
    assert.equal(t.lookup(4, A)?.mac, '02:00:00:00:00:04');
    assert.equal(t.learn(A, MAC, 3, 5), 'same');
    assert.equal(t.learn(A, parseMac('02:00:00:00:00:09'), 3, 6), 'changed');
  });

  it('refreshes a silent entry, and forgets it when nothing answers', () => {
    const t = new ArpTable(T);
    t.learn(A, MAC, 3, 0);
    assert.deepEqual(t.tick(59_000).requests, []);
    assert.deepEqual(t.tick(60_000).requests, [{ ip: A, port: 3 }], 'refresh');
    assert.deepEqual(t.tick(61_000).requests, [], 'not again at once');
    assert.deepEqual(t.tick(68_000).requests, [{ ip: A, port: 3 }]);
    const { expired } = t.tick(180_000);
    assert.deepEqual(expired.map((e) => e.ip), [A]);
    assert.equal(t.lookup(3, A), undefined);
  });

  it('a refresh answered in time keeps the entry', () => {
    const t = new ArpTable(T);
    t.learn(A, MAC, 3, 0);
    t.tick(60_000);
    t.learn(A, MAC, 3, 60_010);
    assert.deepEqual(t.tick(180_000).expired, []);
    assert.ok(t.lookup(3, A));
  });
});
