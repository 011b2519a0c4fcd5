/**
 * Property tests (fast-check): every valid message round-trips encode → decode unchanged;
 * random and mutated bytes only ever produce OfDecodeError — never TypeError/RangeError,
 * never a hang (every loop in the decoder consumes at least 4 bytes per turn).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OfDecodeError, OfEncodeError, bundleAdd, decodeMessage, encodeMessage, readHeader } from '../../../../openflow/wire/index.js';
import { ofMessage } from './arbitraries.js';

function decodesOrTypedError(frame: Buffer): boolean {
  try {
    decodeMessage(frame);
    return true;
  } catch (err) {
    if (err instanceof OfDecodeError) return true;
    throw err;
  }
}

describe('openflow/wire properties', () => {
  it('round-trips every message kind: decode(encode(m)) deep-equals m', () => {
    fc.assert(
      fc.property(ofMessage, (m) => {
        const frame = encodeMessage(m);
        assert.equal(readHeader(frame).length, frame.length);
        assert.deepStrictEqual(decodeMessage(frame), m);
      }),
      { numRuns: 3000 },
    );
  });

  it('re-encoding a decoded message gives the same bytes', () => {
    fc.assert(
      fc.property(ofMessage, (m) => {
        const frame = encodeMessage(m);
        assert.deepStrictEqual(encodeMessage(decodeMessage(frame)), frame);
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes only ever throw OfDecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (a) => decodesOrTypedError(Buffer.from(a))), { numRuns: 5000 });
  });

  it('random bodies under a valid header only ever throw OfDecodeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 }), fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0xffffffff }), (type, body, x) => {
        const frame = Buffer.alloc(8 + body.length);
        frame[0] = 4;
        frame[1] = type;
        frame.writeUInt16BE(frame.length, 2);
        frame.writeUInt32BE(x, 4);
        frame.set(body, 8);
        return decodesOrTypedError(frame);
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid frames (flipped bytes, truncation, extension) only ever throw OfDecodeError', () => {
    fc.assert(
      fc.property(
        ofMessage,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -16, max: 16 }),
        fc.boolean(),
        (m, flips, resize, fixLength) => {
          const orig = encodeMessage(m);
          let frame = Buffer.from(orig);
          for (const [pos, v] of flips) frame[pos % frame.length] = v;
          const len = Math.max(0, frame.length + resize);
          frame = len <= frame.length ? frame.subarray(0, len) : Buffer.concat([frame, Buffer.alloc(len - frame.length, 0xab)]);
          // Keep the header's length consistent half of the time, so body parsing is reached.
          if (fixLength && frame.length >= 8) frame.writeUInt16BE(Math.min(frame.length, 0xffff), 2);
          return decodesOrTypedError(frame);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('rejects a frame whose length field disagrees with its size', () => {
    const frame = encodeMessage({ type: 'barrier_request', xid: 1 });
    assert.throws(() => decodeMessage(Buffer.concat([frame, Buffer.alloc(1)])), OfDecodeError);
    assert.throws(() => decodeMessage(frame.subarray(0, 7)), OfDecodeError);
  });

  it('refuses bundle messages nested in a bundle-add, however deep, with typed errors only', () => {
    const barrier = encodeMessage({ type: 'barrier_request', xid: 1 });
    let frame: Buffer = Buffer.from(barrier);
    // Hand-built nesting (the encoder refuses it): 2000 levels, about 48 KiB.
    for (let i = 0; i < 2000; i++) {
      const outer = Buffer.alloc(24 + frame.length);
      outer.set([4, 4], 0);
      outer.writeUInt16BE(outer.length, 2);
      outer.writeUInt32BE(1, 4);
      outer.writeUInt32BE(0x4f4e4600, 8);
      outer.writeUInt32BE(2301, 12);
      outer.writeUInt32BE(1, 16);
      frame.copy(outer, 24);
      frame = outer;
    }
    assert.throws(() => decodeMessage(frame), OfDecodeError);
    const one = bundleAdd(1, 0, { type: 'barrier_request', xid: 1 });
    assert.throws(() => encodeMessage(bundleAdd(1, 0, one)), OfEncodeError);
  });

  it('rejects a non-1.3 version except for HELLO and ERROR', () => {
    const barrier = Buffer.from(encodeMessage({ type: 'barrier_request', xid: 1 }));
    barrier[0] = 1;
    assert.throws(() => decodeMessage(barrier), OfDecodeError);
    const h = decodeMessage(encodeMessage({ type: 'hello', xid: 2, version: 1, elements: [] }));
    assert.deepStrictEqual(h, { type: 'hello', xid: 2, version: 1, elements: [] });
  });
});
