/** The framer splits a byte stream into the same frames however the stream is cut. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BgpDecodeError, BgpFramer, decodeMessage, encodeMessage, type BgpMessage } from '../../../../bgp/wire/index.js';
import { message } from './arbitraries.js';

const ctx = { fourOctetAs: true };

function frames(chunks: Buffer[]): string[] {
  const f = new BgpFramer();
  const out: string[] = [];
  for (const c of chunks) for (const frame of f.push(c)) out.push(frame.toString('hex'));
  assert.equal(f.buffered, 0);
  return out;
}

describe('bgp/wire BgpFramer', () => {
  const sample: BgpMessage[] = [
    { type: 'keepalive' },
    { type: 'route-refresh', afi: 1, safi: 128, subtype: 1 },
    { type: 'notification', code: 6, subcode: 2, data: Buffer.alloc(0), shutdownMessage: 'maintenance' },
    { type: 'update', withdrawn: [], attributes: {}, nlri: [] },
  ];
  const encoded = sample.map((m) => encodeMessage(m, ctx));
  const stream = Buffer.concat(encoded);
  const expected = encoded.map((b) => b.toString('hex'));

  it('yields the same frames when the stream is split at every offset', () => {
    for (let i = 0; i <= stream.length; i++) {
      assert.deepEqual(frames([stream.subarray(0, i), stream.subarray(i)]), expected, `split at ${i}`);
    }
  });

  it('yields the same frames when fed one byte at a time', () => {
    const bytes = [...stream].map((b) => Buffer.from([b]));
    assert.deepEqual(frames(bytes), expected);
  });

  it('yields the same frames for random messages cut at random places', () => {
    fc.assert(
      fc.property(fc.array(message(true), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (msgs, cuts) => {
        const bufs = msgs.map((m) => encodeMessage(m, ctx));
        const all = Buffer.concat(bufs);
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(all.subarray(prev, p));
          prev = p;
        }
        chunks.push(all.subarray(prev));
        const got = frames(chunks);
        assert.deepEqual(got, bufs.map((b) => b.toString('hex')));
        got.forEach((hex) => decodeMessage(Buffer.from(hex, 'hex'), ctx));
      }),
      { numRuns: 200 },
    );
  });

  it('holds back a partial message until the rest arrives', () => {
    const f = new BgpFramer();
    assert.deepEqual(f.push(encoded[1].subarray(0, 20)), []);
    assert.equal(f.buffered, 20);
    assert.deepEqual(f.push(encoded[1].subarray(20)).map((b) => b.toString('hex')), [expected[1]]);
  });

  it('rejects a broken marker with Connection Not Synchronized (1/1)', () => {
    const bad = Buffer.from(encoded[0]);
    bad[3] = 0;
    assert.throws(() => new BgpFramer().push(bad), (e: unknown) => e instanceof BgpDecodeError && e.code === 1 && e.subcode === 1);
  });

  it('rejects lengths below 19 or above 4096 with Bad Message Length (1/2) carrying the length', () => {
    for (const length of [0, 18, 4097, 65535]) {
      const bad = Buffer.from(encoded[0]);
      bad.writeUInt16BE(length, 16);
      assert.throws(
        () => new BgpFramer().push(bad),
        (e: unknown) => e instanceof BgpDecodeError && e.code === 1 && e.subcode === 2 && e.data.readUInt16BE(0) === length,
      );
    }
  });

  it('accepts up to 65535 bytes once extended messages are negotiated (RFC 8654)', () => {
    const big = Buffer.alloc(5000);
    big.fill(0xff, 0, 16);
    big.writeUInt16BE(5000, 16);
    big[18] = 2;
    const f = new BgpFramer();
    f.setExtendedMessages(true);
    assert.equal(f.push(big).length, 1);
  });
});
