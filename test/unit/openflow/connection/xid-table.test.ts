import assert from 'node:assert/strict';
import { OfSwitchError } from '../../../../openflow/connection/errors.js';
import { XidTable } from '../../../../openflow/connection/xid-table.js';

const err = (xid: number, index?: number) => new OfSwitchError(2, 4, 'OFPET_BAD_ACTION', 'OFPBAC_BAD_OUT_PORT', xid, Buffer.alloc(0), index);

describe('openflow/connection/xid-table', () => {
  it('allocates consecutive xids, never 0, keeping ranges contiguous across the wrap', () => {
    const t = new XidTable(0xfffffffe);
    assert.equal(t.allocate(), 0xfffffffe);
    assert.equal(t.allocate(5), 1);
    assert.equal(t.allocate(), 6);
    const u = new XidTable(0xffffffff);
    assert.equal(u.allocate(), 0xffffffff);
    assert.equal(u.allocate(), 1);
  });

  it('resolves a single reply and forgets the xid', async () => {
    const t = new XidTable();
    const xid = t.allocate();
    const p = new Promise((res, rej) => t.expect(xid, res, rej));
    assert.equal(t.reply(xid, 'r'), true);
    assert.equal(await p, 'r');
    assert.equal(t.reply(xid, 'again'), false);
    assert.equal(t.size, 0);
  });

  it('reassembles multipart parts in order', async () => {
    const t = new XidTable();
    const xid = t.allocate();
    const p = new Promise((res, rej) => t.expect(xid, res, rej));
    t.reply(xid, 'a', { multipart: true, more: true });
    t.reply(xid, 'b', { multipart: true, more: true });
    t.reply(xid, 'c', { multipart: true, more: false });
    assert.deepEqual(await p, ['a', 'b', 'c']);
  });

  it('rejects by xid, and all on disconnect', async () => {
    const t = new XidTable();
    const [a, b] = [t.allocate(), t.allocate()];
    const pa = new Promise((res, rej) => t.expect(a, res, rej));
    const pb = new Promise((res, rej) => t.expect(b, res, rej));
    assert.equal(t.fail(a, err(a)), true);
    await assert.rejects(pa, (e: unknown) => e instanceof OfSwitchError && e.xid === a);
    t.failAll(new Error('gone'));
    await assert.rejects(pb, /gone/);
  });

  it('attributes errors to a batch by xid range, keeping the lowest index', () => {
    const t = new XidTable();
    const first = t.allocate(100);
    const batch = t.openBatch(first, 100);
    assert.equal(t.batchError(first + 100, (i) => err(first + 100, i)), false);
    assert.equal(t.batchError(first + 42, (i) => err(first + 42, i)), true);
    assert.equal(t.batchError(first + 7, (i) => err(first + 7, i)), true);
    assert.equal(t.batchError(first + 50, (i) => err(first + 50, i)), true);
    const e = t.endBatch(batch);
    assert.equal(e?.index, 7);
    assert.equal(e?.xid, first + 7);
  });
});
