/**
 * The LOCAL_PREF import policy (`bgp_local_pref` narrowed by `bgp_filter_asnumber`) against real
 * gobgpd peers. gobgpd A (AS 65002) and gobgpd B (AS 65003) each sit in a namespace behind a
 * veth; both announce 110.1.0.0/24 into the same VPN, A with the longer AS path. Both
 * neighbours carry the same policy, "local-pref 200 for routes whose first AS is 65002": only
 * A's routes match (gobgpd prepends its own AS on eBGP), and A's path wins by local-pref. Then
 * the same through the controller: the [Port] section / POST interface strings, parsed as the
 * REST layer and OpenFlow.ini do, reach the speaker, and GET vrf / rib show the value.
 */
import assert from 'node:assert/strict';
import { deleteNetns } from '../../../pseudo-wan/system/index.js';
import { createPeerNamespace, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';
import { BgpSpeaker, asn, formatIpv4, formatIpv4Prefix, formatRd, label, parseIpv4, parseRd, parseRouteTarget, type RouteView } from '../../../bgp/index.js';
import { Router } from '../../../controller/router/router.js';
import { interfaceSectionSchema } from '../../../controller/config/interface-section.js';
import { until } from '../../support/until.js';

const tag = process.pid % 100000;
const VRF = parseRd('65001:101');
const VPN_RT = '65010:101';

/** One gobgpd behind its own veth; root side .1, gobgpd side .2 of the /30. */
const SITES = [
  { name: 'A', ns: `aspa${tag}`, net: '10.255.231', asn: 65002 },
  { name: 'B', ns: `aspb${tag}`, net: '10.255.232', asn: 65003 },
] as const;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('bgp integration: LOCAL_PREF import policy with real gobgpd peers', function () {
  this.timeout(180_000);
  const daemons: Gobgpd[] = [];
  const peers: PeerNamespace[] = [];
  let speaker: BgpSpeaker | undefined;
  let router: Router | undefined;

  before(async () => {
    for (const s of SITES) {
      // net.1 ours, net.2 gobgpd's; leftovers of a crashed run go first.
      peers.push(await createPeerNamespace(s.ns, `${s.net}.0`));
      const g = await startGobgpd({
        netns: s.ns,
        dir: `/tmp/asp-${process.pid}-gobgpd-${s.name}`,
        asn: s.asn,
        routerId: `${s.net}.2`,
        listenAddresses: [`${s.net}.2`],
        neighbors: [{ address: `${s.net}.1`, asn: 65001, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 9, idleHoldAfterReset: 1 }],
      });
      daemons.push(g);
    }
    const [a, b] = daemons as [Gobgpd, Gobgpd];
    // A: AS path 65010 before gobgpd prepends 65002 (2 hops); B: just 65003 (1 hop), so B is
    // better on AS path length. Different RDs: the two paths meet in our VRF.
    await a.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '110.1.0.0/24', 'label', '3001', 'rd', '65010:1', 'rt', VPN_RT, 'nexthop', '10.255.231.2', 'aspath', '65010']);
    await b.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '110.1.0.0/24', 'label', '4001', 'rd', '65010:2', 'rt', VPN_RT, 'nexthop', '10.255.232.2']);
    await b.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '110.2.0.0/24', 'label', '4002', 'rd', '65010:2', 'rt', VPN_RT, 'nexthop', '10.255.232.2', 'aspath', '65002']);
  });

  afterEach(async () => {
    await speaker?.stop();
    speaker = undefined;
    await router?.stop();
    router = undefined;
  });

  after(async () => {
    for (const g of daemons) await g.stop();
    // By name, so a namespace whose createPeerNamespace failed half-way goes too (deleteNetns is idempotent).
    for (const p of peers) await p.remove();
    for (const s of SITES) await deleteNetns(s.ns);
  });

  it('speaker: the policy sets local-pref on A\'s routes only (first AS 65002), and A wins by local-pref', async () => {
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) }, listen: false });
    speaker.addVrf({ rd: VRF, importRts: [parseRouteTarget(VPN_RT)], exportRts: [parseRouteTarget('65001:101')] });
    for (const s of SITES) {
      speaker.addNeighbor({
        address: parseIpv4(`${s.net}.2`),
        remoteAsn: asn(s.asn),
        localAddress: parseIpv4(`${s.net}.1`),
        localPref: 200,
        localPrefFirstAs: asn(65002),
        holdTime: 9,
        connectRetrySeconds: 1,
      });
    }
    await speaker.start();
    const sp = speaker;
    const rows = await until(() => {
      const r = sp.vrfRoutes(VRF);
      return r.length === 3 ? r : undefined;
    }, 'three paths in the VRF', { tries: 300 });
    const show = (r: RouteView) => [formatIpv4Prefix(r.prefix), formatRd(r.routeDist), formatIpv4(r.peer!), r.asPath.flatMap((x) => x.asns).join(' '), r.localPref, r.best, r.best ? r.reason : '-'];
    assert.deepEqual(rows.map(show).sort(), [
      // A's path: first AS 65002 → 200; beats B's shorter path on local-pref.
      ['110.1.0.0/24', '65010:1', '10.255.231.2', '65002 65010', 200, true, 'local-pref'],
      // B's paths start with 65003 (even the one that holds 65002 later): untouched.
      ['110.1.0.0/24', '65010:2', '10.255.232.2', '65003', undefined, false, '-'],
      ['110.2.0.0/24', '65010:2', '10.255.232.2', '65003 65002', undefined, true, 'only-path'],
    ]);
  });

  it('controller: bgp_local_pref + bgp_filter_asnumber from POST interface / OpenFlow.ini reach the speaker; GET vrf and rib show the value', async () => {
    const site = SITES[0];
    const uplink = interfaceSectionSchema.parse({
      port: '1',
      macaddress: '00:00:00:01:01:01',
      ipaddress: `${site.net}.1`,
      netmask: '255.255.255.252',
      opposite_ipaddress: `${site.net}.2`,
      opposite_asnumber: String(site.asn),
      port_offload_bgp: '2',
      bgp_med: '100',
      bgp_local_pref: '300',
      bgp_filter_asnumber: '65002',
    });
    router = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await router.configureBgp({ asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    await router.addVrf({ rd: VRF, importRts: [parseRouteTarget(VPN_RT)], exportRts: [parseRouteTarget('65001:101')] });
    await router.addInterface(uplink);
    const r = router;
    const vrfRoute = await until(() => r.vrfs().find((v) => v.routeDist === '65001:101')?.routes.find((x) => x.prefix === '110.1.0.0/24'), 'the route in GET vrf', { tries: 300 });
    assert.deepEqual([vrfRoute.localPref, vrfRoute.asPath, vrfRoute.nexthop, vrfRoute.best], [300, '65002 65010', '10.255.231.2', true]);
    const ribRoute = r.rib().find((x) => x.prefix === '110.1.0.0/24' && x.routeDist === '65010:1');
    assert.equal(ribRoute?.localPref, 300);
  });
});
