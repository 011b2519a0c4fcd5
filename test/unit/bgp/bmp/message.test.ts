/**
 * BMP v3 codec (RFC 7854): golden bytes written by hand from the figures of §4.1–§4.10,
 * checked both ways, round trips, stream framing split at every offset, and random bytes.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  BmpDecodeError,
  BmpFramer,
  decodeBmp,
  encodeBmp,
  peerDownData,
  type BmpMessage,
  type PerPeerHeader,
} from '../../../../bgp/bmp/index.js';
import { decodeMessage } from '../../../../bgp/wire/index.js';
import { parseIpv4 } from '../../../../bgp/types/index.js';

/** Hex with spaces and `|` separators for reading; both are ignored. */
function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

const MARKER = 'ff'.repeat(16);

// §4.2 per-peer header: global peer 10.255.230.2, AS 65001, BGP ID 10.255.230.2,
// timestamp 0x60000000 s + 500000 µs.
const PEER: PerPeerHeader = {
  peerType: 0,
  postPolicy: false,
  legacyAsPath: false,
  distinguisher: Buffer.alloc(8),
  address: { family: 'ipv4', address: parseIpv4('10.255.230.2') },
  asn: 65001,
  bgpId: parseIpv4('10.255.230.2'),
  seconds: 0x60000000,
  microseconds: 500000,
};
const PEER_HEX =
  '00 | 00 | 0000000000000000 | 000000000000000000000000 0affe602 | 0000fde9 | 0affe602 | 60000000 | 0007a120';

// Bodies of BGP messages used inside.
const EOR_IPV4 = `${MARKER} 0017 02 | 0000 | 0000`; // RFC 4724 End-of-RIB, 23 bytes
const CEASE_ADMIN = `${MARKER} 0015 03 | 06 02`; // NOTIFICATION Cease/Administrative Shutdown, 21 bytes
const OPEN_US = `${MARKER} 001d 01 | 04 | fde8 | 005a | 0affe601 | 00`; // OPEN AS 65000 hold 90, no parameters
const OPEN_THEM = `${MARKER} 001d 01 | 04 | fde9 | 0009 | 0affe602 | 00`;

const golden: { name: string; msg: BmpMessage; bytes: string }[] = [
  {
    name: 'Initiation with sysDescr and sysName (§4.3)',
    msg: { type: 'initiation', information: [{ infoType: 1, value: 'd' }, { infoType: 2, value: 'n' }] },
    bytes: '03 | 00000010 | 04 | 0001 0001 64 | 0002 0001 6e',
  },
  {
    name: 'Route Monitoring carrying an UPDATE (§4.6)',
    msg: { type: 'route-monitoring', peer: PEER, update: hex(EOR_IPV4) },
    bytes: `03 | 00000047 | 00 | ${PEER_HEX} | ${EOR_IPV4}`,
  },
  {
    name: 'Peer Down, local system closed with a NOTIFICATION (§4.9 reason 1)',
    msg: { type: 'peer-down', peer: PEER, reason: 1, notification: hex(CEASE_ADMIN) },
    bytes: `03 | 00000046 | 02 | ${PEER_HEX} | 01 | ${CEASE_ADMIN}`,
  },
  {
    name: 'Peer Down, local system closed without NOTIFICATION: FSM event code (§4.9 reason 2)',
    msg: { type: 'peer-down', peer: PEER, reason: 2, fsmEvent: 10 },
    bytes: `03 | 00000033 | 02 | ${PEER_HEX} | 02 | 000a`,
  },
  {
    name: 'Peer Down, remote system closed without NOTIFICATION (§4.9 reason 4)',
    msg: { type: 'peer-down', peer: PEER, reason: 4 },
    bytes: `03 | 00000031 | 02 | ${PEER_HEX} | 04`,
  },
  {
    name: 'Peer Up with both OPENs (§4.10)',
    msg: {
      type: 'peer-up',
      peer: PEER,
      localAddress: { family: 'ipv4', address: parseIpv4('10.255.230.1') },
      localPort: 40000,
      remotePort: 179,
      sentOpen: hex(OPEN_US),
      receivedOpen: hex(OPEN_THEM),
      information: [],
    },
    bytes: `03 | 0000007e | 03 | ${PEER_HEX} | 000000000000000000000000 0affe601 | 9c40 | 00b3 | ${OPEN_US} | ${OPEN_THEM}`,
  },
  {
    name: 'Statistics Report, Adj-RIB-In routes as a 64-bit gauge (§4.8 type 7)',
    msg: { type: 'statistics-report', peer: PEER, stats: [{ statType: 7, value: hex('0000000000000003') }] },
    bytes: `03 | 00000040 | 01 | ${PEER_HEX} | 00000001 | 0007 0008 0000000000000003`,
  },
  {
    name: 'Termination, administratively closed (§4.5)',
    msg: { type: 'termination', reason: 0, strings: [] },
    bytes: '03 | 0000000c | 05 | 0001 0002 0000',
  },
  {
    name: 'Termination with a string and a reason',
    msg: { type: 'termination', reason: 1, strings: ['bye'] },
    bytes: '03 | 00000013 | 05 | 0000 0003 627965 | 0001 0002 0001',
  },
];

describe('bgp/bmp codec', () => {
  for (const g of golden) {
    it(`${g.name}: encodes to the RFC layout and decodes back`, () => {
      assert.equal(encodeBmp(g.msg).toString('hex'), hex(g.bytes).toString('hex'));
      assert.deepEqual(decodeBmp(hex(g.bytes)), g.msg);
    });
  }

  it('the BGP PDUs inside are the bytes bgp/wire decodes', () => {
    const up = decodeBmp(hex(golden[5].bytes));
    assert.equal(up.type, 'peer-up');
    if (up.type !== 'peer-up') return;
    const open = decodeMessage(up.receivedOpen, { fourOctetAs: true });
    assert.equal(open.type, 'open');
    if (open.type === 'open') assert.equal(open.myAsn, 65001);
  });

  it('an IPv6 peer sets the V flag and keeps 16 address bytes; L and A flags round-trip', () => {
    const v6 = Buffer.from('20010db8000000000000000000000001', 'hex');
    const msg: BmpMessage = {
      type: 'route-monitoring',
      peer: { ...PEER, address: { family: 'ipv6', bytes: v6 }, postPolicy: true, legacyAsPath: true },
      update: hex(EOR_IPV4),
    };
    const bytes = encodeBmp(msg);
    assert.equal(bytes[7], 0x80 | 0x40 | 0x20);
    assert.deepEqual(decodeBmp(bytes), msg);
  });

  it('rejects what RFC 7854 does not allow, with BmpDecodeError', () => {
    const bad = [
      '02 | 00000006 | 04', // version 2
      '03 | 00000007 | 04', // length beyond the frame
      '03 | 00000006 | 09', // unknown type
      `03 | 00000031 | 02 | ${PEER_HEX} | 07`, // unknown peer down reason
      `03 | 00000032 | 02 | ${PEER_HEX} | 04 | 00`, // data after reason 4
      `03 | 00000047 | 00 | ${PEER_HEX} | ${'00'.repeat(16)} 0017 02 0000 0000`, // bad BGP marker
      `03 | 00000048 | 02 | ${PEER_HEX} | 01 | ${EOR_IPV4}`, // reason 1 with an UPDATE instead of a NOTIFICATION
      `03 | 00000031 | 02 | ${PEER_HEX} | 01`, // reason 1 without a NOTIFICATION
      '03 | 0000000a | 04 | 0001 00', // truncated TLV
    ];
    for (const b of bad) assert.throws(() => decodeBmp(hex(b)), BmpDecodeError, b);
  });

  it('the framer yields the same messages however the stream is split', () => {
    const stream = Buffer.concat(golden.map((g) => hex(g.bytes)));
    for (let cut = 0; cut <= stream.length; cut++) {
      const f = new BmpFramer();
      const frames = [...f.push(stream.subarray(0, cut)), ...f.push(stream.subarray(cut))];
      assert.deepEqual(frames.map(decodeBmp), golden.map((g) => g.msg), `split at ${cut}`);
      assert.equal(f.buffered, 0);
    }
  });

  it('random bytes: decode and framing throw nothing but BmpDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, withHeader) => {
        let b = Buffer.from(bytes);
        // Half the cases get a plausible common header so the message bodies are reached.
        if (withHeader && b.length >= 6) {
          b[0] = 3;
          b.writeUInt32BE(b.length, 1);
          b[5] %= 7;
        }
        for (const run of [() => decodeBmp(b), () => new BmpFramer().push(b).map(decodeBmp)]) {
          try {
            run();
          } catch (err) {
            if (!(err instanceof BmpDecodeError)) throw err;
          }
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips random per-peer headers and UPDATE bodies', () => {
    const header = fc.record({
      peerType: fc.integer({ min: 0, max: 255 }),
      postPolicy: fc.boolean(),
      legacyAsPath: fc.boolean(),
      distinguisher: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((a) => Buffer.from(a)),
      address: fc.integer({ min: 0, max: 0xffffffff }).map((n) => ({ family: 'ipv4' as const, address: n as PerPeerHeader['bgpId'] })),
      asn: fc.integer({ min: 0, max: 0xffffffff }),
      bgpId: fc.integer({ min: 0, max: 0xffffffff }).map((n) => n as PerPeerHeader['bgpId']),
      seconds: fc.integer({ min: 0, max: 0xffffffff }),
      microseconds: fc.integer({ min: 0, max: 999999 }),
    });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 100 }), (peer, body) => {
        const update = Buffer.concat([hex(`${MARKER} 0000 02`), Buffer.from(body)]);
        update.writeUInt16BE(update.length, 16);
        const msg: BmpMessage = { type: 'route-monitoring', peer: { ...peer }, update };
        assert.deepEqual(decodeBmp(encodeBmp(msg)), msg);
      }),
    );
  });
});

describe('bgp/bmp peer down reasons (§4.9)', () => {
  const codeOf = (n: Buffer | undefined) => (n ? [n[19], n[20]] : undefined);
  it('maps each way a session goes down', () => {
    assert.deepEqual(peerDownData({ kind: 'connection-closed' }), { reason: 4 });
    const hold = peerDownData({ kind: 'hold-timer-expired' });
    assert.equal(hold.reason, 1);
    assert.deepEqual(codeOf(hold.notification), [4, 0]);
    const admin = peerDownData({ kind: 'admin-stop' });
    assert.equal(admin.reason, 1);
    assert.deepEqual(codeOf(admin.notification), [6, 2]);
    const sent = peerDownData({ kind: 'notification-sent', code: 3, subcode: 1, name: 'x' });
    assert.equal(sent.reason, 1);
    assert.deepEqual(codeOf(sent.notification), [3, 1]);
    const received = peerDownData({ kind: 'notification-received', code: 6, subcode: 4, name: 'x', message: 'maintenance' });
    assert.equal(received.reason, 3);
    const n = decodeMessage(received.notification!, { fourOctetAs: true });
    assert.equal(n.type, 'notification');
    if (n.type === 'notification') {
      assert.deepEqual([n.code, n.subcode], [6, 4]);
      assert.equal(n.shutdownMessage, 'maintenance');
    }
  });
});
