/** The Adj-RIB-In dump keeps the families apart: global IPv4 unicast paths replay as IPv4 unicast. */
import { strict as assert } from 'node:assert';
import { adjRibInUpdates } from '../../../../bgp/bmp/index.js';
import { decodeMessage } from '../../../../bgp/wire/index.js';
import { formatIpv4, formatIpv4Prefix, formatRd } from '../../../../bgp/types/index.js';
import { addPeer, attrs, ip, lbl, makeRib, pfx, rd } from '../rib/helpers.js';

describe('bgp/bmp Adj-RIB-In replay with the global table', () => {
  it('VPNv4 paths in MP_REACH, global ones in the classic NLRI field with NEXT_HOP, never as RD 0:0', () => {
    const { rib } = makeRib();
    const peer = addPeer(rib, '192.168.0.2', 65002);
    rib.announce(peer, rd('65002:1'), pfx('150.1.0.0/24'), lbl(2001), attrs(rib));
    rib.announceGlobal(peer, pfx('10.99.0.0/16'), attrs(rib, { rts: [], med: 5, nextHop: ip('192.168.0.2') }));
    const seen: string[] = [];
    for (const f of adjRibInUpdates(rib.adjRibIn(peer)!, { fourOctetAs: true })) {
      const u = decodeMessage(f, { fourOctetAs: true });
      assert.ok(u.type === 'update');
      const reach = u.attributes.mpReach;
      if (reach?.kind === 'vpnv4') for (const n of reach.nlri) seen.push(`vpnv4 ${formatRd(n.rd)} ${formatIpv4Prefix(n.prefix)}`);
      for (const n of u.nlri) seen.push(`ipv4 ${formatIpv4Prefix(n)} nh ${formatIpv4(u.attributes.nextHop!)} med ${u.attributes.med}`);
    }
    assert.deepEqual(seen.sort(), ['ipv4 10.99.0.0/16 nh 192.168.0.2 med 5', 'vpnv4 65002:1 150.1.0.0/24']);
  });
});
