/**
 * Label modes against real OVS and gobgpd: with `--label-mode per-vrf` every route of a VRF
 * shares one label, so the LFIB pops and looks the packet up again in the VRF's local routes
 * (pop_mpls, write_metadata, goto_table 3); each host still gets only its own traffic.
 */
import { strict as assert } from 'node:assert';
import { capture, SiteEnv, until } from './site-env.js';
import { injectMplsEcho, parseGobgpVpnRib } from './helpers.js';

const env = new SiteEnv('d');

function iface(port: number, ip: string, netmask: string, mac: string, opposite: string, rd: string, bgp?: { asn: string; offload: string }) {
  return {
    interface: {
      port: String(port), macaddress: mac, ipaddress: ip, netmask, opposite_ipaddress: opposite,
      opposite_asnumber: bgp?.asn ?? '', port_offload_bgp: bgp?.offload ?? '', bgp_med: bgp ? '100' : '', bgp_local_pref: '',
      bgp_filter_asnumber: '', vrf_routeDist: rd,
    },
  };
}

describe('controller integration: per-VRF labels', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(180_000);
    await env.create();
    await env.addHost(3, '10.1.0.2/24', '02:00:00:00:0d:03', '10.1.0.1');
    await env.addHost(4, '10.2.0.2/24', '02:00:00:00:0d:04', '10.2.0.1');
    await env.startSite(['--label-mode', 'per-vrf']);
    await env.waitSwitch();
    await env.ok('POST', 'bgp', { bgp: { as_number: '65001', router_id: '10.10.10.1', label_range_start: '1000', label_range_end: '1999' } });
    await env.ok('POST', 'interface', iface(1, '192.168.0.1', '255.255.255.252', '00:00:00:01:01:01', '192.168.0.2', '', { asn: '65002', offload: '2' }));
    await env.ok('POST', 'vrf', { vrf: { route_dist: '65001:101', import: '65001:101', export: '65001:101' } });
    await env.ok('POST', 'interface', iface(3, '10.1.0.1', '255.255.255.0', '00:00:00:00:00:03', '10.1.0.2', '65001:101'));
    await env.ok('POST', 'interface', iface(4, '10.2.0.1', '255.255.255.0', '00:00:00:00:00:04', '10.2.0.2', '65001:101'));
    await env.ok('POST', 'redistribute', { bgp: { redistribute: 'ON', vrf_routeDist: '65001:101' } });
  });

  after(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') console.log(await env.logTail(60)); // eslint-disable-line no-console
    await env.destroy();
  });

  it('announces both hosts with one label and delivers a labelled packet to the host its address names', async () => {
    await env.gobgpd!.waitForState('192.168.0.1', 'established', 30_000);
    const rib = await until('both host routes in gobgpd', async () => {
      const r = parseGobgpVpnRib(await env.gobgpd!.gobgpJson(['global', 'rib', '-a', 'vpnv4']));
      return ['10.1.0.2/32', '10.2.0.2/32'].every((p) => r.some((x) => x.prefix === p)) ? r : undefined;
    }, 30_000);
    const ours = rib.filter((x) => x.rd === '65001:101');
    const labels = new Set(ours.map((x) => x.labels[0]));
    assert.equal(labels.size, 1, `one label for the VRF: ${JSON.stringify(ours)}`);
    const label = [...labels][0]!;
    // Once both hosts share the label, its LFIB entry re-looks-up in the VRF.
    await until('the per-VRF LFIB entry', async () => {
      const lfib = (await env.flows('table=2')).filter((f) => f.includes(`mpls_label=${label},`));
      return lfib.length === 1 && /pop_mpls:0x0800.*write_metadata:0x[0-9a-f]+.*goto_table:3/.test(lfib[0]!);
    });

    const [h3, h4] = env.hosts;
    for (const [target, to, other] of [['10.1.0.2', h3!, h4!], ['10.2.0.2', h4!, h3!]] as const) {
      const [got, leaked] = await Promise.all([
        capture(to.netns, 'eth0', 'icmp and src host 50.1.0.9', 1, () => injectMplsEcho(env.peerNs, 'wan0', label, '50.1.0.9', target), 3000),
        capture(other.netns, 'eth0', 'icmp and src host 50.1.0.9', 1, async () => undefined, 4000),
      ]);
      assert.equal(got.length, 1, `${target} reached its host`);
      assert.equal(leaked.length, 0, `${target} did not reach the other host`);
    }
  });
});
