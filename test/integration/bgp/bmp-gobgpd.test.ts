/**
 * BMP (RFC 7854) with a real gobgpd as the monitored peer: our speaker (root namespace) peers
 * with gobgpd in a namespace over a veth, and streams to a collector socket of this test on
 * loopback. The collector checks Initiation, Peer Up (OPENs decoded with bgp/wire, matching the
 * session), Route Monitoring of the Adj-RIB-In dumped on connect and of live UPDATEs (inner
 * UPDATEs decoded with bgp/wire: RD, label, prefix as gobgpd announced), Peer Down when gobgpd
 * stops, Termination when the collector is removed. tshark's BMP dissector reads a tcpdump
 * capture of the same stream as an independent check.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { deleteNetns, run, stopPid } from '../../../pseudo-wan/system/index.js';
import { createPeerNamespace, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';
import { BgpSpeaker, asn, bmp, formatIpv4, formatIpv4Prefix, formatRd, label, parseIpv4, wire, type PeerDownEvent } from '../../../bgp/index.js';
import { until } from '../../support/until.js';

const tag = process.pid % 100000;
const NS = `bmp${tag}`;
// 10.255.230.0/30 is this test's (team allocation).
const OURS = '10.255.230.1';
const THEIRS = '10.255.230.2';
const DIR = `/tmp/bmp-${process.pid}`;
const PCAP = `${DIR}/collector.pcap`;

/** Polling budget of this file: 300 tries × 100 ms (BMP relays and restarted sessions take a while). */
const POLL = { tries: 300 };

/** The collector: one connection expected; keeps every byte and every decoded message. */
class Collector {
  readonly server: Server;
  readonly messages: bmp.BmpMessage[] = [];
  bytes = 0;
  ended = false;
  socket: Socket | undefined;
  constructor() {
    this.server = createServer((socket) => {
      this.socket = socket;
      const framer = new bmp.BmpFramer();
      socket.on('data', (d) => {
        this.bytes += d.length;
        for (const f of framer.push(d)) this.messages.push(bmp.decodeBmp(f));
      });
      socket.on('end', () => (this.ended = true));
      socket.on('error', () => undefined);
    });
  }
  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as { port: number }).port;
  }
  of<T extends bmp.BmpMessage['type']>(type: T): Extract<bmp.BmpMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<bmp.BmpMessage, { type: T }> => m.type === type);
  }
}

/** `RD prefix label` of every VPNv4 NLRI announced in Route Monitoring messages. */
function monitoredRoutes(c: Collector): string[] {
  const out: string[] = [];
  for (const m of c.of('route-monitoring')) {
    const u = wire.decodeMessage(m.update, { fourOctetAs: !m.peer.legacyAsPath });
    assert.equal(u.type, 'update');
    if (u.type !== 'update') continue;
    const reach = u.attributes.mpReach;
    if (reach?.kind === 'vpnv4') for (const n of reach.nlri) out.push(`${formatRd(n.rd)} ${formatIpv4Prefix(n.prefix)} ${n.labels.join(',')} nh ${formatIpv4(reach.nextHop)}`);
  }
  return out;
}

describe('bgp integration: BMP to a collector, gobgpd as the monitored peer', function () {
  this.timeout(120_000);
  let gobgpd: Gobgpd | undefined;
  let speaker: BgpSpeaker | undefined;
  let collector: Collector | undefined;
  let port = 0;
  let peer: PeerNamespace | undefined;
  let tcpdump: ChildProcess | undefined;
  const downs: PeerDownEvent[] = [];

  before(async () => {
    await rm(DIR, { recursive: true, force: true });
    await mkdir(DIR, { recursive: true });
    // Veth bmp<tag>0 (ours, OURS) ↔ bmp<tag>1 (gobgpd's, THEIRS) on the /30; leftovers of a crashed run go first.
    peer = await createPeerNamespace(NS, '10.255.230.0');
    collector = new Collector();
    port = await collector.listen();
    // Capture the collector's stream on loopback for tshark. Immediate mode: without it packets
    // wait in the kernel ring for a buffer timeout, and a capture stopped sooner has none.
    tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '--immediate-mode', '-n', '-w', PCAP, 'tcp', 'port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      tcpdump!.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('listening on')) resolve();
      });
      tcpdump!.once('exit', (code) => reject(new Error(`tcpdump exited ${code}: ${err}`)));
    });
    gobgpd = await startGobgpd({
      netns: NS,
      dir: `${DIR}/gobgpd`,
      asn: 65002,
      routerId: '10.10.10.2',
      listenAddresses: [THEIRS],
      neighbors: [{ address: OURS, asn: 65001, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 9 }],
    });
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    speaker.on('peer-down', (e) => downs.push(e));
    speaker.addNeighbor({ address: parseIpv4(THEIRS), remoteAsn: asn(65002), localAddress: parseIpv4(OURS), holdTime: 9, connectRetrySeconds: 1 });
    await speaker.start();
    await gobgpd.waitForState(OURS, 'established');
  });

  after(async () => {
    await speaker?.stop();
    await gobgpd?.stop();
    if (tcpdump?.pid) await stopPid(tcpdump.pid);
    collector?.socket?.destroy();
    collector?.server.close();
    // Deletes the namespace by name if createPeerNamespace failed half-way.
    await (peer ? peer.remove() : deleteNetns(NS));
    if (!process.env.BMP_KEEP) await rm(DIR, { recursive: true, force: true });
  });

  const announce = (prefix: string, l: number, rd: string) =>
    gobgpd!.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', prefix, 'label', String(l), 'rd', rd, 'rt', '65001:1', 'nexthop', THEIRS]);

  it('a collector added after routes arrived gets Initiation, Peer Up and the Adj-RIB-In', async () => {
    const s = speaker!;
    const c = collector!;
    await announce('150.1.0.0/24', 2001, '65002:1');
    await announce('150.2.0.0/24', 2002, '65002:2');
    await until(() => (s.neighbors()[0]!.counters.prefixesReceived === 2 ? true : undefined), 'two routes from gobgpd', POLL);

    s.addBmpCollector({ address: parseIpv4('127.0.0.1'), port, statsIntervalSeconds: 0.5 });
    assert.throws(() => s.addBmpCollector({ address: parseIpv4('127.0.0.1'), port }), /exists/);
    await until(() => (monitoredRoutes(c).length >= 2 ? true : undefined), 'route monitoring of the dump', POLL);
    assert.deepEqual(c.messages.slice(0, 2).map((m) => m.type), ['initiation', 'peer-up']);

    const init = c.of('initiation')[0]!;
    assert.deepEqual(init.information.map((t) => t.infoType).sort(), [1, 2]);

    const up = c.of('peer-up')[0]!;
    const session = s.neighborSession(parseIpv4(THEIRS));
    const t = session.transport!;
    assert.deepEqual(up.peer.address, { family: 'ipv4', address: parseIpv4(THEIRS) });
    assert.equal(up.peer.asn, 65002);
    assert.equal(formatIpv4(up.peer.bgpId), '10.10.10.2');
    assert.equal(up.peer.legacyAsPath, false);
    assert.deepEqual(up.localAddress, { family: 'ipv4', address: parseIpv4(t.localAddress) });
    assert.equal(t.localAddress, OURS);
    assert.deepEqual([up.localPort, up.remotePort], [t.localPort, t.remotePort]);
    const sent = wire.decodeMessage(up.sentOpen, { fourOctetAs: true });
    const received = wire.decodeMessage(up.receivedOpen, { fourOctetAs: true });
    assert.ok(sent.type === 'open' && received.type === 'open');
    assert.deepEqual([sent.myAsn, formatIpv4(sent.bgpId)], [65001, '10.10.10.1']);
    assert.deepEqual([received.myAsn, formatIpv4(received.bgpId)], [65002, '10.10.10.2']);
    assert.equal(received.holdTime, 9);

    assert.deepEqual(monitoredRoutes(c).sort(), [`65002:1 150.1.0.0/24 2001 nh ${THEIRS}`, `65002:2 150.2.0.0/24 2002 nh ${THEIRS}`]);

    // Statistics Report (§4.8): routes in the peer's Adj-RIB-In, a 64-bit gauge (type 7).
    const stats = await until(() => c.of('statistics-report')[0], 'a statistics report', POLL);
    assert.deepEqual(stats.peer.address, { family: 'ipv4', address: parseIpv4(THEIRS) });
    assert.deepEqual(stats.stats.map((st) => [st.statType, st.value.readBigUInt64BE(0)]), [[7, 2n]]);
  });

  it('live UPDATEs from gobgpd are relayed as received (pre-policy Route Monitoring)', async () => {
    const c = collector!;
    const before = c.of('route-monitoring').length;
    await announce('150.3.0.0/24', 2003, '65002:3');
    await until(() => (monitoredRoutes(c).some((r) => r.startsWith('65002:3 ')) ? true : undefined), 'live route monitoring', POLL);
    const live = c.of('route-monitoring').slice(before);
    assert.ok(live.length >= 1);
    assert.ok(monitoredRoutes(c).includes(`65002:3 150.3.0.0/24 2003 nh ${THEIRS}`));
    // A withdrawal is relayed too: an MP_UNREACH of the same RD/prefix.
    await gobgpd!.gobgp(['global', 'rib', '-a', 'vpnv4', 'del', '150.3.0.0/24', 'label', '2003', 'rd', '65002:3', 'rt', '65001:1', 'nexthop', THEIRS]);
    const withdrawn = await until(() => {
      for (const m of c.of('route-monitoring')) {
        const u = wire.decodeMessage(m.update, { fourOctetAs: true });
        const un = u.type === 'update' ? u.attributes.mpUnreach : undefined;
        if (un?.kind === 'vpnv4' && un.withdrawn.length > 0) return un.withdrawn.map((w) => `${formatRd(w.rd)} ${formatIpv4Prefix(w.prefix)}`);
      }
      return undefined;
    }, 'relayed withdrawal', POLL);
    assert.deepEqual(withdrawn, ['65002:3 150.3.0.0/24']);
  });

  it('gobgpd stopping gives a Peer Down whose reason matches the session\'s', async () => {
    const c = collector!;
    await gobgpd!.stop();
    const down = await until(() => downs[0], 'peer-down event', POLL);
    const pd = await until(() => c.of('peer-down')[0], 'BMP Peer Down', POLL);
    const expected = bmp.peerDownData(down.reason);
    assert.equal(pd.reason, expected.reason, JSON.stringify(down.reason));
    // gobgpd closed the session: "remote system closed", with or without a NOTIFICATION (§4.9 reasons 3, 4).
    assert.ok([3, 4].includes(pd.reason), `reason ${pd.reason} for ${JSON.stringify(down.reason)}`);
    if (pd.reason === 3) {
      const n = wire.decodeMessage(pd.notification!, { fourOctetAs: true });
      assert.ok(n.type === 'notification' && down.reason.kind === 'notification-received');
      assert.deepEqual([n.code, n.subcode], [down.reason.code, down.reason.subcode]);
    }
    assert.deepEqual(pd.peer.address, { family: 'ipv4', address: parseIpv4(THEIRS) });
  });

  it('gobgpd back: a live Peer Up for the new session, then its routes', async () => {
    const c = collector!;
    gobgpd = await startGobgpd({
      netns: NS,
      dir: `${DIR}/gobgpd`,
      asn: 65002,
      routerId: '10.10.10.2',
      listenAddresses: [THEIRS],
      neighbors: [{ address: OURS, asn: 65001, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 9 }],
    });
    await gobgpd.waitForState(OURS, 'established', 30_000);
    const up = await until(() => c.of('peer-up')[1], 'second Peer Up', POLL);
    const t = speaker!.neighborSession(parseIpv4(THEIRS)).transport!;
    assert.deepEqual([up.localPort, up.remotePort], [t.localPort, t.remotePort]);
    assert.notEqual(up.localPort, c.of('peer-up')[0]!.localPort);
    const downAt = c.messages.findIndex((m) => m.type === 'peer-down');
    assert.ok(c.messages.indexOf(up) > downAt);
    await announce('150.4.0.0/24', 2004, '65002:4');
    await until(() => (monitoredRoutes(c).includes(`65002:4 150.4.0.0/24 2004 nh ${THEIRS}`) ? true : undefined), 'route of the new session', POLL);
  });

  it('removing the collector sends Termination; tshark\'s BMP dissector reads the same stream', async () => {
    const s = speaker!;
    const c = collector!;
    await s.removeBmpCollector({ address: parseIpv4('127.0.0.1'), port });
    await assert.rejects(s.removeBmpCollector({ address: parseIpv4('127.0.0.1'), port }), /no such/);
    await until(() => (c.ended ? true : undefined), 'collector connection closed', POLL);
    const last = c.messages.at(-1);
    assert.ok(last?.type === 'termination' && last.reason === 0);

    const ours = c.messages.map((m) => ({ 'route-monitoring': 0, 'statistics-report': 1, 'peer-down': 2, 'peer-up': 3, initiation: 4, termination: 5 })[m.type]);
    const dissect = () => run('tshark', ['-r', PCAP, '-d', `tcp.port==${port},bmp`, '-T', 'fields', '-E', 'occurrence=a', '-e', 'bmp.type', '-e', 'bmp.peer.down.reason']);
    const typesOf = (fields: string) =>
      fields
        .split('\n')
        .filter((l) => l.trim() !== '')
        .flatMap((l) => l.split('\t')[0]!.split(',').filter((x) => x !== ''))
        .map(Number);
    // tcpdump writes packets as it gets them; wait for the last one before stopping it.
    const fields = await until(async () => {
      const f = await dissect();
      return typesOf(f).length >= ours.length ? f : undefined;
    }, 'the whole stream in the capture', { tries: 50 });
    await stopPid(tcpdump!.pid!);
    tcpdump = undefined;
    assert.deepEqual(typesOf(fields), ours);
    const reasons = fields.split('\n').map((l) => l.split('\t')[1] ?? '').filter((x) => x !== '');
    assert.deepEqual(reasons.map(Number), c.of('peer-down').map((m) => m.reason));
    const malformed = await run('tshark', ['-r', PCAP, '-d', `tcp.port==${port},bmp`, '-Y', '_ws.malformed || _ws.expert.severity >= error']);
    assert.equal(malformed.trim(), '', malformed);
    // tshark dissects the BGP UPDATEs inside too: the RDs gobgpd announced appear.
    const rds = await run('tshark', ['-r', PCAP, '-d', `tcp.port==${port},bmp`, '-T', 'fields', '-e', 'bgp.rd']);
    for (const rd of ['65002:1', '65002:2', '65002:3', '65002:4']) assert.ok(rds.includes(rd), `${rd} in ${rds}`);
    // Addresses: IPv4 right-aligned in the 16-byte fields (§4.2), which tshark reads as IPv4.
    const addrs = await run('tshark', ['-r', PCAP, '-d', `tcp.port==${port},bmp`, '-Y', 'bmp.type == 3', '-T', 'fields', '-e', 'bmp.peer.ip.addr', '-e', 'bmp.peer.up.ip.addr', '-e', 'bmp.peer.asn']);
    assert.deepEqual(addrs.trim().split('\n'), c.of('peer-up').map(() => `${THEIRS}\t${OURS}\t65002`));
    const gauges = await run('tshark', ['-r', PCAP, '-d', `tcp.port==${port},bmp`, '-T', 'fields', '-e', 'bmp.stats.data.routes_adj_rib_in']);
    const ourGauges = c.of('statistics-report').map((m) => String(m.stats[0]!.value.readBigUInt64BE(0)));
    assert.deepEqual(gauges.split('\n').flatMap((l) => l.trim().split(',')).filter((x) => x !== ''), ourGauges);
  });
});
