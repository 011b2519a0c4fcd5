/**
 * A raw test socket (127.0.0.11 → our listener on 127.0.0.1) sends what no well-behaved peer
 * would; each case must get the right NOTIFICATION, and the process must keep serving: a
 * gobgpd session over a veth (10.255.202.1 ↔ .2) stays Established throughout, and a fresh
 * connection still establishes afterwards.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { asn, parseIpv4, parseIpv4Prefix } from '../../../bgp/types/index.js';
import { BgpListener, BgpSession, type BgpSessionOptions, type PeerDownReason } from '../../../bgp/session/index.js';
import { BgpFramer, decodeMessage, encodeMessage, type BgpMessage, type OpenMessage, type UpdateMessage } from '../../../bgp/wire/index.js';
import { createPeerNamespace, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';

const IPV4 = { afi: 1, safi: 1 };
const VPNV4 = { afi: 1, safi: 128 };
const RAW_ADDRESS = '127.0.0.11';
const MARKER = Buffer.alloc(16, 0xff);

/** A test socket speaking bytes, reading what we answer as decoded messages. */
class RawPeer {
  readonly received: BgpMessage[] = [];
  private readonly framer = new BgpFramer();
  private constructor(
    readonly socket: Socket,
    private readonly fourOctetAs: boolean,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.framer.push(chunk)) this.received.push(decodeMessage(frame, { fourOctetAs: this.fourOctetAs }));
    });
    socket.on('error', () => {});
  }

  static async connect(port: number, fourOctetAs = true): Promise<RawPeer> {
    const socket = connect({ host: '127.0.0.1', port, localAddress: RAW_ADDRESS });
    await once(socket, 'connect');
    return new RawPeer(socket, fourOctetAs);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async next(type: BgpMessage['type']): Promise<BgpMessage> {
    await waitFor(() => this.received.some((m) => m.type === type));
    return this.received.find((m) => m.type === type)!;
  }

  /** Resolves once we closed the connection. */
  async closedByUs(): Promise<void> {
    if (this.socket.readableEnded || this.socket.destroyed) return;
    await once(this.socket, 'close');
  }
}

function header(length: number, type: number): Buffer {
  const h = Buffer.alloc(19);
  MARKER.copy(h);
  h.writeUInt16BE(length, 16);
  h[18] = type;
  return h;
}

function rawOpen(o: Partial<OpenMessage> = {}): OpenMessage {
  return {
    type: 'open', version: 4, myAsn: 65010, holdTime: 30, bgpId: parseIpv4('10.0.0.11'),
    capabilities: [{ type: 'multiprotocol', ...VPNV4 }, { type: 'route-refresh' }, { type: 'four-octet-as', asn: asn(65010) }],
    ...o,
  };
}

describe('bgp/session: malformed input from a raw socket', function () {
  this.timeout(60_000);
  let ns: PeerNamespace;
  let gobgpd: Gobgpd;
  let steady: BgpSession;
  let steadyDowns = 0;
  let listener: BgpListener;
  let session: BgpSession | undefined;
  let raw: RawPeer | undefined;

  before(async () => {
    ns = await createPeerNamespace('bgsM', '10.255.202.0');
    gobgpd = await startGobgpd({
      netns: ns.netns, dir: `/tmp/bgs-${process.pid}-malformed`, asn: 65001, routerId: ns.nsAddress,
      neighbors: [{ address: ns.rootAddress, asn: 65000, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 3 }],
    });
    steady = new BgpSession({
      localAsn: asn(65000), routerId: parseIpv4(ns.rootAddress), peerAddress: ns.nsAddress, peerAsn: asn(65001),
      localAddress: ns.rootAddress, holdTime: 3, families: [VPNV4], connectRetrySeconds: 1,
    });
    steady.on('down', () => steadyDowns++);
    const up = once(steady, 'established');
    steady.start();
    await up;
    listener = new BgpListener({ host: '127.0.0.1', port: 0 });
    await listener.listen();
  });

  after(async () => {
    await steady?.stop();
    await listener?.close();
    await gobgpd?.stop();
    await ns?.remove();
  });

  afterEach(async () => {
    raw?.socket.destroy();
    raw = undefined;
    if (session) {
      listener.unregister(session.peerAddress);
      await session.stop();
    }
    session = undefined;
  });

  /** Our passive session for the raw peer, and the raw peer connected with our OPEN received. */
  async function rawPeer(o: Partial<BgpSessionOptions> = {}, fourOctetAs = true): Promise<{ s: BgpSession; r: RawPeer }> {
    session = new BgpSession({
      localAsn: asn(65000), routerId: parseIpv4('10.0.0.1'), peerAddress: RAW_ADDRESS, peerAsn: asn(65010),
      passive: true, holdTime: 30, families: [IPV4, VPNV4], idleHoldSeconds: 1, ...o,
    });
    listener.register(session);
    session.start();
    raw = await RawPeer.connect(listener.port, fourOctetAs);
    await raw.next('open');
    return { s: session, r: raw };
  }

  async function expectNotification(s: BgpSession, r: RawPeer, code: number, subcode: number, data?: number[]): Promise<void> {
    const failed = once(s, 'attempt-failed');
    const n = await r.next('notification');
    assert.ok(n.type === 'notification');
    assert.deepEqual([n.code, n.subcode], [code, subcode]);
    if (data) assert.deepEqual([...n.data], data);
    await r.closedByUs();
    const [reason] = (await failed) as [PeerDownReason];
    assert.ok(reason.kind === 'notification-sent');
    assert.deepEqual([reason.code, reason.subcode], [code, subcode]);
  }

  it('bad marker → NOTIFICATION 1/1 Connection Not Synchronized', async () => {
    const { s, r } = await rawPeer();
    const bad = header(19, 4);
    bad[3] = 0;
    r.send(bad);
    await expectNotification(s, r, 1, 1);
  });

  it('message longer than 4096 → NOTIFICATION 1/2 Bad Message Length with the length', async () => {
    const { s, r } = await rawPeer();
    r.send(header(4097, 2));
    await expectNotification(s, r, 1, 2, [0x10, 0x01]);
  });

  it('KEEPALIVE of length 20 → NOTIFICATION 1/2', async () => {
    const { s, r } = await rawPeer();
    r.send(Buffer.concat([header(20, 4), Buffer.from([0])]));
    await expectNotification(s, r, 1, 2, [0, 20]);
  });

  it('unknown message type → NOTIFICATION 1/3 Bad Message Type', async () => {
    const { s, r } = await rawPeer();
    r.send(header(19, 9));
    await expectNotification(s, r, 1, 3, [9]);
  });

  it('OPEN with version 3 → NOTIFICATION 2/1 naming version 4', async () => {
    const { s, r } = await rawPeer();
    const open = encodeMessage(rawOpen(), { fourOctetAs: true });
    open[19] = 3;
    r.send(open);
    await expectNotification(s, r, 2, 1, [0, 4]);
  });

  it('OPEN from the wrong AS → NOTIFICATION 2/2 Bad Peer AS', async () => {
    const { s, r } = await rawPeer();
    r.send(encodeMessage(rawOpen({ myAsn: 65099, capabilities: [{ type: 'multiprotocol', ...VPNV4 }] }), { fourOctetAs: true }));
    await expectNotification(s, r, 2, 2);
  });

  /** Completes the OPEN exchange from the raw side. */
  async function establishRaw(s: BgpSession, r: RawPeer, open: OpenMessage = rawOpen()): Promise<void> {
    const up = once(s, 'established');
    r.send(encodeMessage(open, { fourOctetAs: true }));
    r.send(encodeMessage({ type: 'keepalive' }, { fourOctetAs: true }));
    await up;
  }

  function ipv4Update(): UpdateMessage {
    return {
      type: 'update', withdrawn: [], nlri: [parseIpv4Prefix('10.77.0.0/16')],
      attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(65010)] }], nextHop: parseIpv4(RAW_ADDRESS) },
    };
  }

  it('UPDATE with an invalid ORIGIN is passed up as treat-as-withdraw; the session stays up (RFC 7606)', async () => {
    const { s, r } = await rawPeer();
    await establishRaw(s, r, rawOpen({ capabilities: [{ type: 'multiprotocol', ...IPV4 }, { type: 'four-octet-as', asn: asn(65010) }] }));
    const bytes = encodeMessage(ipv4Update(), { fourOctetAs: true });
    // header 19 + withdrawn length 2 + attribute length 2, then ORIGIN: flags, type 1, length 1, value
    assert.equal(bytes[24], 1, 'ORIGIN is the first attribute');
    bytes[26] = 5;
    const got = once(s, 'update');
    r.send(bytes);
    const [u] = (await got) as [UpdateMessage];
    assert.equal(u.treatAsWithdraw, true);
    assert.deepEqual(u.nlri, [parseIpv4Prefix('10.77.0.0/16')]);
    // a message after it is still handled: the connection survived the malformed UPDATE
    const rr = once(s, 'route-refresh');
    r.send(encodeMessage({ type: 'route-refresh', afi: 1, safi: 1, subtype: 0 }, { fourOctetAs: true }));
    await rr;
    assert.equal(s.state, 'Established');
    assert.equal(r.received.some((m) => m.type === 'notification'), false);
  });

  it('UPDATE whose withdrawn length overruns the message → NOTIFICATION 3/1, session down', async () => {
    const { s, r } = await rawPeer();
    await establishRaw(s, r);
    const down = once(s, 'down');
    r.send(Buffer.concat([header(23, 2), Buffer.from([0, 100, 0, 0])]));
    const n = await r.next('notification');
    assert.ok(n.type === 'notification');
    assert.deepEqual([n.code, n.subcode], [3, 1]);
    const [reason] = (await down) as [PeerDownReason];
    assert.ok(reason.kind === 'notification-sent' && reason.name === 'UPDATE Message Error / Malformed Attribute List');
  });

  it('a 2-octet-only peer: our OPEN carries AS_TRANS, our UPDATE AS_TRANS + AS4_PATH; its ROUTE-REFRESH reaches us', async () => {
    const { s, r } = await rawPeer({ localAsn: asn(4_200_000_001) }, false);
    const ours = r.received.find((m) => m.type === 'open');
    assert.ok(ours?.type === 'open');
    assert.equal(ours.myAsn, 23456);
    assert.ok(ours.capabilities.some((c) => c.type === 'four-octet-as' && c.asn === 4_200_000_001));
    await establishRaw(s, r, rawOpen({ capabilities: [{ type: 'multiprotocol', ...IPV4 }, { type: 'route-refresh' }] }));
    assert.equal(s.negotiated?.fourOctetAs, false);

    s.sendUpdate({ ...ipv4Update(), attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(4_200_000_001)] }], nextHop: parseIpv4('127.0.0.1') } });
    await r.next('update');
    const u = r.received.find((m) => m.type === 'update');
    assert.ok(u?.type === 'update');
    assert.deepEqual(u.attributes.asPath, [{ type: 'sequence', asns: [23456] }]);
    assert.deepEqual(u.attributes.as4Path, [{ type: 'sequence', asns: [4_200_000_001] }]);

    const rr = once(s, 'route-refresh');
    r.send(encodeMessage({ type: 'route-refresh', afi: 1, safi: 1, subtype: 0 }, { fourOctetAs: false }));
    assert.deepEqual((await rr)[0], { afi: 1, safi: 1, subtype: 0 });
  });

  it('after all that the process keeps serving: a fresh session establishes, the gobgpd session never dropped', async () => {
    const { s, r } = await rawPeer();
    await establishRaw(s, r);
    assert.equal(s.state, 'Established');
    assert.equal(steady.state, 'Established');
    assert.equal(steadyDowns, 0);
    await gobgpd.waitForState(ns.rootAddress, 'established');
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
