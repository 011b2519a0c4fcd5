/** The Adj-RIB-In dump a collector gets on connect: re-encoded UPDATEs decode to the held paths. */
import { strict as assert } from 'node:assert';
import { adjRibInUpdates } from '../../../../bgp/bmp/index.js';
import { decodeMessage } from '../../../../bgp/wire/index.js';
import { formatIpv4, formatIpv4Prefix, formatRd, formatRouteTarget } from '../../../../bgp/types/index.js';
import { addPeer, attrs, ip, lbl, makeRib, pfx, rd } from '../rib/helpers.js';

describe('bgp/bmp Adj-RIB-In replay', () => {
  it('every held path, grouped by shared attributes, with its RD, labels, next hop, MED and RTs', () => {
    const { rib } = makeRib();
    const peer = addPeer(rib, '192.168.0.2', 65002);
    const a = attrs(rib, { med: 7, rts: ['65001:101'] });
    const b = attrs(rib, { nextHop: ip('192.168.0.9'), rts: ['65001:102', '65001:103'] });
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2001), a);
    rib.announce(peer, rd('65002:1'), pfx('150.1.1.0/24'), lbl(2002), a);
    rib.announce(peer, rd('65002:2'), pfx('150.2.0.0/16'), lbl(2003), b);
    rib.announce(peer, rd('65002:2'), pfx('150.9.0.0/16'), lbl(2009), b);
    rib.withdraw(peer, rd('65002:2'), pfx('150.9.0.0/16'));

    const frames = adjRibInUpdates(rib.adjRibIn(peer)!, { fourOctetAs: true });
    assert.equal(frames.length, 2);
    const seen: string[] = [];
    for (const f of frames) {
      const u = decodeMessage(f, { fourOctetAs: true });
      assert.ok(u.type === 'update');
      const reach = u.attributes.mpReach;
      assert.ok(reach?.kind === 'vpnv4');
      const rts = (u.attributes.extendedCommunities ?? []).map((c) => (c.type === 'route-target' ? formatRouteTarget(c.routeTarget) : '?')).join(',');
      for (const n of reach.nlri) {
        seen.push(`${formatRd(n.rd)} ${formatIpv4Prefix(n.prefix)} ${n.labels.join(',')} nh ${formatIpv4(reach.nextHop)} med ${u.attributes.med ?? '-'} rt ${rts} path ${JSON.stringify(u.attributes.asPath)}`);
      }
    }
    const path = JSON.stringify([{ type: 'sequence', asns: [65002] }]);
    assert.deepEqual(seen.sort(), [
      `65002:1 150.1.0.0/24 2001 nh 192.168.0.2 med 7 rt 65001:101 path ${path}`,
      `65002:1 150.1.1.0/24 2002 nh 192.168.0.2 med 7 rt 65001:101 path ${path}`,
      `65002:2 150.2.0.0/16 2003 nh 192.168.0.9 med - rt 65001:102,65001:103 path ${path}`,
    ]);
  });

  it('an empty Adj-RIB-In dumps nothing', () => {
    const { rib } = makeRib();
    const peer = addPeer(rib, '192.168.0.2', 65002);
    assert.deepEqual(adjRibInUpdates(rib.adjRibIn(peer)!, { fourOctetAs: true }), []);
  });
});
