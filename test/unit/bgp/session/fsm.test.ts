import { strict as assert } from 'node:assert';
import { asn, parseIpv4 } from '../../../../bgp/types/index.js';
import { nextDeadline } from '../../../../bgp/session/timers.js';
import { config, Driver, IPV4, peerOpen, update, VPNV4 } from './fsm-support.js';

describe('bgp/session fsm: event sequences (RFC 4271 §8)', () => {
  it('active: Idle → Connect → OpenSent → OpenConfirm → Established', () => {
    const d = new Driver();
    assert.deepEqual(d.summary(d.feed({ type: 'ManualStart' })), ['connect@out-1']);
    assert.equal(d.state.state, 'Connect');
    assert.equal(d.state.timers.connectRetry, 5000);

    assert.deepEqual(d.summary(d.feed({ type: 'Tcp_CR_Acked', conn: 'out-1' })), ['send:open@out-1']);
    assert.equal(d.state.state, 'OpenSent');
    assert.equal(d.state.timers.connectRetry, undefined);
    assert.equal(d.state.timers.hold, 240_000, 'large hold timer while waiting for OPEN (§8.2.2)');

    d.now = 1000;
    assert.deepEqual(d.summary(d.feed({ type: 'BGPOpen', conn: 'out-1', open: peerOpen({ holdTime: 30 }) })), ['send:keepalive@out-1']);
    assert.equal(d.state.state, 'OpenConfirm');
    assert.equal(d.state.negotiated?.holdTime, 30, 'hold time is the smaller of both');
    assert.equal(d.state.negotiated?.keepaliveTime, 10);
    assert.equal(d.state.timers.hold, 31_000);
    assert.equal(d.state.timers.keepalive, 11_000);

    assert.deepEqual(d.summary(d.feed({ type: 'KeepAliveMsg', conn: 'out-1' })), ['established']);
    assert.equal(d.state.state, 'Established');
    const est = d.actions[0];
    assert.ok(est.type === 'established');
    assert.deepEqual(est.negotiated.families, [IPV4, VPNV4]);
    assert.equal(est.negotiated.peerBgpId, parseIpv4('10.0.0.2'));
    assert.equal(est.negotiated.routeRefresh, true);
    assert.equal(est.negotiated.enhancedRouteRefresh, false);
  });

  it('our OPEN announces families, route refresh, 4-octet AS; AS_TRANS in My AS for a 4-octet AS', () => {
    const d = new Driver(config({ localAsn: asn(4_200_000_001), holdTime: 9 }));
    d.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' });
    const sent = d.actions[1];
    assert.ok(sent.type === 'send' && sent.message.type === 'open');
    assert.equal(sent.message.myAsn, 23456);
    assert.equal(sent.message.holdTime, 9);
    assert.equal(sent.message.bgpId, parseIpv4('10.0.0.1'));
    assert.deepEqual(sent.message.capabilities, [
      { type: 'multiprotocol', afi: 1, safi: 1 },
      { type: 'multiprotocol', afi: 1, safi: 128 },
      { type: 'route-refresh' },
      { type: 'enhanced-route-refresh' },
      { type: 'four-octet-as', asn: 4_200_000_001 },
    ]);
  });

  it('passive: waits in Active, never connects, answers an incoming connection with OPEN', () => {
    const d = new Driver(config({ passive: true }));
    assert.deepEqual(d.feed({ type: 'ManualStart' }), []);
    assert.equal(d.state.state, 'Active');
    assert.equal(nextDeadline(d.state), undefined, 'no ConnectRetryTimer when passive');
    assert.deepEqual(d.advance(600_000), []);
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-1' })), ['send:open@in-1']);
    assert.equal(d.state.state, 'OpenSent');
    d.feed({ type: 'BGPOpen', conn: 'in-1', open: peerOpen() }, { type: 'KeepAliveMsg', conn: 'in-1' });
    assert.equal(d.state.state, 'Established');
  });

  it('Idle refuses connections; a stopped session stays Idle', () => {
    const d = new Driver();
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-1' })), ['close@in-1']);
    assert.equal(d.state.state, 'Idle');
  });

  it('connect failure → Active, ConnectRetryTimer → Connect with a new connection', () => {
    const d = new Driver();
    d.feed({ type: 'ManualStart' });
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionFails', conn: 'out-1', message: 'ECONNREFUSED' })), ['attempt-failed:connect-failed']);
    assert.equal(d.state.state, 'Active');
    assert.deepEqual(d.summary(d.advance(4999)), []);
    assert.deepEqual(d.summary(d.advance(1)), ['connect@out-2']);
    assert.equal(d.state.state, 'Connect');
    // a slow attempt is abandoned when the timer fires again
    assert.deepEqual(d.summary(d.advance(5000)), ['close@out-2', 'connect@out-3']);
  });

  it('incoming connection while our attempt is pending: the attempt becomes the second connection', () => {
    const d = new Driver();
    d.feed({ type: 'ManualStart' });
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-1' })), ['send:open@in-1']);
    assert.equal(d.state.conn, 'in-1');
    assert.deepEqual(d.state.collision, { conn: 'out-1', pending: true });
    // once it connects, it gets our OPEN and joins the §6.8 resolution
    assert.deepEqual(d.summary(d.feed({ type: 'Tcp_CR_Acked', conn: 'out-1' })), ['send:open@out-1']);
    assert.deepEqual(d.state.collision, { conn: 'out-1' });
    assert.equal(d.state.state, 'OpenSent');
  });

  it('a pending attempt that fails is forgotten; Established drops one still pending without a NOTIFICATION', () => {
    const d = new Driver();
    d.feed({ type: 'ManualStart' }, { type: 'TcpConnectionConfirmed', conn: 'in-1' });
    d.feed({ type: 'TcpConnectionFails', conn: 'out-1', message: 'ECONNREFUSED' });
    assert.equal(d.state.collision, undefined);
    const e = new Driver();
    e.feed({ type: 'ManualStart' }, { type: 'TcpConnectionConfirmed', conn: 'in-1' }, { type: 'BGPOpen', conn: 'in-1', open: peerOpen() });
    assert.deepEqual(e.summary(e.feed({ type: 'KeepAliveMsg', conn: 'in-1' })), ['close@out-1', 'established']);
  });

  it('the main connection failing with our attempt still pending: back to Connect on the attempt', () => {
    const d = new Driver();
    d.feed({ type: 'ManualStart' }, { type: 'TcpConnectionConfirmed', conn: 'in-1' });
    d.feed({ type: 'NotifMsg', conn: 'in-1', notification: { type: 'notification', code: 6, subcode: 7, data: Buffer.alloc(0) } });
    assert.equal(d.state.state, 'Connect');
    assert.equal(d.state.conn, 'out-1');
    assert.deepEqual(d.summary(d.feed({ type: 'Tcp_CR_Acked', conn: 'out-1' })), ['send:open@out-1']);
    assert.equal(d.state.state, 'OpenSent');
  });

  it('Established: UPDATEs pass up and restart the hold timer; End-of-RIB is recognised', () => {
    const d = new Driver();
    d.establish(peerOpen({ holdTime: 9 }));
    d.now = 5000;
    const u = update({ nlri: [{ address: parseIpv4('10.1.0.0'), length: 16 }], attributes: { origin: 'igp', asPath: [], nextHop: parseIpv4('10.0.0.2') } });
    assert.deepEqual(d.summary(d.feed({ type: 'UpdateMsg', conn: 'out-1', update: u })), ['update']);
    assert.equal(d.state.timers.hold, 14_000);

    d.feed({ type: 'UpdateMsg', conn: 'out-1', update: update() });
    assert.deepEqual(d.actions, [{ type: 'end-of-rib', family: IPV4 }]);
    d.feed({ type: 'UpdateMsg', conn: 'out-1', update: update({ attributes: { mpUnreach: { kind: 'vpnv4', afi: 1, safi: 128, withdrawn: [] } } }) });
    assert.deepEqual(d.actions, [{ type: 'end-of-rib', family: VPNV4 }]);
    // an MP_UNREACH that withdraws something is an ordinary UPDATE
    const w = update({ attributes: { mpUnreach: { kind: 'ipv4-unicast', afi: 1, safi: 1, withdrawn: [{ address: parseIpv4('10.0.0.0'), length: 8 }] } } });
    assert.deepEqual(d.summary(d.feed({ type: 'UpdateMsg', conn: 'out-1', update: w })), ['update']);
    // treat-as-withdraw UPDATEs are passed up as they are: the RIB handles them
    const taw = update({ treatAsWithdraw: true, attributes: {} });
    d.feed({ type: 'UpdateMsg', conn: 'out-1', update: taw });
    assert.deepEqual(d.actions, [{ type: 'update', update: taw }]);
    assert.equal(d.state.state, 'Established');
  });

  it('keepalives every holdTime/3; hold timer expiry sends NOTIFICATION 4/0 and reports why', () => {
    const d = new Driver(config({ holdTime: 9 }));
    d.establish(peerOpen({ holdTime: 90 }));
    assert.equal(d.state.negotiated?.holdTime, 9);
    assert.deepEqual(d.summary(d.advance(3000)), ['send:keepalive@out-1']);
    assert.deepEqual(d.summary(d.advance(3000)), ['send:keepalive@out-1']);
    d.feed({ type: 'KeepAliveMsg', conn: 'out-1' }); // at 6 s: hold now expires at 15 s
    assert.deepEqual(d.summary(d.advance(8999)), ['send:keepalive@out-1', 'send:keepalive@out-1']);
    assert.equal(d.state.state, 'Established');
    assert.deepEqual(d.summary(d.advance(1)), ['send:notification(4/0)@out-1', 'close@out-1', 'down:hold-timer-expired']);
    assert.equal(d.state.state, 'Idle');
    // automatic restart after the idle hold time, with a fresh connection
    assert.deepEqual(d.summary(d.advance(2000)), ['connect@out-2']);
  });

  it('hold time 0 on either side: no keepalives, no hold timer', () => {
    const d = new Driver();
    d.establish(peerOpen({ holdTime: 0 }));
    assert.equal(d.state.state, 'Established');
    assert.equal(nextDeadline(d.state), undefined);
    assert.deepEqual(d.advance(3_600_000), []);
    assert.equal(d.state.state, 'Established');
  });

  it('NOTIFICATION received: down with code, subcode and RFC names; no NOTIFICATION back', () => {
    const d = new Driver();
    d.establish();
    d.feed({ type: 'NotifMsg', conn: 'out-1', notification: { type: 'notification', code: 6, subcode: 2, data: Buffer.alloc(0) } });
    assert.deepEqual(d.actions, [
      { type: 'close', conn: 'out-1' },
      { type: 'down', reason: { kind: 'notification-received', code: 6, subcode: 2, name: 'Cease / Administrative Shutdown' } },
    ]);
  });

  it('connection closed by the peer while Established → down connection-closed', () => {
    const d = new Driver();
    d.establish();
    d.feed({ type: 'TcpConnectionFails', conn: 'out-1', message: 'end of stream' });
    assert.deepEqual(d.summary(), ['close@out-1', 'down:connection-closed']);
    assert.equal(d.state.state, 'Idle');
  });

  it('decode errors: the error NOTIFICATION is sent, the session goes down naming it', () => {
    const d = new Driver();
    d.establish();
    const n = { type: 'notification' as const, code: 3, subcode: 1, data: Buffer.alloc(0) };
    d.feed({ type: 'UpdateMsgErr', conn: 'out-1', notification: n });
    assert.deepEqual(d.summary(), ['send:notification(3/1)@out-1', 'close@out-1', 'down:notification-sent']);
    const down = d.actions[2];
    assert.ok(down.type === 'down' && down.reason.kind === 'notification-sent');
    assert.equal(down.reason.name, 'UPDATE Message Error / Malformed Attribute List');
  });

  for (const [what, open, code] of [
    ['wrong version', peerOpen({ version: 3 }), '2/1'],
    ['bad peer AS', peerOpen({ asn: 65099 }), '2/2'],
    ['BGP identifier 0', peerOpen({ bgpId: '0.0.0.0' }), '2/3'],
    ['hold time 2', peerOpen({ holdTime: 2 }), '2/6'],
    ['no common family', peerOpen({ families: [{ afi: 2, safi: 128 }] }), '2/7'],
  ] as const) {
    it(`OPEN with ${what} is refused with NOTIFICATION ${code}`, () => {
      const d = new Driver();
      d.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'BGPOpen', conn: 'out-1', open });
      assert.deepEqual(d.summary(d.actions.slice(2)), [`send:notification(${code})@out-1`, 'close@out-1', 'attempt-failed:notification-sent']);
      assert.equal(d.state.state, 'Idle');
    });
  }

  it('unsupported version: the data field names version 4', () => {
    const d = new Driver();
    d.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'BGPOpen', conn: 'out-1', open: peerOpen({ version: 5 }) });
    const sent = d.actions[2];
    assert.ok(sent.type === 'send' && sent.message.type === 'notification');
    assert.deepEqual([...sent.message.data], [0, 4]);
  });

  it('iBGP peer with our own BGP identifier is refused (2/3); eBGP is allowed it (RFC 6286)', () => {
    const ibgp = new Driver(config({ peerAsn: asn(65000) }));
    ibgp.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'BGPOpen', conn: 'out-1', open: peerOpen({ asn: 65000, bgpId: '10.0.0.1' }) });
    assert.ok(ibgp.summary().includes('send:notification(2/3)@out-1'));
    const ebgp = new Driver();
    ebgp.establish(peerOpen({ bgpId: '10.0.0.1' }));
    assert.equal(ebgp.state.state, 'Established');
  });

  it('4-octet AS: negotiated only if both announce it; a 2-octet peer is accepted by My AS', () => {
    const both = new Driver(config({ peerAsn: asn(4_200_000_002) }));
    both.establish(peerOpen({ asn: 4_200_000_002 }));
    assert.equal(both.state.negotiated?.fourOctetAs, true);
    assert.equal(both.state.negotiated?.peerAsn, 4_200_000_002);

    const old = new Driver(config({ localAsn: asn(4_200_000_001) }));
    old.establish(peerOpen({ asn: 65001, fourOctetAs: false }));
    assert.equal(old.state.state, 'Established');
    assert.equal(old.state.negotiated?.fourOctetAs, false);

    // a 2-octet-only peer configured toward us with AS_TRANS (its view of our 4-octet AS) is us speaking 2-octet
    const mine = new Driver(config({ fourOctetAs: false }));
    mine.establish(peerOpen());
    assert.equal(mine.state.negotiated?.fourOctetAs, false, 'we did not announce it: not negotiated');
  });

  it('a peer without Multiprotocol capabilities speaks IPv4 unicast only (RFC 4760)', () => {
    const d = new Driver();
    d.establish(peerOpen({ families: [] }));
    assert.deepEqual(d.state.negotiated?.families, [IPV4]);
  });

  it('unexpected messages are FSM errors with the RFC 6608 subcode of the state', () => {
    const sent = new Driver();
    sent.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'UpdateMsg', conn: 'out-1', update: update() });
    assert.ok(sent.summary().includes('send:notification(5/1)@out-1'));
    const confirm = new Driver();
    confirm.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'BGPOpen', conn: 'out-1', open: peerOpen() });
    confirm.feed({ type: 'UpdateMsg', conn: 'out-1', update: update() });
    assert.ok(confirm.summary().includes('send:notification(5/2)@out-1'));
    const est = new Driver();
    est.establish();
    est.feed({ type: 'BGPOpen', conn: 'out-1', open: peerOpen() });
    assert.deepEqual(est.summary(), ['send:notification(5/3)@out-1', 'close@out-1', 'down:notification-sent']);
  });

  it('route refresh requests pass up in Established; unknown subtypes are ignored (RFC 7313)', () => {
    const d = new Driver();
    d.establish();
    const rr = { type: 'route-refresh' as const, afi: 1, safi: 128, subtype: 0 };
    assert.deepEqual(d.feed({ type: 'RouteRefreshMsg', conn: 'out-1', message: rr }), [{ type: 'route-refresh', message: rr }]);
    assert.deepEqual(d.feed({ type: 'RouteRefreshMsg', conn: 'out-1', message: { ...rr, subtype: 7 } }), []);
  });

  it('ManualStop: Cease/Administrative Shutdown, down admin-stop, and no restart', () => {
    const d = new Driver();
    d.establish();
    assert.deepEqual(d.summary(d.feed({ type: 'ManualStop' })), ['send:notification(6/2)@out-1', 'close@out-1', 'down:admin-stop']);
    assert.equal(d.state.state, 'Idle');
    assert.equal(nextDeadline(d.state), undefined);
    assert.deepEqual(d.advance(600_000), []);
  });

  it('events of connections already dropped are answered by closing them, nothing else', () => {
    const d = new Driver();
    d.establish();
    assert.deepEqual(d.summary(d.feed({ type: 'KeepAliveMsg', conn: 'out-9' })), ['close@out-9']);
    assert.deepEqual(d.feed({ type: 'TcpConnectionFails', conn: 'out-9', message: 'x' }), []);
    assert.equal(d.state.state, 'Established');
  });
});

describe('bgp/session fsm: connection collisions (RFC 4271 §6.8)', () => {
  /** Our attempt out-1 is in OpenSent when the peer's in-1 arrives. */
  function collide(localId: string): Driver {
    const d = new Driver(config({ routerId: parseIpv4(localId) }));
    d.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' });
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-1' })), ['send:open@in-1']);
    assert.equal(d.state.collision?.conn, 'in-1');
    return d;
  }

  it('higher local identifier: our connection survives, the peer\'s gets Cease 6/7', () => {
    const d = collide('10.0.0.9');
    d.feed({ type: 'BGPOpen', conn: 'in-1', open: peerOpen({ bgpId: '10.0.0.2' }) });
    assert.deepEqual(d.summary(), ['send:notification(6/7)@in-1', 'close@in-1']);
    assert.equal(d.state.conn, 'out-1');
    assert.equal(d.state.state, 'OpenSent');
    d.feed({ type: 'BGPOpen', conn: 'out-1', open: peerOpen({ bgpId: '10.0.0.2' }) }, { type: 'KeepAliveMsg', conn: 'out-1' });
    assert.equal(d.state.state, 'Established');
  });

  it('lower local identifier: the peer\'s connection survives and goes on to OpenConfirm', () => {
    const d = collide('10.0.0.1');
    d.feed({ type: 'BGPOpen', conn: 'in-1', open: peerOpen({ bgpId: '10.0.0.2' }) });
    assert.deepEqual(d.summary(), ['send:notification(6/7)@out-1', 'close@out-1', 'send:keepalive@in-1']);
    assert.equal(d.state.conn, 'in-1');
    assert.equal(d.state.state, 'OpenConfirm');
    assert.equal(d.state.collision, undefined);
    d.feed({ type: 'KeepAliveMsg', conn: 'in-1' });
    assert.equal(d.state.state, 'Established');
  });

  it('resolved when the main connection is already in OpenConfirm', () => {
    const d = collide('10.0.0.1');
    d.feed({ type: 'BGPOpen', conn: 'out-1', open: peerOpen({ bgpId: '10.0.0.2' }) });
    assert.equal(d.state.state, 'OpenConfirm');
    d.feed({ type: 'BGPOpen', conn: 'in-1', open: peerOpen({ bgpId: '10.0.0.2' }) });
    assert.deepEqual(d.summary(), ['send:notification(6/7)@out-1', 'close@out-1', 'send:keepalive@in-1']);
    assert.equal(d.state.conn, 'in-1');
    assert.equal(d.state.state, 'OpenConfirm');
  });

  it('the main connection reaching Established closes the pending one', () => {
    const d = collide('10.0.0.1');
    d.feed({ type: 'BGPOpen', conn: 'out-1', open: peerOpen() }, { type: 'KeepAliveMsg', conn: 'out-1' });
    assert.deepEqual(d.summary(), ['send:keepalive@out-1', 'send:notification(6/7)@in-1', 'close@in-1', 'established']);
    assert.equal(d.state.collision, undefined);
  });

  it('the peer dropping our connection (its own resolution) promotes the other one', () => {
    const d = collide('10.0.0.1');
    d.feed({ type: 'NotifMsg', conn: 'out-1', notification: { type: 'notification', code: 6, subcode: 7, data: Buffer.alloc(0) } });
    assert.equal(d.state.conn, 'in-1');
    assert.equal(d.state.state, 'OpenSent');
    d.feed({ type: 'BGPOpen', conn: 'in-1', open: peerOpen() }, { type: 'KeepAliveMsg', conn: 'in-1' });
    assert.equal(d.state.state, 'Established');
  });

  it('Established refuses a new connection with Cease 6/7', () => {
    const d = new Driver();
    d.establish();
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-1' })), ['send:notification(6/7)@in-1', 'close@in-1']);
    assert.equal(d.state.conn, 'out-1');
  });

  it('a third connection during a collision is closed', () => {
    const d = collide('10.0.0.1');
    assert.deepEqual(d.summary(d.feed({ type: 'TcpConnectionConfirmed', conn: 'in-2' })), ['close@in-2']);
  });
});
