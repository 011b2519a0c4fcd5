import assert from 'node:assert/strict';
import { encodeHelloFailed, negotiate, OF13, versionBitmap } from '../../../../openflow/connection/version.js';
import { encodeMessage, hello as helloMessage } from '../../../../openflow/wire/index.js';

function hello(version: number, bitmaps?: number[]): Buffer {
  const elem = bitmaps ? Buffer.alloc(((4 + 4 * bitmaps.length + 7) & ~7)) : Buffer.alloc(0);
  if (bitmaps) {
    elem.writeUInt16BE(1, 0);
    elem.writeUInt16BE(4 + 4 * bitmaps.length, 2);
    bitmaps.forEach((b, i) => elem.writeUInt32BE(b >>> 0, 4 + 4 * i));
  }
  const buf = Buffer.alloc(8 + elem.length);
  buf[0] = version;
  buf.writeUInt16BE(buf.length, 2);
  elem.copy(buf, 8);
  return buf;
}

describe('openflow/connection/version', () => {
  it('our HELLO (as the datapath builds it) is the bytes OVS sends for 1.3 only', () => {
    // Captured from ovs-vswitchd 3.1 with protocols=OpenFlow13: 04000010xxxxxxxx 00010008 00000010
    assert.equal(encodeMessage(helloMessage(1, [OF13])).toString('hex'), '04000010000000010001000800000010');
  });

  it('accepts a bitmap that includes 1.3 even under a higher header version', () => {
    assert.deepEqual(negotiate(hello(6, [(1 << 1) | (1 << 4) | (1 << 6)])), { ok: true, version: 4 });
    assert.deepEqual(versionBitmap(hello(6, [0x52])), [1, 4, 6]);
  });

  it('accepts a bitmap-less HELLO of version ≥ 4', () => {
    assert.deepEqual(negotiate(hello(4)), { ok: true, version: 4 });
    assert.deepEqual(negotiate(hello(5)), { ok: true, version: 4 });
  });

  it('refuses a switch without 1.3 and says which versions it offered', () => {
    const r = negotiate(hello(1));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /1\.0/);
    const s = negotiate(hello(5, [(1 << 1) | (1 << 5)]));
    assert.equal(s.ok, false);
    if (!s.ok) assert.deepEqual(s.offered, [1, 5]);
  });

  it('refuses a first message that is not HELLO, and malformed elements do not throw', () => {
    const notHello = hello(4);
    notHello[1] = 5;
    assert.equal(negotiate(notHello).ok, false);
    const bad = hello(4, [0x10]);
    bad.writeUInt16BE(200, 10); // element longer than the message
    assert.doesNotThrow(() => negotiate(bad));
  });

  it('HELLO_FAILED goes out in the switch version with type 1, code 0/0 and text', () => {
    const b = encodeHelloFailed(1, 9, 'no 1.3');
    assert.equal(b[0], 1);
    assert.equal(b[1], 1);
    assert.equal(b.readUInt16BE(2), b.length);
    assert.equal(b.readUInt32BE(8), 0);
    assert.equal(b.subarray(12).toString(), 'no 1.3');
  });
});
