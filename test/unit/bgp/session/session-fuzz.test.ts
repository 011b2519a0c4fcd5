/**
 * Whatever bytes a peer sends, the process does not crash and the session recovers: random and
 * mutated messages from a raw loopback socket (127.0.0.12), before and after Established.
 * The session runs on a manual clock, so its idle hold after each failure passes instantly.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { asn, label, parseIpv4, parseIpv4Prefix, parseRd, parseRouteTarget } from '../../../../bgp/types/index.js';
import { BgpFramer, decodeMessage, encodeMessage, type BgpMessage } from '../../../../bgp/wire/index.js';
import { BgpListener, BgpSession, ManualClock } from '../../../../bgp/session/index.js';

const RAW = '127.0.0.12';
const ctx = { fourOctetAs: true };

const samples: Buffer[] = [
  encodeMessage({ type: 'keepalive' }, ctx),
  encodeMessage({ type: 'route-refresh', afi: 1, safi: 128, subtype: 0 }, ctx),
  encodeMessage({ type: 'notification', code: 6, subcode: 2, data: Buffer.alloc(0) }, ctx),
  encodeMessage(
    {
      type: 'update', withdrawn: [parseIpv4Prefix('10.1.0.0/16')], nlri: [parseIpv4Prefix('10.2.0.0/16')],
      attributes: {
        origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(65010)] }], nextHop: parseIpv4(RAW), med: 5,
        extendedCommunities: [{ type: 'route-target', routeTarget: parseRouteTarget('65010:1') }],
        mpReach: { kind: 'vpnv4', afi: 1, safi: 128, nextHop: parseIpv4(RAW), nlri: [{ labels: [label(100)], rd: parseRd('65010:1'), prefix: parseIpv4Prefix('10.3.0.0/24') }] },
      },
    },
    ctx,
  ),
];

const openBytes = encodeMessage(
  {
    type: 'open', version: 4, myAsn: 65010, holdTime: 30, bgpId: parseIpv4('10.0.0.12'),
    capabilities: [{ type: 'multiprotocol', afi: 1, safi: 128 }, { type: 'four-octet-as', asn: asn(65010) }],
  },
  ctx,
);

const MARKER_LEN = 16;

/** Random bytes, or a valid message with some bytes overwritten past its marker, or a valid message cut short. */
const payloadArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)),
  fc
    .tuple(fc.nat(samples.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }))
    .map(([i, edits]) => {
      const b = Buffer.from(samples[i]);
      // Edits land after the 16-byte marker: random payloads already cover a bad marker, and
      // edits inside it would stop every mutated frame at the first check.
      for (const [at, v] of edits) b[MARKER_LEN + (at % (b.length - MARKER_LEN))] = v;
      return b;
    }),
  fc.tuple(fc.nat(samples.length - 1), fc.nat()).map(([i, cut]) => samples[i].subarray(0, cut % samples[i].length)),
);

describe('bgp/session: random and mutated bytes from a peer (fast-check)', function () {
  this.timeout(120_000);
  let listener: BgpListener;
  let session: BgpSession;
  const clock = new ManualClock();

  before(async () => {
    listener = new BgpListener({ host: '127.0.0.1', port: 0 });
    await listener.listen();
    session = new BgpSession({
      localAsn: asn(65000), routerId: parseIpv4('10.0.0.1'), peerAddress: RAW, peerAsn: asn(65010),
      passive: true, holdTime: 30, families: [{ afi: 1, safi: 128 }], idleHoldSeconds: 1, clock,
    });
    listener.register(session);
    session.start();
  });

  after(async () => {
    await session.stop();
    await listener.close();
  });

  it('never crash the process; the session is ready for the next connection every time', async () => {
    const sent = new Map<string, number>();
    const count = (r: { kind: string; name?: string }) => r.kind === 'notification-sent' && sent.set(r.name!, (sent.get(r.name!) ?? 0) + 1);
    session.on('attempt-failed', count);
    session.on('down', count);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), payloadArb, async (establishFirst, payload) => {
        // after a failure the session sits out its idle hold (on the manual clock)
        if (session.state === 'Idle') clock.advance(1000);
        assert.equal(session.state, 'Active');
        const socket = connect({ host: '127.0.0.1', port: listener.port, localAddress: RAW });
        socket.on('error', () => {});
        const got = collect(socket);
        await once(socket, 'connect');
        await waitFor(() => got.messages.some((m) => m.type === 'open'));
        if (establishFirst) {
          const up = once(session, 'established');
          socket.write(openBytes);
          socket.write(encodeMessage({ type: 'keepalive' }, ctx));
          await up;
        }
        socket.write(payload);
        await new Promise<void>((resolve) => socket.end(resolve));
        await waitFor(() => session.state === 'Idle' || session.state === 'Active');
        socket.destroy();
        // our answer, if any, is well-formed: a NOTIFICATION with a known error code
        for (const m of got.messages) {
          if (m.type === 'notification') assert.ok(m.code >= 1 && m.code <= 7, `NOTIFICATION code ${m.code}`);
        }
        assert.equal(got.garbage, false, 'we only ever sent well-formed messages');
      }),
      { numRuns: 150 },
    );
    // the generators do reach the error paths: several kinds of NOTIFICATION were sent
    assert.ok(sent.size >= 3, `NOTIFICATIONs sent: ${JSON.stringify([...sent])}`);
  });
});

function collect(socket: Socket): { messages: BgpMessage[]; garbage: boolean } {
  const out = { messages: [] as BgpMessage[], garbage: false };
  const framer = new BgpFramer();
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const f of framer.push(chunk)) out.messages.push(decodeMessage(f, ctx));
    } catch {
      out.garbage = true;
    }
  });
  return out;
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
