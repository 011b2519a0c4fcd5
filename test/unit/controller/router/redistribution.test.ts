/** Redistribute connected: hosts become /32 routes while ON and while their ARP entry lives. */
import { strict as assert } from 'node:assert';
import { Redistribution, type LocalRouteSink } from '../../../../controller/router/redistribution.js';
import { formatIpv4Prefix, formatRd, label, parseIpv4, parseRd } from '../../../../controller/deps/bgp.js';
import { parseMac } from '../../../../controller/deps/openflow.js';

const quiet = { info: () => undefined, warn: () => undefined };
const RD = parseRd('65001:101');
const PORT = { port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: parseMac('00:00:00:00:00:01'), vrf: RD };
const host = (ip: string) => ({ ip: parseIpv4(ip), mac: parseMac('02:00:00:00:00:01'), port: 3, updatedAt: 0 });

function sink() {
  const routes = new Set<string>();
  const s: LocalRouteSink = {
    addLocalRoute: (rd, prefix) => {
      const k = `${formatRd(rd)} ${formatIpv4Prefix(prefix)}`;
      if (routes.has(k)) throw new Error('exists');
      routes.add(k);
      return label(1000 + routes.size);
    },
    removeLocalRoute: (rd, prefix) => void routes.delete(`${formatRd(rd)} ${formatIpv4Prefix(prefix)}`),
  };
  return { s, routes };
}

describe('controller redistribution of connected hosts', () => {
  it('originates known and later hosts while ON, withdraws them when OFF', () => {
    const r = new Redistribution(quiet);
    const { s, routes } = sink();
    r.learned(host('10.1.0.2'), PORT, s);
    assert.equal(routes.size, 0, 'OFF by default');
    r.set(RD, true, s, [{ entry: host('10.1.0.2'), port: PORT }]);
    r.learned(host('10.1.0.3'), PORT, s);
    r.learned(host('10.1.0.3'), PORT, s);
    assert.deepEqual([...routes].sort(), ['65001:101 10.1.0.2/32', '65001:101 10.1.0.3/32']);
    r.set(RD, false, s, []);
    assert.equal(routes.size, 0);
  });

  it('withdraws a host whose ARP entry aged out', () => {
    const r = new Redistribution(quiet);
    const { s, routes } = sink();
    r.set(RD, true, s, [{ entry: host('10.1.0.2'), port: PORT }, { entry: host('10.1.0.3'), port: PORT }]);
    r.forgotten(host('10.1.0.2'), s);
    assert.deepEqual([...routes], ['65001:101 10.1.0.3/32']);
  });
});
