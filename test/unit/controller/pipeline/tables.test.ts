/** The pipeline refuses flows that do not fit their table; cookies name what made a flow. */
import { strict as assert } from 'node:assert';
import { cookieOf, decodeCookie } from '../../../../controller/pipeline/cookie.js';
import { PipelineError, checkFlow } from '../../../../controller/pipeline/tables.js';
import { parseIpv4Prefix, label } from '../../../../controller/deps/bgp.js';

const base = { cookie: cookieOf('remote-route', 7), instructions: {} };

describe('controller pipeline tables', () => {
  it('refuses a VRF FIB flow without metadata (it would leak between VRFs)', () => {
    assert.throws(() => checkFlow({ ...base, table: 1, priority: 1024, match: { ethType: 0x800, ipv4Dst: parseIpv4Prefix('10.0.0.0/24') } }), PipelineError);
    checkFlow({ ...base, table: 1, priority: 1024, match: { metadata: 7n, ethType: 0x800, ipv4Dst: parseIpv4Prefix('10.0.0.0/24') } });
  });

  it('refuses fields a table does not match, missing prerequisites, and bad gotos', () => {
    assert.throws(() => checkFlow({ ...base, table: 2, priority: 1000, match: { ethType: 0x8847, mplsLabel: label(1000), mplsBos: 1, inPort: 1 } }), /does not match on inPort/);
    assert.throws(() => checkFlow({ ...base, table: 0, priority: 100, match: { inPort: 1, ipv4Dst: parseIpv4Prefix('1.2.3.4/32') } }), /needs eth_type/);
    assert.throws(() => checkFlow({ ...base, table: 1, priority: 1024, match: { metadata: 1n, ethType: 0x800, ipv4Dst: parseIpv4Prefix('10.0.0.0/24') }, instructions: { gotoTable: 2 } }), /may not go to table 2/);
    assert.throws(() => checkFlow({ ...base, table: 1, priority: 0, match: { metadata: 1n } }), /miss flow/);
    assert.throws(() => checkFlow({ ...base, table: 9, priority: 0, match: {} }), /no table/);
  });

  it('encodes kind and VRF in the cookie, and recognises only ours', () => {
    assert.deepEqual(decodeCookie(cookieOf('label', 12)), { kind: 'label', vrfId: 12 });
    assert.deepEqual(decodeCookie(cookieOf('classifier')), { kind: 'classifier', vrfId: 0 });
    assert.equal(decodeCookie(0x1234n), undefined);
    assert.notEqual(cookieOf('remote-route', 1), cookieOf('remote-route', 2));
  });
});
