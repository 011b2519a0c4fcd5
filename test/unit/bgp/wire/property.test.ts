/**
 * Property tests: valid messages round-trip; random and mutated bytes only ever produce a
 * decoded message or a BgpDecodeError (never another exception, never a hang).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BgpDecodeError, decodeMessage, encodeMessage, type CodecContext } from '../../../../bgp/wire/index.js';
import { message } from './arbitraries.js';

/** Plain-object copy (fast-check builds records with a null prototype, which deepEqual tells apart). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (Buffer.isBuffer(v) || v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

function decodesOrTypedError(frame: Buffer, ctx: CodecContext): void {
  try {
    decodeMessage(frame, ctx);
  } catch (err) {
    if (!(err instanceof BgpDecodeError)) throw err;
    // A wrapped unexpected exception would mean a decoder read outside its checks.
    assert.equal(err.cause, undefined, `codec bug: ${String(err.cause)}`);
    assert.equal(typeof err.code, 'number');
    assert.ok(Buffer.isBuffer(err.toNotification().data));
  }
}

describe('bgp/wire properties', () => {
  for (const four of [true, false]) {
    const ctx: CodecContext = { fourOctetAs: four };

    it(`round-trips random valid messages (${four ? '4' : '2'}-octet AS)`, () => {
      fc.assert(
        fc.property(message(four), (msg) => {
          const bytes = encodeMessage(msg, ctx);
          const back = decodeMessage(bytes, ctx);
          assert.deepEqual(plain(back), plain(msg));
          assert.ok(encodeMessage(back, ctx).equals(bytes));
        }),
        { numRuns: 400 },
      );
    });

    it(`mutated valid frames decode or throw BgpDecodeError (${four ? '4' : '2'}-octet AS)`, () => {
      fc.assert(
        fc.property(
          message(four),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (msg, flips, keepLength) => {
            const frame = Buffer.from(encodeMessage(msg, ctx));
            for (const [at, v] of flips) {
              const i = at % frame.length;
              // Mostly mutate the body: a broken marker or length is caught before any parsing.
              if (keepLength && i < 19) continue;
              frame[i] = v;
            }
            decodesOrTypedError(frame, ctx);
            decodesOrTypedError(frame.subarray(0, Math.max(0, frame.length - (flips[0][1] % 8))), ctx);
          },
        ),
        { numRuns: 1500 },
      );
    });
  }

  it('random bytes decode or throw BgpDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => decodesOrTypedError(Buffer.from(b), { fourOctetAs: true })),
      { numRuns: 500 },
    );
  });

  it('random bodies behind a valid header decode or throw BgpDecodeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (type, body, four) => {
        const frame = Buffer.concat([Buffer.alloc(16, 0xff), Buffer.from([0, 0, type]), Buffer.from(body)]);
        frame.writeUInt16BE(frame.length, 16);
        decodesOrTypedError(frame, { fourOctetAs: four });
      }),
      { numRuns: 3000 },
    );
  });
});
