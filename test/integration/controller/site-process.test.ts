/**
 * The site process as the CLI uses it (contract G): started inside the site namespace with
 * OpenFlow.ini, ready when GET interface answers 200 (404 before the switch connects), BGP up
 * with no REST configuration at all, and a clean SIGTERM.
 */
import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SiteEnv, until } from './site-env.js';

const env = new SiteEnv('c');

const INI = `[Bgp]
as_number = "65001"
router_id = "10.10.10.1"
label_range_start = "1000"
label_range_end = "1999"

[Port]
port = "1"
macaddress = "00:00:00:01:01:01"
ipaddress = "192.168.0.1"
netmask = "255.255.255.252"
opposite_ipaddress = "192.168.0.2"
opposite_asnumber = "65002"
port_offload_bgp = "2"
bgp_med = "100"
bgp_local_pref = ""
bgp_filter_asnumber = ""
vrf_routeDist = ""
`;

describe('controller integration: the site process (OpenFlow.ini, readiness, SIGTERM)', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(120_000);
    await env.create({ controller: false });
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') console.log(await env.logTail(60)); // eslint-disable-line no-console
    await env.destroy();
  });

  it('answers 404 until its switch connects, then 200 (readiness through REST)', async () => {
    const ini = join(env.dir, 'OpenFlow.ini');
    await writeFile(ini, INI);
    await env.startSite(['--config', ini]);
    assert.equal((await env.rest('GET', 'interface')).status, 404);
    await env.ovs!.vsctl(['set-controller', 'br0', 'tcp:127.0.0.1:6633']);
    await env.waitSwitch();
  });

  it('applies OpenFlow.ini: the uplink exists and BGP reaches Established with no REST call', async () => {
    const ifaces = (await env.ok('GET', 'interface')).interface as Array<{ routerPort: number; routerIpAddr: string; routerMacAddr: string }>;
    assert.deepEqual(ifaces, [{ routerPort: 1, routerIpAddr: '192.168.0.1', routerMacAddr: '00:00:00:01:01:01', routeDist: '' }]);
    await env.gobgpd!.waitForState('192.168.0.1', 'established', 30_000);
    const n = (await env.ok('GET', 'neighbor')).neighbor as Array<{ peer: string; state: string; asNumber: number; med: number | null }>;
    assert.equal(n[0]?.peer, '192.168.0.2');
    assert.equal(n[0]?.asNumber, 65002);
    assert.equal(n[0]?.med, 100);
    await until('Established in GET neighbor', async () => ((await env.ok('GET', 'neighbor')).neighbor[0].state === 'Established'));
    // The same POST again is accepted (idempotent), a different one for port 1 is a conflict.
    const again = await env.rest('POST', 'bgp', { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    assert.equal(again.status, 200);
    const other = await env.rest('POST', 'bgp', { bgp: { as_number: '65009', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    assert.equal(other.status, 409);
  });

  it('logs one JSON line per event, with the session coming up', async () => {
    const lines = (await env.logTail(500)).split('\n').filter((l) => l.trim());
    for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
    const msgs = lines.map((l) => JSON.parse(l) as { msg: string });
    for (const m of ['switch connected', 'BGP configured', 'uplink configured', 'BGP session up']) {
      assert.ok(msgs.some((x) => x.msg === m), `log has "${m}"`);
    }
  });

  it('exits 0 on SIGTERM after ending the BGP session', async () => {
    const code = await env.stopSite();
    assert.equal(code, 0);
    const msgs = (await env.logTail(50)).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { msg: string });
    const names = msgs.map((m) => m.msg);
    assert.ok(names.includes('shutting down') && names.includes('stopped'), names.join(' | '));
    assert.ok(names.indexOf('shutting down') < names.indexOf('stopped'));
    await until('gobgpd to leave Established', async () => (await env.gobgpd!.neighborState('192.168.0.1')) !== 'established');
  });
});
