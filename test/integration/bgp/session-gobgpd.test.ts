/**
 * BgpSession against a real gobgpd (Debian's 3.10) in a namespace, joined to the root namespace
 * (where this process runs) by a veth: 10.255.201.1 (us) ↔ 10.255.201.2 (gobgpd).
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { asn, formatIpv4, parseIpv4 } from '../../../bgp/types/index.js';
import { BgpListener, BgpSession, type BgpSessionOptions, type Negotiated, type PeerDownReason } from '../../../bgp/session/index.js';
import type { UpdateMessage } from '../../../bgp/wire/index.js';
import { createPeerNamespace, startGobgpd, type Gobgpd, type GobgpdOptions, type PeerNamespace } from '../../support/gobgpd.js';

const IPV4 = { afi: 1, safi: 1 };
const VPNV4 = { afi: 1, safi: 128 };

describe('bgp/session against gobgpd', function () {
  this.timeout(60_000);
  let ns: PeerNamespace;
  let listener: BgpListener;
  let gobgpd: Gobgpd | undefined;
  let session: BgpSession | undefined;

  before(async () => {
    ns = await createPeerNamespace('bgsE', '10.255.201.0');
    listener = new BgpListener({ host: ns.rootAddress, port: 0 });
    await listener.listen();
  });

  after(async () => {
    await listener?.close();
    await ns?.remove();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && gobgpd) console.log(await gobgpd.logTail(30));
    await session?.stop();
    session = undefined;
    await gobgpd?.stop();
    gobgpd = undefined;
  });

  function startPeer(o: { asn?: number; passive: boolean; families?: GobgpdOptions['neighbors'][0]['families']; ourAsn?: number; holdTime?: number }) {
    return startGobgpd({
      netns: ns.netns,
      dir: `/tmp/bgs-${process.pid}-gobgpd`,
      asn: o.asn ?? 65001,
      routerId: ns.nsAddress,
      neighbors: [{
        address: ns.rootAddress, asn: o.ourAsn ?? 65000, families: o.families ?? ['ipv4-unicast', 'l3vpn-ipv4-unicast'],
        passive: o.passive, remotePort: listener.port, holdTime: o.holdTime ?? 9,
      }],
    });
  }

  function ourSession(o: Partial<BgpSessionOptions> = {}): BgpSession {
    session = new BgpSession({
      localAsn: asn(65000), routerId: parseIpv4(ns.rootAddress), peerAddress: ns.nsAddress, peerAsn: asn(65001),
      localAddress: ns.rootAddress, holdTime: 9, families: [IPV4, VPNV4], connectRetrySeconds: 1, idleHoldSeconds: 1, ...o,
    });
    return session;
  }

  async function up(s: BgpSession): Promise<Negotiated> {
    const established = once(s, 'established');
    s.start();
    const [negotiated] = (await established) as [Negotiated];
    await gobgpd!.waitForState(ns.rootAddress, 'established');
    return negotiated;
  }

  it('Established with us active (gobgpd passive)', async () => {
    gobgpd = await startPeer({ passive: true, holdTime: 9 });
    const s = ourSession({ holdTime: 30 });
    const n = await up(s);
    assert.equal(s.state, 'Established');
    assert.deepEqual(n.families, [IPV4, VPNV4]);
    assert.equal(n.holdTime, 9, 'the smaller hold time wins');
    assert.equal(n.keepaliveTime, 3);
    const nb = await gobgpd.gobgpJson<{ timers: { state: { negotiated_hold_time: number } } }>(['neighbor', ns.rootAddress]);
    assert.equal(nb.timers.state.negotiated_hold_time, 9);
    assert.equal(n.fourOctetAs, true);
    assert.equal(n.routeRefresh, true);
    assert.equal(formatIpv4(n.peerBgpId), ns.nsAddress);
  });

  it('Established with us passive (gobgpd connects to our listener)', async () => {
    const s = ourSession({ passive: true });
    listener.register(s);
    gobgpd = await startPeer({ passive: false });
    const n = await up(s);
    assert.equal(n.peerAsn, 65001);
    listener.unregister(s.peerAddress);
  });

  // Whether both connects overlap depends on gobgpd's connect timing; when they do, §6.8
  // resolution must leave one session that stays up (the loopback tests force the overlap).
  it('both sides active and listening: one Established session that stays up', async () => {
    const s = ourSession();
    listener.register(s);
    gobgpd = await startPeer({ passive: false });
    await up(s);
    // stays up: the losing connection's Cease did not take the winner down
    await gobgpd.waitForState(ns.rootAddress, 'established');
    assert.equal(s.state, 'Established');
    listener.unregister(s.peerAddress);
  });

  it('4-octet AS on both sides', async () => {
    gobgpd = await startPeer({ passive: true, asn: 4_200_000_002, ourAsn: 4_200_000_001 });
    const s = ourSession({ localAsn: asn(4_200_000_001), peerAsn: asn(4_200_000_002) });
    const n = await up(s);
    assert.equal(n.fourOctetAs, true);
    assert.equal(n.peerAsn, 4_200_000_002);
    const nb = await gobgpd.gobgpJson<{ state: { peer_asn: number } }>(['neighbor', ns.rootAddress]);
    assert.equal(nb.state.peer_asn, 4_200_000_001);
  });

  it('only the families both announce are negotiated', async () => {
    gobgpd = await startPeer({ passive: true, families: ['l3vpn-ipv4-unicast'] });
    const n = await up(ourSession());
    assert.deepEqual(n.families, [VPNV4]);
  });

  // gobgpd 3.10 never sends ROUTE-REFRESH itself (its soft reset in re-applies the Adj-RIB-In
  // it keeps), so receiving one is tested against our own session and a raw socket elsewhere.
  it('route refresh: our request makes gobgpd resend its routes', async () => {
    gobgpd = await startPeer({ passive: true });
    const s = ourSession();
    await up(s);
    const vpnUpdates: UpdateMessage[] = [];
    s.on('update', (u) => u.attributes.mpReach?.kind === 'vpnv4' && vpnUpdates.push(u));
    await gobgpd.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '10.9.0.0/24', 'label', '100', 'rd', '65001:1', 'rt', '65001:1']);
    await waitFor(() => vpnUpdates.length === 1);
    assert.equal(s.sendRouteRefresh(1, 128), true);
    await waitFor(() => vpnUpdates.length === 2);
    const reach = vpnUpdates[1].attributes.mpReach;
    assert.ok(reach?.kind === 'vpnv4');
    assert.deepEqual(reach.nlri.map((r) => `${formatIpv4(r.prefix.address)}/${r.prefix.length} ${r.labels.join(',')}`), ['10.9.0.0/24 100']);
    const nb = await gobgpd.gobgpJson<{ state: { messages: { received: { refresh?: number } } } }>(['neighbor', ns.rootAddress]);
    assert.equal(nb.state.messages.received.refresh, 1);
  });

  it('gobgpd killed: the session goes down, connection closed', async () => {
    gobgpd = await startPeer({ passive: true });
    const s = ourSession();
    await up(s);
    const down = once(s, 'down');
    await gobgpd.kill();
    const [reason] = (await down) as [PeerDownReason];
    assert.equal(reason.kind, 'connection-closed');
    assert.notEqual(s.state, 'Established');
  });

  it('gobgpd frozen (SIGSTOP): our hold timer expires and the down event says so', async () => {
    gobgpd = await startPeer({ passive: true, holdTime: 3 });
    const s = ourSession({ holdTime: 3 });
    await up(s);
    const down = once(s, 'down');
    process.kill(gobgpd.pid, 'SIGSTOP');
    try {
      const [reason] = (await down) as [PeerDownReason];
      assert.deepEqual(reason, { kind: 'hold-timer-expired' });
    } finally {
      process.kill(gobgpd.pid, 'SIGCONT');
    }
  });

  it('gobgpd shuts the neighbour down: NOTIFICATION received, named', async () => {
    gobgpd = await startPeer({ passive: true });
    const s = ourSession();
    await up(s);
    const down = once(s, 'down');
    await gobgpd.gobgp(['neighbor', ns.rootAddress, 'shutdown']);
    const [reason] = (await down) as [PeerDownReason];
    assert.ok(reason.kind === 'notification-received');
    assert.equal(reason.code, 6);
    assert.equal(reason.subcode, 2);
    assert.equal(reason.name, 'Cease / Administrative Shutdown');
    assert.deepEqual(s.notifications, { sent: 0, received: 1 });
  });

  it('our stop() reaches gobgpd as Cease/Administrative Shutdown', async () => {
    gobgpd = await startPeer({ passive: true });
    const s = ourSession();
    await up(s);
    assert.deepEqual(s.notifications, { sent: 0, received: 0 });
    await s.stop();
    assert.deepEqual(s.notifications, { sent: 1, received: 0 });
    session = undefined;
    type Counters = { state: { session_state: number; messages: { received: { notification?: number } } } };
    let nb: Counters | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      nb = await gobgpd.gobgpJson<Counters>(['neighbor', ns.rootAddress]);
      if (nb.state.messages.received.notification) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(nb?.state.messages.received.notification, 1);
    assert.notEqual(await gobgpd.neighborState(ns.rootAddress), 'established');
    assert.match(await gobgpd.logTail(200), /Administrative Shutdown/i);
  });

  it('after gobgpd comes back, the session re-establishes by itself', async () => {
    gobgpd = await startPeer({ passive: true });
    const s = ourSession();
    await up(s);
    const down = once(s, 'down');
    await gobgpd.stop();
    await down;
    const again = once(s, 'established');
    gobgpd = await startPeer({ passive: true });
    await again;
    await gobgpd.waitForState(ns.rootAddress, 'established');
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}


