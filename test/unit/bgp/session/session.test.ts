/**
 * The socket shell with two of our own sessions facing each other over loopback (127.0.0.1 ↔
 * 127.0.0.2). Interop with another implementation is the integration tests' job (gobgpd).
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { asn, label, parseIpv4, parseIpv4Prefix, parseRd, parseRouteTarget } from '../../../../bgp/types/index.js';
import { encodeVpnv4Updates, type UpdateMessage, type VpnNlri } from '../../../../bgp/wire/index.js';
import { BgpListener, BgpSession, ManualClock, type BgpSessionOptions, type Negotiated, type PeerDownReason } from '../../../../bgp/session/index.js';

const VPNV4 = { afi: 1, safi: 128 };
const IPV4 = { afi: 1, safi: 1 };

describe('bgp/session BgpSession over loopback', function () {
  this.timeout(20_000);
  let listener: BgpListener;
  const sessions: BgpSession[] = [];

  beforeEach(async () => {
    listener = new BgpListener({ host: '127.0.0.1', port: 0 });
    await listener.listen();
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
    await listener.close();
  });

  /** A passive session on 127.0.0.1 (AS 65000) and an active one from 127.0.0.2 (AS 65001). */
  function pair(passiveOpts: Partial<BgpSessionOptions> = {}, activeOpts: Partial<BgpSessionOptions> = {}) {
    const passive = new BgpSession({
      localAsn: asn(65000), routerId: parseIpv4('10.0.0.1'), peerAddress: '127.0.0.2', peerAsn: asn(65001),
      passive: true, holdTime: 9, families: [IPV4, VPNV4], idleHoldSeconds: 1, ...passiveOpts,
    });
    const active = new BgpSession({
      localAsn: asn(65001), routerId: parseIpv4('10.0.0.2'), peerAddress: '127.0.0.1', peerAsn: asn(65000),
      localAddress: '127.0.0.2', port: listener.port, holdTime: 30, families: [VPNV4], connectRetrySeconds: 1, ...activeOpts,
    });
    sessions.push(passive, active);
    listener.register(passive);
    return { passive, active };
  }

  async function establish(a: BgpSession, b: BgpSession): Promise<[Negotiated, Negotiated]> {
    const up = Promise.all([once(a, 'established'), once(b, 'established')]);
    a.start();
    b.start();
    const [[na], [nb]] = (await up) as [[Negotiated], [Negotiated]];
    return [na, nb];
  }

  it('establishes, negotiates hold time and families, and reports state changes', async () => {
    const { passive, active } = pair();
    const states: string[] = [];
    active.on('state', ({ to }) => states.push(to));
    const [np, na] = await establish(passive, active);
    assert.equal(np.holdTime, 9);
    assert.equal(na.holdTime, 9);
    assert.deepEqual(np.families, [VPNV4]);
    assert.equal(np.fourOctetAs, true);
    assert.equal(np.peerBgpId, parseIpv4('10.0.0.2'));
    assert.deepEqual(states, ['Connect', 'OpenSent', 'OpenConfirm', 'Established']);
    assert.equal(passive.state, 'Established');
  });

  it('UPDATEs, End-of-RIB and ROUTE-REFRESH travel both ways', async () => {
    const { passive, active } = pair();
    await establish(passive, active);
    const u: UpdateMessage = {
      type: 'update', withdrawn: [], nlri: [],
      attributes: {
        origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(65001)] }],
        extendedCommunities: [{ type: 'route-target', routeTarget: parseRouteTarget('65001:1') }],
        mpReach: { kind: 'vpnv4', afi: 1, safi: 128, nextHop: parseIpv4('127.0.0.2'), nlri: [{ labels: [label(100)], rd: parseRd('65001:1'), prefix: parseIpv4Prefix('10.9.0.0/24') }] },
      },
    };
    const got = once(passive, 'update');
    assert.equal(active.sendUpdate(u), true);
    const [received] = (await got) as [UpdateMessage];
    assert.deepEqual(received.attributes.mpReach, u.attributes.mpReach);

    const eor = once(passive, 'end-of-rib');
    active.sendUpdate({ type: 'update', withdrawn: [], nlri: [], attributes: { mpUnreach: { kind: 'raw', afi: 1, safi: 128, withdrawn: Buffer.alloc(0) } } });
    assert.deepEqual((await eor)[0], VPNV4);

    const rr = once(active, 'route-refresh');
    assert.equal(passive.sendRouteRefresh(1, 128), true);
    assert.deepEqual((await rr)[0], { afi: 1, safi: 128, subtype: 0 });
  });

  it('sendUpdates writes many pre-encoded frames in order under backpressure', async () => {
    const { passive, active } = pair();
    await establish(passive, active);
    const n = 60_000;
    const nlri: VpnNlri[] = [];
    for (let i = 0; i < n; i++) {
      nlri.push({ labels: [label(16 + (i % 1000))], rd: parseRd('65001:7'), prefix: { address: ((0x0a000000 + i * 256) >>> 0) as never, length: 24 } });
    }
    const frames = encodeVpnv4Updates({ origin: 'igp', asPath: [] }, parseIpv4('127.0.0.2'), nlri, { fourOctetAs: true });
    let seen = 0;
    let inOrder = true;
    const all = new Promise<void>((resolve) => {
      passive.on('update', (u) => {
        const reach = u.attributes.mpReach;
        if (reach?.kind !== 'vpnv4') return;
        for (const r of reach.nlri) {
          if (r.prefix.address !== nlri[seen].prefix.address) inOrder = false;
          seen++;
        }
        if (seen === n) resolve();
      });
    });
    assert.equal(await active.sendUpdates(frames), true);
    await all;
    assert.equal(seen, n);
    assert.ok(inOrder, 'prefixes arrive in the order they were sent');
  });

  it('an UPDATE sent while bulk frames wait for the socket to drain does not overtake them', async () => {
    const { passive, active } = pair();
    await establish(passive, active);
    const n = 200_000;
    const nlri: VpnNlri[] = [];
    for (let i = 0; i < n; i++) {
      nlri.push({ labels: [label(100)], rd: parseRd('65001:7'), prefix: { address: ((0x0a000000 + i * 256) >>> 0) as never, length: 24 } });
    }
    const frames = encodeVpnv4Updates({ origin: 'igp', asPath: [] }, parseIpv4('127.0.0.2'), nlri, { fourOctetAs: true });
    const order: string[] = [];
    let announced = 0;
    const withdrawn = new Promise<void>((resolve) => {
      passive.on('update', (u) => {
        if (u.attributes.mpReach?.kind === 'vpnv4') announced += u.attributes.mpReach.nlri.length;
        if (u.attributes.mpUnreach) {
          order.push(`withdraw after ${announced}`);
          resolve();
        }
      });
    });
    const bulk = active.sendUpdates(frames);
    active.sendUpdate({
      type: 'update', withdrawn: [], nlri: [],
      attributes: { mpUnreach: { kind: 'vpnv4', afi: 1, safi: 128, withdrawn: [{ rd: nlri[0].rd, prefix: nlri[0].prefix }] } },
    });
    assert.equal(await bulk, true);
    await withdrawn;
    assert.deepEqual(order, [`withdraw after ${n}`]);
  });

  it('stop() sends Cease/Administrative Shutdown; the peer reports it by name', async () => {
    const { passive, active } = pair();
    await establish(passive, active);
    const down = once(passive, 'down');
    let activeDown: PeerDownReason | undefined;
    active.on('down', (r) => (activeDown = r));
    await active.stop();
    const [reason] = (await down) as [PeerDownReason];
    assert.deepEqual(reason, { kind: 'notification-received', code: 6, subcode: 2, name: 'Cease / Administrative Shutdown' });
    assert.deepEqual(activeDown, { kind: 'admin-stop' });
    assert.equal(active.state, 'Idle');
  });

  it('timers run on the injected clock: hold expiry sends NOTIFICATION 4/0, both sides say why', async () => {
    const clock = new ManualClock();
    const { passive, active } = pair({}, { clock, holdTime: 9 });
    await establish(passive, active);
    const down = once(active, 'down');
    const peerDown = once(passive, 'down');
    // 9 s pass on the active side's clock at once: no message can arrive in between
    clock.advance(9000);
    const [reason] = (await down) as [PeerDownReason];
    assert.deepEqual(reason, { kind: 'hold-timer-expired' });
    const [peerReason] = (await peerDown) as [PeerDownReason];
    assert.deepEqual(peerReason, { kind: 'notification-received', code: 4, subcode: 0, name: 'Hold Timer Expired' });
  });

  it('a 2-octet-only speaker: 4-octet AS is not negotiated on either side, AS_TRANS stands in', async () => {
    const { passive, active } = pair({ localAsn: asn(4_200_000_000) }, { fourOctetAs: false, peerAsn: asn(23456) });
    const [np, na] = await establish(passive, active);
    assert.equal(np.fourOctetAs, false);
    assert.equal(na.fourOctetAs, false);
    assert.equal(na.peerAsn, 23456);
    // a 4-octet path sent toward the old speaker arrives as AS_TRANS + AS4_PATH (RFC 6793 §4.2.2)
    const got = once(active, 'update');
    passive.sendUpdate({
      type: 'update', withdrawn: [], nlri: [parseIpv4Prefix('10.1.0.0/16')],
      attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [asn(4_200_000_000)] }], nextHop: parseIpv4('127.0.0.1') },
    });
    const [u] = (await got) as [UpdateMessage];
    assert.deepEqual(u.attributes.asPath, [{ type: 'sequence', asns: [23456] }]);
    assert.deepEqual(u.attributes.as4Path, [{ type: 'sequence', asns: [4_200_000_000] }]);
  });

  for (const [winner, ids] of [['127.0.0.1 side', ['10.0.0.9', '10.0.0.2']], ['127.0.0.2 side', ['10.0.0.1', '10.0.0.2']]] as const) {
    it(`simultaneous open: one connection survives, the one opened by the higher BGP identifier (${winner})`, async () => {
      // both sides active and listening: each connects to the other at once (§6.8 collision)
      const other = new BgpListener({ host: '127.0.0.2', port: 0 });
      await other.listen();
      try {
        const a = new BgpSession({
          localAsn: asn(65000), routerId: parseIpv4(ids[0]), peerAddress: '127.0.0.2', peerAsn: asn(65001),
          localAddress: '127.0.0.1', port: other.port, holdTime: 9, families: [VPNV4], connectRetrySeconds: 1, idleHoldSeconds: 1,
        });
        const b = new BgpSession({
          localAsn: asn(65001), routerId: parseIpv4(ids[1]), peerAddress: '127.0.0.1', peerAsn: asn(65000),
          localAddress: '127.0.0.2', port: listener.port, holdTime: 9, families: [VPNV4], connectRetrySeconds: 1, idleHoldSeconds: 1,
        });
        sessions.push(a, b);
        // each listener serves its own side: A listens on 127.0.0.1, B on 127.0.0.2
        listener.register(a);
        other.register(b);
        const failures: string[] = [];
        for (const s of [a, b]) s.on('attempt-failed', (r) => failures.push(r.kind));
        await establish(a, b);
        const ta = a.transport!;
        const tb = b.transport!;
        // the two ends of one and the same connection
        assert.deepEqual([ta.localPort, ta.remotePort], [tb.remotePort, tb.localPort]);
        const higher = parseIpv4(ids[0]) > parseIpv4(ids[1]) ? ta : tb;
        assert.equal(higher.direction, 'outgoing', 'the higher identifier opened the surviving connection');
        assert.deepEqual(failures, [], 'no attempt failed: the collision was resolved, not reset');
      } finally {
        await other.close();
      }
    });
  }

  it('the listener closes connections from addresses no session is registered for', async () => {
    const stranger = new BgpSession({
      localAsn: asn(65002), routerId: parseIpv4('10.0.0.3'), peerAddress: '127.0.0.1', peerAsn: asn(65000),
      localAddress: '127.0.0.3', port: listener.port, families: [VPNV4], connectRetrySeconds: 1,
    });
    sessions.push(stranger);
    const refused = once(listener, 'refused');
    stranger.start();
    const [remote] = (await refused) as [{ address: string }];
    assert.equal(remote.address, '127.0.0.3');
    const [reason] = (await once(stranger, 'attempt-failed')) as [PeerDownReason];
    assert.equal(reason.kind, 'connection-closed');
  });
});
