/**
 * VPNv4 routes between our speaker (in the test process, root namespace) and a real gobgpd in
 * a namespace, over a veth with addresses of our own: import by RT into exactly the matching
 * VRFs, export with our RD/RT/label/next hop/MED, withdrawals both ways, MED change, and the
 * peer vanishing.
 */
import assert from 'node:assert/strict';
import { deleteNetns } from '../../../pseudo-wan/system/index.js';
import { createPeerNamespace, gobgpRib, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';
import {
  BgpSpeaker,
  asn,
  formatIpv4,
  formatIpv4Prefix,
  formatRd,
  formatRouteTarget,
  label,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  type PeerDownEvent,
  type VrfRouteChange,
} from '../../../bgp/index.js';
import { until } from '../../support/until.js';

const tag = process.pid % 100000;
const NS = `bgr${tag}`;
// 100.64.0.0/10 (shared address space): nobody else's tests use it; the third octet varies by pid.
const NET = `100.64.${tag % 250}`;
const OURS = `${NET}.1`;
const THEIRS = `${NET}.2`;
const DIR = `/tmp/bgr-${process.pid}-gobgpd`;

const rd = parseRd;
const rt = parseRouteTarget;

describe('bgp integration: VPNv4 routes with a real gobgpd', function () {
  this.timeout(120_000);
  let gobgpd: Gobgpd | undefined;
  let peer: PeerNamespace | undefined;
  let speaker: BgpSpeaker | undefined;
  const changes: VrfRouteChange[] = [];
  const downs: PeerDownEvent[] = [];

  before(async () => {
    // Veth bgr<tag>0 (ours, OURS) ↔ bgr<tag>1 (gobgpd's, THEIRS) on the /30; leftovers of a crashed run go first.
    peer = await createPeerNamespace(NS, `${NET}.0`);
    gobgpd = await startGobgpd({
      netns: NS,
      dir: DIR,
      asn: 65002,
      routerId: '10.10.10.2',
      listenAddresses: [THEIRS],
      neighbors: [{ address: OURS, asn: 65001, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 9 }],
    });
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    speaker.on('vrf-route', (c) => changes.push(c));
    speaker.on('peer-down', (e) => downs.push(e));
    speaker.addVrf({ rd: rd('65001:101'), importRts: [rt('65001:101')], exportRts: [rt('65001:101')] });
    speaker.addVrf({ rd: rd('65001:102'), importRts: [rt('65001:102')], exportRts: [rt('65001:102')] });
    speaker.addVrf({ rd: rd('65001:103'), importRts: [rt('65000:900'), rt('65001:101')], exportRts: [rt('65001:103')] });
    speaker.addNeighbor({ address: parseIpv4(THEIRS), remoteAsn: asn(65002), localAddress: parseIpv4(OURS), med: 100, holdTime: 9, connectRetrySeconds: 1 });
    await speaker.start();
    await gobgpd.waitForState(OURS, 'established');
  });

  after(async () => {
    await speaker?.stop();
    await gobgpd?.stop();
    // Deletes the namespace by name if createPeerNamespace failed half-way.
    await (peer ? peer.remove() : deleteNetns(NS));
  });

  it('routes gobgpd announces land in exactly the VRFs whose import RTs match, with label, next hop and AS path', async () => {
    const g = gobgpd!;
    const s = speaker!;
    await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '150.1.0.0/24', 'label', '2001', 'rd', '65002:101', 'rt', '65001:101', 'nexthop', THEIRS]);
    await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '150.2.0.0/24', 'label', '2002', 'rd', '65002:102', 'rt', '65001:102', 'nexthop', THEIRS]);
    await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '150.9.0.0/24', 'label', '2009', 'rd', '65002:999', 'rt', '65009:1', 'nexthop', THEIRS]);
    await until(() => (s.vpnRib().length >= 3 ? true : undefined), 'three VPNv4 routes');
    await until(() => (changes.length >= 3 ? true : undefined), 'VRF events');

    const table = (r: string) => s.vrfRoutes(rd(r)).map((v) => `${formatIpv4Prefix(v.prefix)} ${v.labels.join(',')} ${formatIpv4(v.nexthop)} ${formatRd(v.routeDist)}`);
    assert.deepEqual(table('65001:101'), [`150.1.0.0/24 2001 ${THEIRS} 65002:101`]);
    assert.deepEqual(table('65001:102'), [`150.2.0.0/24 2002 ${THEIRS} 65002:102`]);
    assert.deepEqual(table('65001:103'), [`150.1.0.0/24 2001 ${THEIRS} 65002:101`]);
    const row = s.vrfRoutes(rd('65001:101'))[0]!;
    assert.deepEqual(row.asPath, [{ type: 'sequence', asns: [65002] }]);
    assert.deepEqual(row.routeTargets.map(formatRouteTarget), ['65001:101']);
    assert.equal(row.best, true);
    // 150.9.0.0/24 is in the VPNv4 RIB but in no VRF.
    assert.ok(s.vpnRib().some((v) => formatIpv4Prefix(v.prefix) === '150.9.0.0/24'));
    const events = changes.map((c) => `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)} ${c.labels.join(',')} ${c.source}${c.withdraw ? ' W' : ''}`).sort();
    assert.deepEqual(events, ['65001:101 150.1.0.0/24 2001 remote', '65001:102 150.2.0.0/24 2002 remote', '65001:103 150.1.0.0/24 2001 remote']);
    assert.ok(changes.every((c) => c.peer === parseIpv4(THEIRS) && c.nexthop === parseIpv4(THEIRS)));
  });

  it('withdrawals from gobgpd leave every VRF with withdraw events', async () => {
    const g = gobgpd!;
    const s = speaker!;
    changes.length = 0;
    await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'del', '150.1.0.0/24', 'label', '2001', 'rd', '65002:101', 'rt', '65001:101', 'nexthop', THEIRS]);
    await until(() => (changes.length >= 2 ? true : undefined), 'withdraw events');
    assert.deepEqual(changes.map((c) => `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)} ${c.withdraw}`).sort(), ['65001:101 150.1.0.0/24 true', '65001:103 150.1.0.0/24 true']);
    assert.deepEqual(s.vrfRoutes(rd('65001:101')), []);
    assert.deepEqual(s.vrfRoutes(rd('65001:103')), []);
    assert.equal(s.vrfRoutes(rd('65001:102')).length, 1);
  });

  it('our VRF prefixes reach gobgpd with our RD, RT, a label from our range, next hop = our address and the MED', async () => {
    const g = gobgpd!;
    const s = speaker!;
    changes.length = 0;
    const host = parseIpv4('10.1.0.2');
    const l32 = s.addLocalRoute(rd('65001:101'), parseIpv4Prefix('10.1.0.2/32'), host, 'connected');
    const l24 = s.addLocalRoute(rd('65001:101'), parseIpv4Prefix('110.1.0.0/24'), host, 'static');
    s.addLocalRoute(rd('65001:101'), parseIpv4Prefix('110.1.1.0/24'), host, 'static');
    assert.deepEqual([l32, l24], [1000, 1001]);
    const rib = await until(async () => {
      const r = await gobgpRib(g, 'vpnv4');
      return r.has('65001:101:110.1.1.0/24') && r.has('65001:101:10.1.0.2/32') ? r : undefined;
    }, 'our routes in gobgpd');
    for (const [key, want] of [['65001:101:10.1.0.2/32', 1000], ['65001:101:110.1.0.0/24', 1001], ['65001:101:110.1.1.0/24', 1001]] as const) {
      const p = rib.get(key)!;
      assert.deepEqual(p.nlri.labels, [want], key);
      const text = JSON.stringify(p.attrs);
      assert.ok(p.attrs.some((a) => a.type === 14 && a.nexthop === OURS), `next hop ${text}`);
      assert.ok(p.attrs.some((a) => a.type === 4 && a.metric === 100), `MED ${text}`);
      assert.ok(p.attrs.some((a) => a.type === 2 && JSON.stringify(a.as_paths).includes('65001')), `AS path ${text}`);
      assert.ok(text.includes('65001:101'), `RT ${text}`);
    }
    // Local routes are events too (the controller installs their LFIB pops by label); VRF
    // 65001:103 imports 65001:101, so it gets leaked copies with 101's labels and originVrf.
    await until(() => (changes.length >= 6 ? true : undefined), 'local events');
    assert.ok(changes.every((c) => c.source === 'local' && !c.withdraw && c.nexthop === host));
    const own = changes.filter((c) => formatRd(c.vrf) === '65001:101');
    const leaked = changes.filter((c) => formatRd(c.vrf) === '65001:103');
    assert.deepEqual(own.map((c) => c.labels[0]), [1000, 1001, 1001]);
    assert.ok(own.every((c) => c.originVrf === undefined));
    assert.deepEqual(leaked.map((c) => c.labels[0]), [1000, 1001, 1001]);
    assert.ok(leaked.every((c) => c.originVrf !== undefined && formatRd(c.originVrf) === '65001:101'));
    // The leaked copies are not advertised again under 103's RD.
    assert.ok(![...rib.keys()].some((k) => k.startsWith('65001:103:')));
  });

  it('changing the MED at run time re-advertises with the new MED', async () => {
    const g = gobgpd!;
    speaker!.setNeighborMed(parseIpv4(THEIRS), 250);
    await until(async () => {
      const p = (await gobgpRib(g, 'vpnv4')).get('65001:101:110.1.0.0/24');
      return p?.attrs.some((a) => a.type === 4 && a.metric === 250) ? true : undefined;
    }, 'MED 250 in gobgpd');
    const rib = await gobgpRib(g, 'vpnv4');
    assert.ok([...rib.values()].filter((p) => `${p.nlri.rd?.admin}:${p.nlri.rd?.assigned}` === '65001:101').every((p) => p.attrs.some((a) => a.type === 4 && a.metric === 250)));
  });

  it('a ROUTE-REFRESH we send makes gobgpd send its routes again (gobgpd\'s soft reset in sends none: it keeps an Adj-RIB-In)', async () => {
    const s = speaker!;
    const before = s.neighbors()[0]!.counters.announcements;
    assert.ok(s.refreshFrom(parseIpv4(THEIRS)));
    await until(() => (s.neighbors()[0]!.counters.announcements > before ? true : undefined), 'routes re-announced by gobgpd');
    assert.equal(s.vrfRoutes(rd('65001:102')).length, 1);
  });

  it('removing a local route withdraws it from gobgpd', async () => {
    const g = gobgpd!;
    speaker!.removeLocalRoute(rd('65001:101'), parseIpv4Prefix('110.1.1.0/24'));
    await until(async () => ((await gobgpRib(g, 'vpnv4')).has('65001:101:110.1.1.0/24') ? undefined : true), 'withdraw in gobgpd');
    const rib = await gobgpRib(g, 'vpnv4');
    assert.ok(rib.has('65001:101:110.1.0.0/24'));
    assert.ok(rib.has('65001:101:10.1.0.2/32'));
  });

  it('gobgpd killed: its routes leave every VRF and the peer-down event says why', async () => {
    const s = speaker!;
    changes.length = 0;
    assert.equal(s.vrfRoutes(rd('65001:102')).length, 1);
    await gobgpd!.kill();
    const down = await until(() => downs[0], 'peer-down');
    assert.equal(down.peer, parseIpv4(THEIRS));
    assert.equal(down.asn, 65002);
    assert.ok(['connection-closed', 'hold-timer-expired'].includes(down.reason.kind), JSON.stringify(down.reason));
    await until(() => (changes.some((c) => c.withdraw) ? true : undefined), 'withdraw events');
    assert.deepEqual(changes.map((c) => `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)} ${c.withdraw}`), ['65001:102 150.2.0.0/24 true']);
    assert.deepEqual(s.vrfRoutes(rd('65001:102')), []);
    // Our own routes stay in our VRF.
    assert.equal(s.vrfRoutes(rd('65001:101')).length, 2);
    assert.equal(s.neighbors()[0]!.counters.prefixesReceived, 0);
  });
});
