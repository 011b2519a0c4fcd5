/**
 * The Router's write methods against a real in-process BgpSpeaker (no listener, no neighbour,
 * no switch): typed refusals, and a refused request changes nothing.
 */
import { strict as assert } from 'node:assert';
import { Router } from '../../../../controller/router/router.js';
import { isControllerError } from '../../../../controller/errors.js';
import { parseMacAddress } from '../../../../controller/api.js';
import { asn, ipv4Prefix, label, parseIpv4, parseRd, parseRouteTarget } from '../../../../controller/deps/bgp.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const RD = parseRd('65001:101');

async function router(): Promise<Router> {
  const r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
  await r.configureBgp({ asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1001) } });
  await r.addVrf({ rd: RD, importRts: [parseRouteTarget('65001:101')], exportRts: [parseRouteTarget('65001:101')] });
  await r.addInterface({ port: 3, macAddress: parseMacAddress('00:00:00:00:00:03'), address: parseIpv4('10.1.0.1'), prefixLength: 24, vrf: RD });
  return r;
}

async function refused(p: Promise<unknown>, kind: string, field?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isControllerError(err), String(err));
    assert.equal(err.kind, kind);
    if (field) assert.equal(err.field, field);
    return true;
  });
}

describe('controller router writes', () => {
  let r: Router | undefined;
  afterEach(async () => {
    await r?.stop();
    r = undefined;
  });

  it('refuses duplicates, unknown VRFs and ports already bound', async () => {
    r = await router();
    await refused(r.addVrf({ rd: RD, importRts: [], exportRts: [] }), 'conflict', 'vrf.route_dist');
    await refused(
      r.addInterface({ port: 4, macAddress: parseMacAddress('00:00:00:00:00:04'), address: parseIpv4('10.2.0.1'), prefixLength: 24, vrf: parseRd('65001:999') }),
      'not-found',
      'interface.vrf_routeDist',
    );
    await refused(
      r.addInterface({ port: 3, macAddress: parseMacAddress('00:00:00:00:00:09'), address: parseIpv4('10.9.0.1'), prefixLength: 24, vrf: RD }),
      'conflict',
      'interface.port',
    );
    await refused(r.deleteVrf(RD), 'conflict', 'vrf.route_dist');
    await refused(r.deleteVrf(parseRd('65001:999')), 'not-found');
    await refused(r.configureBgp({ asNumber: asn(65009), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1001) } }), 'conflict');
  });

  it('a refused route changes nothing; an exhausted label range is a conflict', async () => {
    r = await router();
    const before = JSON.stringify(r.vrfs());
    await refused(r.addRoute({ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), nexthop: parseIpv4('10.9.9.9'), vrf: RD }), 'invalid', 'route.nexthop');
    assert.equal(JSON.stringify(r.vrfs()), before);
    // Labels 1000-1001, per CE: two next hops use both, a third exhausts the range.
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), nexthop: parseIpv4('10.1.0.2'), vrf: RD });
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('110.2.0.0'), 24), nexthop: parseIpv4('10.1.0.3'), vrf: RD });
    const full = JSON.stringify(r.vrfs());
    await refused(r.addRoute({ prefix: ipv4Prefix(parseIpv4('110.3.0.0'), 24), nexthop: parseIpv4('10.1.0.4'), vrf: RD }), 'conflict');
    assert.equal(JSON.stringify(r.vrfs()), full);
    await refused(r.addRoute({ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), nexthop: parseIpv4('10.1.0.2'), vrf: RD }), 'conflict', 'route.destination');
    await r.deleteRoute({ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), vrf: RD });
    await refused(r.deleteRoute({ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), vrf: RD }), 'not-found');
    // The speaker delivers VRF changes at the end of the event-loop turn.
    await new Promise((resolve) => setImmediate(resolve));
    const mpls = r.mpls();
    assert.deepEqual(mpls.map((m) => [m.routeDist, m.prefix, m.nextHopIpAddr]), [['65001:101', '110.2.0.0/24', '10.1.0.3']]);
  });

  it('routes the global table: ports without a VRF, global statics, the gateway', async () => {
    r = await router();
    await r.addInterface({ port: 6, macAddress: parseMacAddress('00:00:00:00:00:06'), address: parseIpv4('172.30.0.1'), prefixLength: 24 });
    await refused(r.setGateway(parseIpv4('10.1.0.254')), 'invalid', 'gateway.ipaddress');
    await r.setGateway(parseIpv4('172.30.0.254'));
    await r.addRoute({ prefix: ipv4Prefix(parseIpv4('99.0.0.0'), 8), nexthop: parseIpv4('172.30.0.2') });
    assert.deepEqual(r.routes().map((x) => [x.prefix, x.nextHopIpAddr]), [['99.0.0.0/8', '172.30.0.2'], ['0.0.0.0/0', '172.30.0.254']]);
    assert.deepEqual(r.interfaces().map((i) => [i.routerPort, i.routeDist]), [[3, '65001:101'], [6, '']]);
  });

  it('needs BGP before VRFs and an uplink', async () => {
    r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await refused(r.addVrf({ rd: RD, importRts: [], exportRts: [] }), 'invalid', 'bgp');
    assert.deepEqual(r.vrfs(), []);
    assert.deepEqual(r.interfaces(), []);
  });
});
