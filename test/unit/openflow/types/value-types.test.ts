import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DpidParseError, MacParseError, formatDpid, formatMac, macFromBytes, parseDpid, parseMac, writeMacBytes } from '../../../../openflow/types/index.js';

describe('openflow/types', () => {
  it('parses MAC addresses into canonical lower-case colon form', () => {
    assert.equal(parseMac('AA:bb:CC:00:01:ff'), 'aa:bb:cc:00:01:ff');
    assert.equal(parseMac('02-00-00-00-01-01'), '02:00:00:00:01:01');
    for (const bad of ['', 'aa:bb:cc:dd:ee', 'aa:bb:cc:dd:ee:ff:00', 'aa:bb:cc:dd:ee:gg', 'aa:bb-cc:dd:ee:ff', 'aabb.ccdd.eeff']) {
      assert.throws(() => parseMac(bad), MacParseError, bad);
    }
  });

  it('round-trips MAC bytes ↔ text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (b) => {
        const mac = macFromBytes(b);
        assert.equal(parseMac(formatMac(mac)), mac);
        const out = new Uint8Array(6);
        writeMacBytes(mac, out, 0);
        assert.deepEqual(out, b);
      }),
    );
  });

  it('parses datapath ids as OVS and users write them', () => {
    assert.equal(parseDpid('0000000000000001'), 1n);
    assert.equal(parseDpid('00:00:00:00:00:00:00:c1'), 0xc1n);
    assert.equal(parseDpid('0xffffffffffffffff'), 0xffffffffffffffffn);
    assert.equal(parseDpid('42'), 42n);
    for (const bad of ['', 'xyz', '0x', '18446744073709551616', '00:00:00']) assert.throws(() => parseDpid(bad), DpidParseError, bad);
    assert.equal(formatDpid(0xc1n), '00000000000000c1');
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (d) => parseDpid(formatDpid(d)) === d));
  });
});
