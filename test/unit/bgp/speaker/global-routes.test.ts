/**
 * Two of our speakers over loopback (real sockets): the global IPv4 unicast table beside
 * VPNv4 on one session — announce, MED, withdraw, route refresh, peer down.
 */
import assert from 'node:assert/strict';
import {
  BgpSpeaker,
  asn,
  formatIpv4Prefix,
  label,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  type GlobalRouteChange,
  type VrfRouteChange,
} from '../../../../bgp/index.js';
import { until } from '../../../support/until.js';

const LO = parseIpv4('127.0.0.1');

/** Polling budget of this file: 300 tries × 20 ms (two speakers over loopback settle fast). */
const POLL = { tries: 300, intervalMs: 20 };

describe('bgp/speaker global IPv4 unicast (two speakers over loopback)', function () {
  this.timeout(30_000);
  let a: BgpSpeaker;
  let b: BgpSpeaker;
  let global: GlobalRouteChange[];
  let vrf: VrfRouteChange[];

  beforeEach(async () => {
    global = [];
    vrf = [];
    a = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) }, listen: { host: '127.0.0.1', port: 0 } });
    b = new BgpSpeaker({ asn: asn(65002), routerId: parseIpv4('10.10.10.2'), labelRange: { start: label(2000), end: label(2009) } });
    a.on('global-route', (c) => global.push(c));
    a.on('vrf-route', (c) => vrf.push(c));
    a.addVrf({ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [] });
    a.addNeighbor({ address: LO, remoteAsn: asn(65002), passive: true });
    await a.start();
    b.addVrf({ rd: parseRd('65002:101'), importRts: [], exportRts: [parseRouteTarget('65001:101')] });
    b.addLocalRoute(parseRd('65002:101'), parseIpv4Prefix('150.1.0.0/24'), parseIpv4('50.1.0.2'), 'static');
    b.addGlobalRoute(parseIpv4Prefix('172.16.0.0/24'), parseIpv4('50.1.0.3'), 'static');
    b.addNeighbor({ address: LO, remoteAsn: asn(65001), port: a.listenPort, localAddress: LO, med: 20, connectRetrySeconds: 1 });
    await b.start();
    await until(() => (a.globalRib().length === 1 && a.vpnRib().length === 1 ? true : undefined), 'routes from B', POLL);
  });

  afterEach(async () => {
    await b.stop();
    await a.stop();
  });

  it('negotiates both families; the global route arrives with next hop self and MED, the VPNv4 one still works', () => {
    const fams = a.neighbors()[0]!.negotiated!.families.map((f) => `${f.afi}/${f.safi}`).sort();
    assert.deepEqual(fams, ['1/1', '1/128']);
    const [r] = a.globalRib();
    assert.equal(formatIpv4Prefix(r!.prefix), '172.16.0.0/24');
    assert.equal(r!.nexthop, LO);
    assert.equal(r!.metric, 20);
    assert.equal(r!.best, true);
    assert.deepEqual(r!.asPath, [{ type: 'sequence', asns: [65002] }]);
    assert.equal(global.length, 1);
    assert.equal(global[0]!.source, 'remote');
    assert.equal(global[0]!.withdraw, false);
    assert.equal(vrf.length, 1, 'the VPNv4 route reached the VRF');
    assert.equal(b.neighbors()[0]!.counters.prefixesAdvertised, 2);
  });

  it('MED change re-advertises; withdrawal and a new route follow; peer down withdraws', async () => {
    b.setNeighborMed(LO, 77);
    await until(() => (a.globalRib()[0]?.metric === 77 ? true : undefined), 'MED 77', POLL);
    b.addGlobalRoute(parseIpv4Prefix('172.17.0.0/16'), parseIpv4('50.1.0.3'), 'static');
    await until(() => (a.globalRib().length === 2 ? true : undefined), 'second route', POLL);
    b.removeGlobalRoute(parseIpv4Prefix('172.16.0.0/24'));
    await until(() => (a.globalRib().length === 1 ? true : undefined), 'withdrawal', POLL);
    assert.equal(formatIpv4Prefix(a.globalRib()[0]!.prefix), '172.17.0.0/16');
    assert.ok(global.some((c) => c.withdraw && formatIpv4Prefix(c.prefix) === '172.16.0.0/24'));
    await b.stop();
    await until(() => (a.globalRib().length === 0 ? true : undefined), 'peer down', POLL);
    assert.ok(global.some((c) => c.withdraw && formatIpv4Prefix(c.prefix) === '172.17.0.0/16'));
  });

  it('route refresh of IPv4 unicast makes the neighbour send its global routes again', async () => {
    const before = b.neighbors()[0]!.counters.updatesSent;
    assert.equal(a.refreshFrom(LO, 'ipv4'), true);
    await until(() => (b.neighbors()[0]!.counters.updatesSent > before ? true : undefined), 'resent UPDATE', POLL);
    assert.equal(a.globalRib().length, 1);
  });
});
