/**
 * iBGP VPNv4 with a real gobgpd (same AS): LOCAL_PREF goes out with our routes and no AS is
 * prepended; gobgpd's routes keep the next hop it set, and the local preference configured
 * for the neighbour decides between two paths of the same prefix.
 */
import assert from 'node:assert/strict';
import { deleteNetns } from '../../../pseudo-wan/system/index.js';
import { createPeerNamespace, gobgpRib, startGobgpd, type Gobgpd, type PeerNamespace } from '../../support/gobgpd.js';
import { BgpSpeaker, asn, formatIpv4, label, parseIpv4, parseIpv4Prefix, parseRd, parseRouteTarget } from '../../../bgp/index.js';
import { until } from '../../support/until.js';

const tag = process.pid % 100000;
const NS = `bgri${tag}`;
const NET = `100.66.${tag % 250}`;
const OURS = `${NET}.1`;
const THEIRS = `${NET}.2`;

describe('bgp integration: iBGP VPNv4 with a real gobgpd', function () {
  this.timeout(120_000);
  let gobgpd: Gobgpd | undefined;
  let peer: PeerNamespace | undefined;
  let speaker: BgpSpeaker | undefined;

  before(async () => {
    // Veth bgri<tag>0 (ours, OURS) ↔ bgri<tag>1 (gobgpd's, THEIRS) on the /30; leftovers of a crashed run go first.
    peer = await createPeerNamespace(NS, `${NET}.0`);
    gobgpd = await startGobgpd({
      netns: NS,
      dir: `/tmp/bgr-${process.pid}-ibgp-gobgpd`,
      asn: 65001,
      routerId: '10.10.10.3',
      listenAddresses: [THEIRS],
      neighbors: [{ address: OURS, asn: 65001, families: ['l3vpn-ipv4-unicast'], passive: true, holdTime: 9 }],
    });
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    speaker.addVrf({ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [parseRouteTarget('65001:101')] });
    speaker.addNeighbor({ address: parseIpv4(THEIRS), remoteAsn: asn(65001), localAddress: parseIpv4(OURS), localPref: 250, holdTime: 9, connectRetrySeconds: 1 });
    await speaker.start();
    await gobgpd.waitForState(OURS, 'established');
  });

  after(async () => {
    await speaker?.stop();
    await gobgpd?.stop();
    // Deletes the namespace by name if createPeerNamespace failed half-way.
    await (peer ? peer.remove() : deleteNetns(NS));
  });

  it('our routes reach gobgpd with LOCAL_PREF, no AS prepended, next hop = our address', async () => {
    speaker!.addLocalRoute(parseRd('65001:101'), parseIpv4Prefix('110.1.0.0/24'), parseIpv4('10.1.0.2'), 'static');
    const p = await until(async () => {
      const rib = await gobgpRib(gobgpd!, 'vpnv4');
      return [...rib.values()].find((x) => x.nlri.prefix === '110.1.0.0/24');
    }, 'route in gobgpd');
    const text = JSON.stringify(p.attrs);
    assert.ok(p.attrs.some((a) => a.type === 5 && a.value === 250), `LOCAL_PREF ${text}`);
    assert.ok(p.attrs.some((a) => a.type === 14 && a.nexthop === OURS), `next hop ${text}`);
    const asPath = p.attrs.find((a) => a.type === 2);
    assert.ok(!asPath || (asPath.as_paths ?? []).every((s) => s.asns.length === 0), `AS path ${text}`);
    assert.deepEqual(p.nlri.labels, [1000]);
  });

  it("gobgpd's routes keep its next hop and get the configured local preference", async () => {
    await gobgpd!.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '150.1.0.0/24', 'label', '3001', 'rd', '65001:777', 'rt', '65001:101', 'nexthop', '10.99.0.7', 'local-pref', '90']);
    const r = await until(() => speaker!.vrfRoutes(parseRd('65001:101')).find((x) => x.source === 'remote'), 'remote route');
    assert.equal(formatIpv4(r.nexthop), '10.99.0.7');
    assert.equal(r.localPref, 250);
    assert.deepEqual(r.asPath, []);
    assert.deepEqual(r.labels, [3001]);
  });
});
