import { strict as assert } from 'node:assert';
import { hostConfigLines } from '../../../../pseudo-wan/wan/host-links.js';
import { siteAHosts } from '../../../../pseudo-wan/topology/default-wan.js';

describe('pseudo-wan/wan/host-links', () => {
  it("configures a host: lo, eth0 with its /24, default via the router, LAN bridges eth1..eth10", () => {
    const lines = hostConfigLines(siteAHosts('65001')[0]);
    assert.deepEqual(lines.slice(0, 4), ['link set lo up', 'link set eth0 up', 'addr add 10.1.0.2/24 dev eth0', 'route add default via 10.1.0.1']);
    assert.deepEqual(lines.slice(4, 7), ['link add name eth1 type bridge', 'link set eth1 up', 'addr add 110.1.0.1/24 dev eth1']);
    assert.equal(lines.at(-1), 'addr add 110.1.9.1/24 dev eth10');
    assert.equal(lines.length, 4 + 3 * 10);
  });
});
