/**
 * Two of our speakers over loopback (real sockets, no mocks): B exports VRF routes, A imports
 * them; MED change, local preference, route refresh, VRF removal, peer down.
 */
import assert from 'node:assert/strict';
import {
  BgpConflictError,
  BgpNotFoundError,
  BgpSpeaker,
  LabelExhaustedError,
  asn,
  formatIpv4Prefix,
  label,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  type PeerDownEvent,
  type VrfRouteChange,
} from '../../../../bgp/index.js';
import { until } from '../../../support/until.js';

const LO = parseIpv4('127.0.0.1');
const rd = parseRd;
const rt = parseRouteTarget;

/** Polling budget of this file: 300 tries × 20 ms (two speakers over loopback settle fast). */
const POLL = { tries: 300, intervalMs: 20 };

describe('bgp/speaker BgpSpeaker (two speakers over loopback)', function () {
  this.timeout(30_000);
  let a: BgpSpeaker;
  let b: BgpSpeaker;
  let aChanges: VrfRouteChange[];
  let aDowns: PeerDownEvent[];
  let batches: number;

  beforeEach(async () => {
    aChanges = [];
    aDowns = [];
    batches = 0;
    a = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) }, listen: { host: '127.0.0.1', port: 0 } });
    b = new BgpSpeaker({ asn: asn(65002), routerId: parseIpv4('10.10.10.2'), labelRange: { start: label(2000), end: label(2001) } });
    a.on('vrf-route', (c) => aChanges.push(c));
    a.on('vrf-routes', () => batches++);
    a.on('peer-down', (e) => aDowns.push(e));
    a.addVrf({ rd: rd('65001:101'), importRts: [rt('65001:101')], exportRts: [rt('65001:101')] });
    a.addNeighbor({ address: LO, remoteAsn: asn(65002), passive: true, localPref: 300 });
    await a.start();
    b.addVrf({ rd: rd('65002:101'), importRts: [rt('65001:101')], exportRts: [rt('65001:101')] });
    b.addLocalRoute(rd('65002:101'), parseIpv4Prefix('150.1.0.0/24'), parseIpv4('50.1.0.2'), 'static');
    b.addNeighbor({ address: LO, remoteAsn: asn(65001), port: a.listenPort, localAddress: LO, med: 10, connectRetrySeconds: 1 });
    await b.start();
    await until(() => (a.vrfRoutes(rd('65001:101')).length === 1 ? true : undefined), 'route from B', POLL);
  });

  afterEach(async () => {
    await b.stop();
    await a.stop();
  });

  it("imports B's exported route with B's label, next hop self, MED and our configured local preference", () => {
    const [r] = a.vrfRoutes(rd('65001:101'));
    assert.equal(formatIpv4Prefix(r!.prefix), '150.1.0.0/24');
    assert.deepEqual(r!.labels, [2000]);
    assert.equal(r!.nexthop, LO);
    assert.equal(r!.metric, 10);
    assert.equal(r!.localPref, 300);
    assert.deepEqual(r!.asPath, [{ type: 'sequence', asns: [65002] }]);
    assert.equal(aChanges.length, 1);
    assert.equal(aChanges[0]!.source, 'remote');
    const [n] = a.neighbors();
    assert.equal(n!.state, 'Established');
    assert.equal(n!.counters.prefixesReceived, 1);
    assert.equal(b.neighbors()[0]!.counters.prefixesAdvertised, 1);
  });

  it('new local routes and their removal reach the neighbour in one batch per turn', async () => {
    const batchesBefore = batches;
    b.addLocalRoute(rd('65002:101'), parseIpv4Prefix('150.1.1.0/24'), parseIpv4('50.1.0.2'), 'static');
    b.addLocalRoute(rd('65002:101'), parseIpv4Prefix('150.1.2.0/24'), parseIpv4('50.1.0.2'), 'static');
    await until(() => (a.vrfRoutes(rd('65001:101')).length === 3 ? true : undefined), 'two more routes', POLL);
    // Same attributes, same turn at B: one UPDATE, so one batch of two changes at A.
    assert.equal(batches - batchesBefore, 1);
    b.removeLocalRoute(rd('65002:101'), parseIpv4Prefix('150.1.1.0/24'));
    await until(() => (a.vrfRoutes(rd('65001:101')).length === 2 ? true : undefined), 'withdraw', POLL);
    assert.deepEqual(aChanges.slice(-1).map((c) => [formatIpv4Prefix(c.prefix), c.withdraw]), [['150.1.1.0/24', true]]);
  });

  it('changing the MED re-advertises with the new MED', async () => {
    b.setNeighborMed(LO, 77);
    await until(() => (a.vrfRoutes(rd('65001:101'))[0]?.metric === 77 ? true : undefined), 'MED 77', POLL);
  });

  it('a ROUTE-REFRESH makes the neighbour send its Adj-RIB-Out again', async () => {
    const before = b.neighbors()[0]!.counters.updatesSent;
    const markers: number[] = [];
    a.neighborSession(LO).on('route-refresh', (m) => markers.push(m.subtype));
    assert.ok(a.refreshFrom(LO));
    await until(() => (b.neighbors()[0]!.counters.updatesSent > before ? true : undefined), 'resent UPDATE', POLL);
    // Enhanced route refresh was negotiated: BoRR (1) before, EoRR (2) after (RFC 7313 §4).
    await until(() => (markers.length === 2 ? true : undefined), 'BoRR and EoRR', POLL);
    assert.deepEqual(markers, [1, 2]);
    assert.equal(a.vrfRoutes(rd('65001:101')).length, 1);
  });

  it('removing the exporting VRF withdraws its routes at the neighbour', async () => {
    b.removeVrf(rd('65002:101'));
    await until(() => (a.vrfRoutes(rd('65001:101')).length === 0 ? true : undefined), 'withdraw', POLL);
    assert.equal(b.labels.inUse, 0);
  });

  it('the neighbour stopping: peer-down with the NOTIFICATION it sent, routes withdrawn', async () => {
    await b.stop();
    const down = await until(() => aDowns[0], 'peer-down', POLL);
    assert.equal(down.peer, LO);
    assert.equal(down.reason.kind, 'notification-received');
    await until(() => (a.vrfRoutes(rd('65001:101')).length === 0 ? true : undefined), 'withdraw', POLL);
    assert.ok(aChanges.at(-1)!.withdraw);
  });

  it('typed errors: duplicate neighbour or VRF, unknown neighbour, label range exhausted', () => {
    assert.throws(() => a.addNeighbor({ address: LO, remoteAsn: asn(65002) }), BgpConflictError);
    assert.throws(() => a.addVrf({ rd: rd('65001:101'), importRts: [], exportRts: [] }), BgpConflictError);
    assert.throws(() => a.setNeighborMed(parseIpv4('10.9.9.9'), 5), BgpNotFoundError);
    // B's range 2000-2001: per-CE, one label per (VRF, next hop, origin); 2000 is taken.
    b.addLocalRoute(rd('65002:101'), parseIpv4Prefix('150.2.0.0/24'), parseIpv4('50.1.0.3'), 'static');
    assert.throws(() => b.addLocalRoute(rd('65002:101'), parseIpv4Prefix('150.3.0.0/24'), parseIpv4('50.1.0.4'), 'static'), LabelExhaustedError);
    assert.equal(b.vrfRoutes(rd('65002:101')).length, 2);
  });
});
