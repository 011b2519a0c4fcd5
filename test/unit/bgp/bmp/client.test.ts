/**
 * BmpClient against a collector socket of the test (loopback): the initial dump, live events,
 * reconnect after the collector drops it, Termination on close. The speaker side is a fake
 * source (this is the client's unit test); the real speaker and gobgpd are in the integration test.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { BmpClient, BmpFramer, decodeBmp, type BmpMessage, type BmpPeer, type BmpSource } from '../../../../bgp/bmp/index.js';
import { parseIpv4, parseIpv4Prefix, asn } from '../../../../bgp/types/index.js';
import { encodeMessage } from '../../../../bgp/wire/index.js';

const ctx = { fourOctetAs: true };
/** A withdrawal of 10.0.n.0/24: any UPDATE will do, the client never looks inside. */
const update = (n: number) => encodeMessage({ type: 'update', withdrawn: [parseIpv4Prefix(`10.0.${n}.0/24`)], attributes: {}, nlri: [] }, ctx);
const openOf = (a: number) => encodeMessage({ type: 'open', version: 4, myAsn: a, holdTime: 90, bgpId: parseIpv4('1.1.1.1'), capabilities: [] }, ctx);

const PEER: BmpPeer = {
  address: parseIpv4('10.255.230.2'),
  asn: asn(65001),
  bgpId: parseIpv4('10.255.230.2'),
  fourOctetAs: true,
  localAddress: parseIpv4('10.255.230.1'),
  localPort: 40000,
  remotePort: 179,
  sentOpen: openOf(65000),
  receivedOpen: openOf(65001),
  upSince: 1_700_000_000_123,
};

/** A collector: accepts connections and decodes everything each sends. */
class Collector {
  readonly server: Server;
  readonly sessions: { socket: Socket; messages: BmpMessage[]; ended: boolean }[] = [];
  private waiters: (() => void)[] = [];
  constructor() {
    this.server = createServer((socket) => {
      const s = { socket, messages: [] as BmpMessage[], ended: false };
      this.sessions.push(s);
      const framer = new BmpFramer();
      socket.on('data', (d) => {
        for (const f of framer.push(d)) s.messages.push(decodeBmp(f));
        this.wake();
      });
      socket.on('end', () => {
        s.ended = true;
        this.wake();
      });
      socket.on('error', () => undefined);
    });
  }
  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
  async until(cond: () => boolean): Promise<void> {
    while (!cond()) await new Promise<void>((r) => this.waiters.push(r));
  }
  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as { port: number }).port;
  }
}

describe('bgp/bmp BmpClient', () => {
  let collector: Collector;
  let client: BmpClient | undefined;
  afterEach(async () => {
    await client?.close();
    for (const s of collector.sessions) s.socket.destroy();
    collector.server.close();
  });

  it('dumps, streams, reconnects, and terminates', async () => {
    collector = new Collector();
    const port = await collector.listen();
    let peers = [{ peer: PEER, adjRibIn: () => [update(1), update(2)] }];
    const source: BmpSource = { sysName: 'pe1', sysDescr: 'test PE', established: () => peers, adjRibInRoutes: () => 2 };
    client = new BmpClient({ host: '127.0.0.1', port, source, retryMs: 20 });
    client.start();
    await collector.until(() => collector.sessions[0]?.messages.length === 4);
    const first = collector.sessions[0].messages;
    assert.deepEqual(first.map((m) => m.type), ['initiation', 'peer-up', 'route-monitoring', 'route-monitoring']);
    assert.deepEqual(first[0].type === 'initiation' && first[0].information, [{ infoType: 1, value: 'test PE' }, { infoType: 2, value: 'pe1' }]);
    const up = first[1];
    assert.ok(up.type === 'peer-up');
    assert.deepEqual([up.peer.address, up.peer.asn, up.peer.bgpId, up.localPort, up.remotePort], [{ family: 'ipv4', address: PEER.address }, 65001, PEER.bgpId, 40000, 179]);
    assert.deepEqual([up.peer.seconds, up.peer.microseconds], [1_700_000_000, 123_000]);
    assert.deepEqual([up.sentOpen, up.receivedOpen], [PEER.sentOpen, PEER.receivedOpen]);
    assert.deepEqual(first.slice(2).map((m) => m.type === 'route-monitoring' && m.update), [update(1), update(2)]);

    // Live: an UPDATE, then the peer goes down.
    client.routeMonitoring(PEER.address, update(3));
    client.peerDown(PEER.address, { kind: 'connection-closed' });
    // An UPDATE of a peer that is not up is not reported.
    client.routeMonitoring(parseIpv4('192.0.2.1'), update(4));
    await collector.until(() => first.length === 6);
    assert.ok(first[4].type === 'route-monitoring' && first[4].update.equals(update(3)));
    assert.ok(first[5].type === 'peer-down' && first[5].reason === 4);

    // The collector drops us: the client reconnects and starts over from the source.
    peers = [];
    collector.sessions[0].socket.destroy();
    await collector.until(() => collector.sessions[1]?.messages.length === 1);
    assert.equal(collector.sessions[1].messages[0].type, 'initiation');
    assert.ok(client.connected);

    await client.close();
    client = undefined;
    await collector.until(() => collector.sessions[1].ended);
    const last = collector.sessions[1].messages.at(-1);
    assert.ok(last?.type === 'termination' && last.reason === 0);
  });

  it('keeps retrying while no collector listens, and close() stops it', async () => {
    collector = new Collector();
    const port = await collector.listen();
    collector.server.close();
    await once(collector.server, 'close');
    client = new BmpClient({ host: '127.0.0.1', port, source: { sysName: 'a', sysDescr: 'b', established: () => [], adjRibInRoutes: () => 0 }, retryMs: 10, maxRetryMs: 40 });
    client.start();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(client.connected, false);
    // Now the collector appears on the same port: the next retry connects.
    collector = new Collector();
    collector.server.listen(port, '127.0.0.1');
    await once(collector.server, 'listening');
    await collector.until(() => collector.sessions[0]?.messages.length === 1);
    assert.equal(collector.sessions[0].messages[0].type, 'initiation');
  });

  it('writes a large dump to a collector that reads slowly, in order and complete', async () => {
    collector = new Collector();
    const port = await collector.listen();
    const many = Array.from({ length: 20000 }, (_, i) => update(i % 256));
    client = new BmpClient({ host: '127.0.0.1', port, source: { sysName: 'a', sysDescr: 'b', established: () => [{ peer: PEER, adjRibIn: () => many }], adjRibInRoutes: () => many.length } });
    client.start();
    await collector.until(() => collector.sessions.length === 1);
    collector.sessions[0].socket.pause();
    await new Promise((r) => setTimeout(r, 200));
    collector.sessions[0].socket.resume();
    await collector.until(() => collector.sessions[0].messages.length === 2 + many.length);
    const rm = collector.sessions[0].messages.slice(2);
    assert.ok(rm.every((m, i) => m.type === 'route-monitoring' && m.update.equals(many[i])));
  });

  it('sends periodic Statistics Reports: routes in each Established peer\'s Adj-RIB-In (§4.8 type 7)', async () => {
    collector = new Collector();
    const port = await collector.listen();
    const counts = new Map([[PEER.address, 42]]);
    const source: BmpSource = { sysName: 'a', sysDescr: 'b', established: () => [{ peer: PEER, adjRibIn: () => [] }], adjRibInRoutes: (a) => counts.get(a) ?? -1 };
    client = new BmpClient({ host: '127.0.0.1', port, source, statsIntervalSeconds: 0.02 });
    client.start();
    await collector.until(() => collector.sessions[0]?.messages.some((m) => m.type === 'statistics-report') ?? false);
    const report = collector.sessions[0].messages.find((m) => m.type === 'statistics-report');
    assert.ok(report?.type === 'statistics-report');
    assert.deepEqual(report.peer.address, { family: 'ipv4', address: PEER.address });
    assert.deepEqual(report.stats.map((st) => [st.statType, st.value.readBigUInt64BE(0)]), [[7, 42n]]);
  });

  it('drops a collector that cannot keep up, and resyncs it on the reconnect', async () => {
    collector = new Collector();
    const port = await collector.listen();
    const source: BmpSource = { sysName: 'a', sysDescr: 'b', established: () => [{ peer: PEER, adjRibIn: () => [] }], adjRibInRoutes: () => 0 };
    client = new BmpClient({ host: '127.0.0.1', port, source, retryMs: 20, maxQueuedBytes: 100_000 });
    client.start();
    await collector.until(() => collector.sessions[0]?.messages.length === 2);
    collector.sessions[0].socket.pause();
    // Far more than the socket buffers hold while the collector reads nothing.
    const u = update(1);
    let sent = 0;
    while (client.connected && sent < 2_000_000) {
      client.routeMonitoring(PEER.address, u);
      sent++;
    }
    assert.equal(client.connected, false, `still connected after ${sent} messages`);
    await collector.until(() => collector.sessions[1]?.messages.length === 2);
    assert.deepEqual(collector.sessions[1].messages.map((m) => m.type), ['initiation', 'peer-up']);
  });
});
