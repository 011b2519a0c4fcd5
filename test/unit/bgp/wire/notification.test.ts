/** NOTIFICATION names (RFC 4271 §4.5, RFC 4486, 6608, 7313, 8538) and shutdown communication (RFC 8203/9003). */
import { strict as assert } from 'node:assert';
import { decodeMessage, describeNotification, encodeMessage, notificationSubcodeName, type NotificationMessage } from '../../../../bgp/wire/index.js';

const ctx = { fourOctetAs: true };

describe('bgp/wire NOTIFICATION', () => {
  it('names every code and subcode of the RFCs', () => {
    const cases: [number, number, string][] = [
      [1, 1, 'Message Header Error / Connection Not Synchronized'],
      [1, 2, 'Message Header Error / Bad Message Length'],
      [1, 3, 'Message Header Error / Bad Message Type'],
      [2, 1, 'OPEN Message Error / Unsupported Version Number'],
      [2, 2, 'OPEN Message Error / Bad Peer AS'],
      [2, 3, 'OPEN Message Error / Bad BGP Identifier'],
      [2, 4, 'OPEN Message Error / Unsupported Optional Parameter'],
      [2, 6, 'OPEN Message Error / Unacceptable Hold Time'],
      [2, 7, 'OPEN Message Error / Unsupported Capability'],
      [3, 1, 'UPDATE Message Error / Malformed Attribute List'],
      [3, 2, 'UPDATE Message Error / Unrecognized Well-known Attribute'],
      [3, 3, 'UPDATE Message Error / Missing Well-known Attribute'],
      [3, 4, 'UPDATE Message Error / Attribute Flags Error'],
      [3, 5, 'UPDATE Message Error / Attribute Length Error'],
      [3, 6, 'UPDATE Message Error / Invalid ORIGIN Attribute'],
      [3, 8, 'UPDATE Message Error / Invalid NEXT_HOP Attribute'],
      [3, 9, 'UPDATE Message Error / Optional Attribute Error'],
      [3, 10, 'UPDATE Message Error / Invalid Network Field'],
      [3, 11, 'UPDATE Message Error / Malformed AS_PATH'],
      [4, 0, 'Hold Timer Expired'],
      [5, 1, 'Finite State Machine Error / Receive Unexpected Message in OpenSent State'],
      [5, 3, 'Finite State Machine Error / Receive Unexpected Message in Established State'],
      [6, 1, 'Cease / Maximum Number of Prefixes Reached'],
      [6, 2, 'Cease / Administrative Shutdown'],
      [6, 3, 'Cease / Peer De-configured'],
      [6, 4, 'Cease / Administrative Reset'],
      [6, 5, 'Cease / Connection Rejected'],
      [6, 6, 'Cease / Other Configuration Change'],
      [6, 7, 'Cease / Connection Collision Resolution'],
      [6, 8, 'Cease / Out of Resources'],
      [6, 9, 'Cease / Hard Reset'],
      [7, 1, 'ROUTE-REFRESH Message Error / Invalid Message Length'],
    ];
    for (const [code, subcode, name] of cases) assert.equal(describeNotification(code, subcode), name);
    assert.equal(notificationSubcodeName(3, 0), 'Unspecific');
    assert.match(describeNotification(99, 1), /Unknown error code 99/);
  });

  it('encodes a shutdown communication and decodes it back (RFC 8203)', () => {
    const msg: NotificationMessage = { type: 'notification', code: 6, subcode: 4, data: Buffer.alloc(0), shutdownMessage: 'reboot für Wartung' };
    const bytes = encodeMessage(msg, ctx);
    const text = Buffer.from('reboot für Wartung', 'utf8');
    assert.equal(bytes[21], text.length);
    const back = decodeMessage(bytes, ctx);
    assert.ok(back.type === 'notification');
    assert.equal(back.shutdownMessage, 'reboot für Wartung');
    assert.ok(back.data.equals(Buffer.concat([Buffer.from([text.length]), text])));
  });

  it('ignores a shutdown communication whose length overruns the data', () => {
    const bytes = encodeMessage({ type: 'notification', code: 6, subcode: 2, data: Buffer.from([10, 0x41]) }, ctx);
    const back = decodeMessage(bytes, ctx);
    assert.ok(back.type === 'notification' && back.shutdownMessage === undefined && back.data.length === 2);
  });
});
