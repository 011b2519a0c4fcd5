import assert from 'node:assert/strict';
import { label, parseIpv4, parseIpv4Prefix, parseRd } from '../../../../bgp/types/index.js';
import { LabelBook, LabelExhaustedError, type LabelRequest } from '../../../../bgp/labels/index.js';

const rd101 = parseRd('65001:101');
const rd102 = parseRd('65001:102');
const host = parseIpv4('10.1.0.2');
const range = { start: label(1000), end: label(1999) };

function req(rd = rd101, prefix = '110.1.0.0/24', nexthop = host, origin: 'static' | 'connected' = 'static'): LabelRequest {
  return { rd, prefix: parseIpv4Prefix(prefix), nexthop, origin };
}

describe('bgp/labels LabelBook', () => {
  it("per-CE (default) reproduces the original's MPLS table: host /32 → 1000, its ten static routes → 1001", () => {
    const book = new LabelBook(range);
    assert.equal(book.mode, 'per-ce');
    assert.equal(book.acquire(req(rd101, '10.1.0.2/32', host, 'connected')), 1000);
    for (let k = 0; k < 10; k++) assert.equal(book.acquire(req(rd101, `110.1.${k}.0/24`)), 1001);
    assert.equal(book.inUse, 2);
  });

  it('per-CE gives another VRF or another next hop its own label', () => {
    const book = new LabelBook(range);
    const a = book.acquire(req());
    const b = book.acquire(req(rd102));
    const c = book.acquire(req(rd101, '110.1.1.0/24', parseIpv4('10.1.0.3')));
    assert.equal(new Set([a, b, c]).size, 3);
  });

  it('releases a shared label only with its last route', () => {
    const book = new LabelBook(range);
    const l = book.acquire(req(rd101, '110.1.0.0/24'));
    book.acquire(req(rd101, '110.1.1.0/24'));
    assert.equal(book.release(req(rd101, '110.1.0.0/24')), false);
    assert.ok(book.isLocal(l));
    assert.equal(book.release(req(rd101, '110.1.1.0/24')), true);
    assert.ok(!book.isLocal(l));
    assert.equal(book.inUse, 0);
  });

  it('per-prefix gives every route its own label; per-VRF one per VRF', () => {
    const pp = new LabelBook(range, 'per-prefix');
    assert.notEqual(pp.acquire(req(rd101, '110.1.0.0/24')), pp.acquire(req(rd101, '110.1.1.0/24')));
    const pv = new LabelBook(range, 'per-vrf');
    const a = pv.acquire(req(rd101, '110.1.0.0/24'));
    assert.equal(pv.acquire(req(rd101, '10.1.0.2/32', host, 'connected')), a);
    assert.notEqual(pv.acquire(req(rd102)), a);
  });

  it('exhaustion throws LabelExhaustedError and leaves the book as it was', () => {
    const book = new LabelBook({ start: label(1000), end: label(1000) }, 'per-prefix');
    book.acquire(req(rd101, '110.1.0.0/24'));
    assert.throws(() => book.acquire(req(rd101, '110.1.1.0/24')), LabelExhaustedError);
    assert.equal(book.inUse, 1);
    assert.equal(book.peek(req(rd101, '110.1.1.0/24')), undefined);
    assert.throws(() => book.release(req(rd101, '110.1.1.0/24')), RangeError);
  });
});
