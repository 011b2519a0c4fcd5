/**
 * The Router's global table against a real in-process BgpSpeaker (no neighbour, no switch):
 * POST route without a VRF is announced (GET rib shows it with routeDist ""), DELETE withdraws
 * it, the gateway is forwarded but never announced (as the original), statics configured before
 * BGP are announced once BGP starts, and GET route lists received routes after ours.
 */
import { strict as assert } from 'node:assert';
import { Router } from '../../../../controller/router/router.js';
import { parseMacAddress } from '../../../../controller/api.js';
import { asn, ipv4Prefix, label, parseIpv4, parseIpv4Prefix } from '../../../../controller/deps/bgp.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const BGP = { asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1001) } };
const GLOBAL_PORT = { port: 6, macAddress: parseMacAddress('00:00:00:00:00:06'), address: parseIpv4('172.30.0.1'), prefixLength: 24 };

const ribRows = (r: Router) => r.rib().map((x) => `${x.routeDist}|${x.prefix}|${x.nexthop}|${x.labels.length}|${x.best}`);

describe('controller router: the global table over BGP', () => {
  let r: Router | undefined;
  afterEach(async () => {
    await r?.stop();
    r = undefined;
  });

  it('announces global statics, withdraws them on DELETE, and never announces the gateway', async () => {
    r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await r.configureBgp(BGP);
    await r.addInterface(GLOBAL_PORT);
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('99.0.0.0'), 8), nexthop: parseIpv4('172.30.0.2') });
    await r.setGateway(parseIpv4('172.30.0.254'));
    assert.deepEqual(ribRows(r), ['|99.0.0.0/8|172.30.0.2|0|true']);
    await r.deleteRoute({ prefix: ipv4Prefix(parseIpv4('99.0.0.0'), 8) });
    assert.deepEqual(ribRows(r), []);
    assert.deepEqual(r.routes().map((x) => x.prefix), ['0.0.0.0/0']);
  });

  it('statics configured before BGP are announced when BGP starts', async () => {
    r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await r.addInterface(GLOBAL_PORT);
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('99.0.0.0'), 8), nexthop: parseIpv4('172.30.0.2') });
    assert.deepEqual(r.rib(), []);
    await r.configureBgp(BGP);
    assert.deepEqual(ribRows(r), ['|99.0.0.0/8|172.30.0.2|0|true']);
  });

  it('GET route lists received global routes after ours', async () => {
    r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await r.configureBgp(BGP);
    await r.addInterface(GLOBAL_PORT);
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('99.0.0.0'), 8), nexthop: parseIpv4('172.30.0.2') });
    r.state.applyGlobalRoute({ prefix: parseIpv4Prefix('10.99.0.0/16'), nexthop: parseIpv4('192.168.0.2'), source: 'remote', withdraw: false }, Date.now());
    assert.deepEqual(r.routes().map((x) => [x.prefix, x.nextHopIpAddr]), [['99.0.0.0/8', '172.30.0.2'], ['10.99.0.0/16', '192.168.0.2']]);
  });
});

describe('controller router views: IPv4 unicast capability', () => {
  it('GET neighbor names the negotiated IPv4 unicast family', async () => {
    const { neighborView } = await import('../../../../controller/router/views.js');
    const row = neighborView({
      address: parseIpv4('192.168.0.2'),
      remoteAsn: asn(65002),
      state: 'Established',
      upSince: 0,
      uptimeSeconds: 1,
      negotiated: { fourOctetAs: true, families: [{ afi: 1, safi: 128 }, { afi: 1, safi: 1 }], holdTime: 90, keepaliveTime: 30, peerBgpId: parseIpv4('10.10.10.2'), peerAsn: asn(65002), routeRefresh: false, enhancedRouteRefresh: false },
      med: undefined,
      localPref: undefined,
      counters: { updatesReceived: 0, updatesSent: 0, prefixesReceived: 0, prefixesAdvertised: 0, announcements: 0, withdrawals: 0, loopsDropped: 0, notificationsSent: 0, notificationsReceived: 0, treatedAsWithdraw: 0, establishedTransitions: 1 },
      lastDownReason: undefined,
    });
    assert.deepEqual(row.capabilities, ['mp-bgp vpnv4', 'mp-bgp ipv4', '4-octet-as']);
  });
});
