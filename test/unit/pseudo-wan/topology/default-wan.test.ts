import { strict as assert } from 'node:assert';
import { defaultWan, hostNetmask, siteAHosts } from '../../../../pseudo-wan/topology/default-wan.js';
import { hostNetns, siteNetns } from '../../../../pseudo-wan/topology/model.js';

describe('pseudo-wan/topology/default-wan', () => {
  const wan = defaultWan({ withSiteB: true });
  const [a, b] = wan.sites;

  it('site A has the original ten hosts, named host_NNN_RRR in creation order', () => {
    const names = siteAHosts('65001').map((h) => h.name);
    assert.deepEqual(names, [
      'host_001_101', 'host_002_102', 'host_003_103',
      'host_004_201', 'host_005_202', 'host_006_203',
      'host_007_301', 'host_008_302',
      'host_009_401', 'host_010_402',
    ]);
  });

  it('gives host i of a group connect prefix + i·65536, router .1, host .2, port 3.., MAC 00:00:00:00:00:0N', () => {
    const hosts = siteAHosts('65001');
    const h2 = hosts[1];
    assert.equal(h2.hostIp, '10.2.0.2');
    assert.equal(h2.routerIp, '10.2.0.1');
    assert.equal(h2.port, 4);
    assert.equal(h2.routerMac, '00:00:00:00:00:02');
    assert.equal(hostNetmask(h2), '255.255.255.0');
    const h10 = hosts[9];
    assert.equal(h10.name, 'host_010_402');
    assert.equal(h10.hostIp, '40.2.0.2');
    assert.equal(h10.port, 12);
    assert.equal(h10.routerMac, '00:00:00:00:00:0a');
    assert.equal(hosts[6].hostIp, '30.1.0.2');
  });

  it('gives each host ten LANs local + 256·k + 1 /24 and a static route to each, RD = RT', () => {
    const h1 = siteAHosts('65001')[0];
    assert.equal(h1.lans.length, 10);
    assert.equal(h1.lans[0], '110.1.0.1/24');
    assert.equal(h1.lans[9], '110.1.9.1/24');
    assert.deepEqual(h1.routes.slice(0, 2), ['110.1.0.0/24', '110.1.1.0/24']);
    assert.deepEqual(h1.vrf, { rd: '65001:101', importRts: ['65001:101'], exportRts: ['65001:101'] });
    assert.equal(h1.redistributeConnected, true);
    const h6 = siteAHosts('65001')[5];
    assert.equal(h6.lans[3], '120.3.3.1/24');
    assert.equal(h6.vrf.rd, '65001:203');
  });

  it('site A uses the original OpenFlow.ini values, dpid 1, REST 8080', () => {
    assert.equal(a.id, 'a');
    assert.equal(a.dpid, '0000000000000001');
    assert.equal(a.restPort, 8080);
    assert.equal(a.bgp.as_number, '65001');
    assert.equal(a.uplink.ipaddress, '192.168.0.1');
    assert.equal(a.uplink.bgp_med, '100');
  });

  it('site B mirrors the uplink: AS 65002, router-id 10.10.10.2, labels 2000–2999, REST 8081', () => {
    assert.equal(b.dpid, '0000000000000002');
    assert.equal(b.restPort, 8081);
    assert.deepEqual(b.bgp, { as_number: '65002', router_id: '10.10.10.2', label_range_start: '2000', label_range_end: '2999' });
    assert.equal(b.uplink.ipaddress, '192.168.0.2');
    assert.equal(b.uplink.opposite_ipaddress, '192.168.0.1');
    assert.equal(b.uplink.opposite_asnumber, '65001');
    assert.equal(b.uplink.macaddress, '00:00:00:02:02:02');
  });

  it('site B has one host per first-RD VPN of site A, in that VPN, plus red and blue', () => {
    const byName = new Map(b.hosts.map((h) => [h.name, h]));
    const b01 = byName.get('host_b01_101');
    assert.ok(b01);
    assert.equal(b01.hostIp, '50.1.0.2');
    assert.deepEqual(b01.lans.slice(0, 1), ['150.1.0.1/24']);
    assert.equal(b01.lans[9], '150.1.9.1/24');
    assert.deepEqual(b01.vrf, { rd: '65002:101', importRts: ['65001:101'], exportRts: ['65001:101'] });
    assert.equal(byName.get('host_b02_201')?.hostIp, '60.1.0.2');
    assert.equal(byName.get('host_b03_301')?.vrf.importRts[0], '65001:301');
    assert.equal(byName.get('host_b04_401')?.lans[0], '180.1.0.1/24');
    assert.equal(byName.get('host_red_b')?.hostIp, '172.16.2.2');
    assert.equal(byName.get('host_blue_b')?.hostIp, '172.16.2.2');
    assert.deepEqual(byName.get('host_red_b')?.vrf.importRts, ['65000:900']);
    assert.deepEqual(byName.get('host_blue_b')?.vrf.exportRts, ['65000:901']);
  });

  it('red and blue on site A share one address in different VRFs', () => {
    const red = a.hosts.find((h) => h.name === 'host_red_a');
    const blue = a.hosts.find((h) => h.name === 'host_blue_a');
    assert.equal(red?.hostIp, '172.16.1.2');
    assert.equal(blue?.hostIp, '172.16.1.2');
    assert.notEqual(red?.vrf.rd, blue?.vrf.rd);
    assert.notEqual(red?.port, blue?.port);
  });

  it('ports and names are unique within each site', () => {
    for (const site of wan.sites) {
      assert.equal(new Set(site.hosts.map((h) => h.port)).size, site.hosts.length);
      assert.equal(new Set(site.hosts.map((h) => h.routerMac)).size, site.hosts.length);
    }
    const all = wan.sites.flatMap((s) => s.hosts.map((h) => h.name));
    assert.equal(new Set(all).size, all.length);
  });

  it('builds site A alone (no red/blue) when the peer is external', () => {
    const alone = defaultWan({ withSiteB: false });
    assert.equal(alone.sites.length, 1);
    assert.equal(alone.sites[0].hosts.length, 10);
  });

  it('names namespaces: pw-a, and hosts by their own name only with the default prefix', () => {
    assert.equal(siteNetns('pw', a), 'pw-a');
    assert.equal(hostNetns('pw', a.hosts[0]), 'host_001_101');
    assert.equal(hostNetns('pwt1', a.hosts[0]), 'pwt1-host_001_101');
  });
});
