import { strict as assert } from 'node:assert';
import { hostInterfaceBody, hostRouteBodies, vrfBody } from '../../../../pseudo-wan/wan/configure.js';
import { expectedRemotePrefixes } from '../../../../pseudo-wan/wan/readiness.js';
import { crossWanPair } from '../../../../pseudo-wan/wan/start.js';
import { mapLimit, settleAll } from '../../../../pseudo-wan/wan/concurrency.js';
import { defaultWan } from '../../../../pseudo-wan/topology/default-wan.js';

describe('pseudo-wan/wan: REST bodies and readiness expectations', () => {
  const wan = defaultWan({ withSiteB: true });
  const [a, b] = wan.sites;
  const h1 = a.hosts[0];

  it('builds the host interface body the original posted (router side, bound to the VRF)', () => {
    assert.deepEqual(hostInterfaceBody(h1), {
      interface: {
        port: '3', macaddress: '00:00:00:00:00:01', ipaddress: '10.1.0.1', netmask: '255.255.255.0',
        opposite_ipaddress: '10.1.0.2', opposite_asnumber: '', port_offload_bgp: '', bgp_med: '',
        bgp_local_pref: '', bgp_filter_asnumber: '', vrf_routeDist: '65001:101',
      },
    });
  });

  it('builds one route body per LAN via the host, and the VRF body', () => {
    const routes = hostRouteBodies(h1);
    assert.equal(routes.length, 10);
    assert.deepEqual(routes[9], { route: { destination: '110.1.9.0', netmask: '255.255.255.0', nexthop: '10.1.0.2', vrf_routeDist: '65001:101' } });
    assert.deepEqual(vrfBody(b.hosts[0]), { vrf: { route_dist: '65002:101', import: '65001:101', export: '65001:101' } });
  });

  it('expects in each VRF exactly what the other site exports into it', () => {
    const onA = expectedRemotePrefixes(wan, a);
    const v101 = onA.get('65001:101');
    assert.ok(v101);
    assert.equal(v101.size, 11);
    assert.ok(v101.has('50.1.0.2/32'));
    assert.ok(v101.has('150.1.9.0/24'));
    assert.equal(onA.get('65001:102')?.size, 0);
    assert.deepEqual([...(onA.get('65001:900') ?? [])], ['172.16.2.2/32']);
    const onB = expectedRemotePrefixes(wan, b);
    assert.deepEqual([...(onB.get('65002:901') ?? [])], ['172.16.1.2/32']);
    assert.ok(onB.get('65002:201')?.has('120.1.0.0/24'));
    assert.ok(!onB.get('65002:201')?.has('120.2.0.0/24'));
  });

  it('picks host_001_101 → 50.1.0.2 as the cross-WAN ping', () => {
    const pair = crossWanPair(wan);
    assert.equal(pair?.from, 'host_001_101');
    assert.equal(pair?.to, '50.1.0.2');
    assert.equal(crossWanPair(defaultWan({ withSiteB: false })), undefined);
  });

  it('mapLimit keeps order, bounds concurrency and rejects with the first failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return n * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
    assert.equal(peak, 3);
    await assert.rejects(mapLimit([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('two'); return n; }), /two/);
  });

  it('settleAll waits for every sibling before rejecting with the first failure', async () => {
    let slowDone = false;
    const slow = new Promise<number>((r) => setTimeout(() => { slowDone = true; r(1); }, 30));
    await assert.rejects(settleAll([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))]), /first/);
    assert.equal(slowDone, true);
    assert.deepEqual(await settleAll([Promise.resolve(1), Promise.resolve(2)]), [1, 2]);
  });
});
