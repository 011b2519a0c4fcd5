import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OfFramer, OfFramingError } from '../../../../openflow/connection/framer.js';

/** A fake OpenFlow message: valid header (version 4) with `bodyLen` payload bytes. */
function frame(type: number, xid: number, body: Buffer): Buffer {
  const buf = Buffer.alloc(8 + body.length);
  buf[0] = 4;
  buf[1] = type;
  buf.writeUInt16BE(buf.length, 2);
  buf.writeUInt32BE(xid, 4);
  body.copy(buf, 8);
  return buf;
}

describe('openflow/connection/framer', () => {
  it('returns whole messages from one read', () => {
    const a = frame(2, 1, Buffer.from('hello'));
    const b = frame(3, 2, Buffer.alloc(0));
    const out = new OfFramer().push(Buffer.concat([a, b]));
    assert.deepEqual(out, [a, b]);
  });

  it('carries a partial message across reads', () => {
    const a = frame(10, 7, Buffer.alloc(100, 0xab));
    const f = new OfFramer();
    assert.deepEqual(f.push(a.subarray(0, 3)), []);
    assert.deepEqual(f.push(a.subarray(3, 50)), []);
    assert.equal(f.buffered, 50);
    assert.deepEqual(f.push(a.subarray(50)), [a]);
    assert.equal(f.buffered, 0);
  });

  it('rejects a header announcing length < 8, and keeps rejecting', () => {
    const bad = Buffer.from([4, 0, 0, 7, 0, 0, 0, 1]);
    const f = new OfFramer();
    const good = frame(0, 1, Buffer.alloc(0));
    assert.throws(() => f.push(Buffer.concat([good, bad])), (e: unknown) => e instanceof OfFramingError && e.offset === 8);
    assert.throws(() => f.push(good), OfFramingError);
  });

  it('frames identically wherever the stream is split (property)', () => {
    const msg = fc.record({ type: fc.integer({ min: 0, max: 29 }), xid: fc.nat(), body: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(fc.array(msg, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (msgs, cuts) => {
        const frames = msgs.map((m) => frame(m.type, m.xid, Buffer.from(m.body)));
        const stream = Buffer.concat(frames);
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
        const f = new OfFramer();
        const out: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          out.push(...f.push(stream.subarray(prev, p)));
          prev = p;
        }
        assert.deepEqual(out.map((b) => b.toString('hex')), frames.map((b) => b.toString('hex')));
        assert.equal(f.buffered, 0);
      }),
    );
  });

  it('frames identically when split at every single offset', () => {
    const frames = [frame(0, 1, Buffer.alloc(8)), frame(14, 2, Buffer.alloc(77, 1)), frame(21, 3, Buffer.alloc(0))];
    const stream = Buffer.concat(frames);
    for (let cut = 0; cut <= stream.length; cut++) {
      const f = new OfFramer();
      const out = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))];
      assert.deepEqual(out, frames, `cut at ${cut}`);
    }
  });
});
