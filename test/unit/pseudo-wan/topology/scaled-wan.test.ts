import { strict as assert } from 'node:assert';
import { parseTopology, TopologyFileError } from '../../../../pseudo-wan/topology/file.js';
import { scaledWan } from '../../../../pseudo-wan/topology/scaled-wan.js';

describe('pseudo-wan/topology/scaled-wan and file', () => {
  it('builds N hosts per site, host k of both sites in VPN k', () => {
    const wan = scaledWan({ hostsPerSite: 100 });
    assert.equal(wan.sites.length, 2);
    const [a, b] = wan.sites;
    assert.equal(a.hosts.length, 100);
    assert.equal(b.hosts.length, 100);
    assert.equal(a.hosts[99].port, 102);
    assert.equal(a.hosts[99].hostIp, '10.100.0.2');
    assert.equal(b.hosts[99].hostIp, '50.100.0.2');
    assert.deepEqual(a.hosts[5].vrf.exportRts, b.hosts[5].vrf.importRts);
    assert.notEqual(a.hosts[5].vrf.rd, b.hosts[5].vrf.rd);
  });

  it('refuses N out of range', () => {
    assert.throws(() => scaledWan({ hostsPerSite: 0 }), RangeError);
    assert.throws(() => scaledWan({ hostsPerSite: 251 }), RangeError);
  });

  it('a generated topology passes the file check (round trip through JSON)', () => {
    const wan = scaledWan({ hostsPerSite: 3, lansPerHost: 2 });
    assert.deepEqual(parseTopology(JSON.parse(JSON.stringify(wan))), wan);
  });

  it('names the bad field of a topology file', () => {
    const wan = JSON.parse(JSON.stringify(scaledWan({ hostsPerSite: 2 })));
    wan.sites[0].hosts[1].hostIp = '10.2.0.300';
    assert.throws(() => parseTopology(wan, 'x.json'), (err: Error) => err instanceof TopologyFileError && /x\.json: sites\.0\.hosts\.1\.hostIp/.test(err.message));
  });

  it('refuses duplicate host names and ports', () => {
    const wan = JSON.parse(JSON.stringify(scaledWan({ hostsPerSite: 2 })));
    wan.sites[0].hosts[1].port = wan.sites[0].hosts[0].port;
    assert.throws(() => parseTopology(wan), /port 3 appears twice/);
    const wan2 = JSON.parse(JSON.stringify(scaledWan({ hostsPerSite: 2 })));
    wan2.sites[1].hosts[0].name = wan2.sites[0].hosts[0].name;
    assert.throws(() => parseTopology(wan2), /appears twice/);
  });
});
