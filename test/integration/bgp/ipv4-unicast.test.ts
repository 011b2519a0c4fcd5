/**
 * The global table over IPv4 unicast between our speaker (root namespace) and a real gobgpd in
 * a namespace, on the same session as VPNv4: our global route reaches gobgpd with next hop =
 * our address and the MED, gobgpd's reaches our global table, withdrawals both ways, and VPNv4
 * keeps working beside it.
 */
import assert from 'node:assert/strict';
import { deleteNetns } from '../../../pseudo-wan/system/index.js';
import { createPeerNamespace, gobgpRib, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';
import {
  BgpSpeaker,
  asn,
  formatIpv4,
  formatIpv4Prefix,
  label,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  type GlobalRouteChange,
} from '../../../bgp/index.js';
import { until } from '../../support/until.js';

const tag = process.pid % 100000;
const NS = `v4${tag}`;
const OURS = '10.255.233.1';
const THEIRS = '10.255.233.2';
const DIR = `/tmp/v4-${process.pid}-gobgpd`;

describe('bgp integration: IPv4 unicast (global table) with a real gobgpd', function () {
  this.timeout(120_000);
  let gobgpd: Gobgpd | undefined;
  let peer: PeerNamespace | undefined;
  let speaker: BgpSpeaker | undefined;
  const changes: GlobalRouteChange[] = [];

  before(async () => {
    // Veth v4<tag>0 (ours, OURS) ↔ v4<tag>1 (gobgpd's, THEIRS) on the /30; leftovers of a crashed run go first.
    peer = await createPeerNamespace(NS, '10.255.233.0');
    gobgpd = await startGobgpd({
      netns: NS,
      dir: DIR,
      asn: 65002,
      routerId: '10.10.10.2',
      listenAddresses: [THEIRS],
      neighbors: [{ address: OURS, asn: 65001, families: ['ipv4-unicast', 'l3vpn-ipv4-unicast'], passive: true, holdTime: 9 }],
    });
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    speaker.on('global-route', (c) => changes.push(c));
    speaker.addVrf({ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [parseRouteTarget('65001:101')] });
    speaker.addNeighbor({ address: parseIpv4(THEIRS), remoteAsn: asn(65002), localAddress: parseIpv4(OURS), med: 120, holdTime: 9, connectRetrySeconds: 1 });
    await speaker.start();
    await gobgpd.waitForState(OURS, 'established');
  });

  after(async () => {
    await speaker?.stop();
    await gobgpd?.stop();
    // Deletes the namespace by name if createPeerNamespace failed half-way.
    await (peer ? peer.remove() : deleteNetns(NS));
  });

  it('negotiates IPv4 unicast beside VPNv4', () => {
    const fams = speaker!.neighbors()[0]!.negotiated!.families.map((f) => `${f.afi}/${f.safi}`).sort();
    assert.deepEqual(fams, ['1/1', '1/128']);
  });

  it('our global route reaches gobgpd with next hop = our address, the MED and our AS', async () => {
    const g = gobgpd!;
    speaker!.addGlobalRoute(parseIpv4Prefix('172.20.0.0/16'), parseIpv4('192.0.2.9'), 'static');
    const rib = await until(async () => {
      const r = await gobgpRib(g, 'ipv4');
      return r.has('172.20.0.0/16') ? r : undefined;
    }, 'our route in gobgpd');
    const p = rib.get('172.20.0.0/16')!;
    const text = JSON.stringify(p.attrs);
    assert.ok(p.attrs.some((a) => a.type === 3 && a.nexthop === OURS), `next hop ${text}`);
    assert.ok(p.attrs.some((a) => a.type === 4 && a.metric === 120), `MED ${text}`);
    assert.ok(p.attrs.some((a) => a.type === 2 && JSON.stringify(a.as_paths).includes('"asns":[65001]')), `AS path ${text}`);
    assert.equal((await gobgpRib(g, 'vpnv4')).size, 0, 'not announced as VPNv4');
  });

  it("gobgpd's route reaches our global table, and nothing else", async () => {
    const g = gobgpd!;
    const s = speaker!;
    await g.gobgp(['global', 'rib', 'add', '10.99.0.0/16', '-a', 'ipv4', 'med', '7']);
    await until(() => (s.globalRib().some((r) => formatIpv4Prefix(r.prefix) === '10.99.0.0/16') ? true : undefined), 'route from gobgpd');
    const r = s.globalRib().find((x) => formatIpv4Prefix(x.prefix) === '10.99.0.0/16')!;
    assert.equal(formatIpv4(r.nexthop), THEIRS);
    assert.equal(r.metric, 7);
    assert.equal(r.source, 'remote');
    assert.deepEqual(r.asPath, [{ type: 'sequence', asns: [65002] }]);
    await until(() => (changes.some((c) => formatIpv4Prefix(c.prefix) === '10.99.0.0/16') ? true : undefined), 'global-route event');
    const c = changes.find((x) => formatIpv4Prefix(x.prefix) === '10.99.0.0/16')!;
    assert.equal(c.withdraw, false);
    assert.equal(c.peer, parseIpv4(THEIRS));
    assert.equal(s.vrfRoutes(parseRd('65001:101')).length, 0);
    assert.equal(s.vpnRib().length, 0);
  });

  it('VPNv4 keeps working on the same session', async () => {
    const g = gobgpd!;
    const s = speaker!;
    await g.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '150.1.0.0/24', 'label', '2001', 'rd', '65002:101', 'rt', '65001:101', 'nexthop', THEIRS]);
    await until(() => (s.vrfRoutes(parseRd('65001:101')).length === 1 ? true : undefined), 'VPNv4 route in the VRF');
    s.addLocalRoute(parseRd('65001:101'), parseIpv4Prefix('110.1.0.0/24'), parseIpv4('10.1.0.2'), 'static');
    await until(async () => ((await gobgpRib(g, 'vpnv4')).has('65001:101:110.1.0.0/24') ? true : undefined), 'our VPNv4 route in gobgpd');
    assert.ok(!s.globalRib().some((r) => formatIpv4Prefix(r.prefix) === '150.1.0.0/24'));
  });

  it('withdrawals both ways', async () => {
    const g = gobgpd!;
    const s = speaker!;
    changes.length = 0;
    await g.gobgp(['global', 'rib', 'del', '10.99.0.0/16', '-a', 'ipv4']);
    await until(() => (changes.some((c) => c.withdraw && formatIpv4Prefix(c.prefix) === '10.99.0.0/16') ? true : undefined), 'withdraw event');
    assert.ok(!s.globalRib().some((r) => formatIpv4Prefix(r.prefix) === '10.99.0.0/16'));
    s.removeGlobalRoute(parseIpv4Prefix('172.20.0.0/16'));
    await until(async () => ((await gobgpRib(g, 'ipv4')).has('172.20.0.0/16') ? undefined : true), 'withdraw in gobgpd');
    assert.ok((await gobgpRib(g, 'vpnv4')).has('65001:101:110.1.0.0/24'), 'the VPNv4 route stays');
  });
});
