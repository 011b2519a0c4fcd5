import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asn, parseIpv4, parseRd, parseRouteTarget } from '../../../controller/index.js';
import { FakeController, FIXTURE } from '../rest/fake-controller.js';
import { serve, type TestServer } from '../rest/serve.js';

const SCRIPTS = fileURLToPath(new URL('../../../scripts/', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile('sh', [SCRIPTS + script, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Replaces the banner's timestamp, so the layout is compared, not the clock. */
const normalise = (text: string) => text.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} : /m, 'TIME : ');

const BANNER = (title: string) => `+++++++++++++++++++++++++++++++\nTIME : ${title}\n+++++++++++++++++++++++++++++++\n`;

const ROUTE_LEGEND =
  'Status codes: * valid, > best\n' +
  'Origin codes: i - IGP, e - EGP, ? - incomplete\n' +
  '     Network                          Labels   Next Hop             Reason          Metric LocPrf Path\n';

/** Expected output of each show script for FIXTURE, in the original's layouts. */
const EXPECTED: Record<string, string> = {
  'get_peer_status.sh':
    BANNER('Peer Status') +
    'occurTime            status    myPeer             remotePeer         asNumber\n' +
    '-------------------- --------- ------------------ ------------------ --------\n' +
    '2015/09/22 20:51:11  Peer Up   10.10.10.1         192.168.0.2        65002\n' +
    '2015/09/22 21:00:00  Peer Down 10.10.10.1         192.168.0.2        65002\n',
  'get_interface.sh':
    BANNER('PortTable') +
    'portNo   IpAddress       MacAddress        RouteDist\n' +
    '-------- --------------- ----------------- ---------\n' +
    '       1 192.168.0.1     00:00:00:01:01:01 \n' +
    '       3 10.1.0.1        00:00:00:00:00:01 65001:101\n' +
    '       c 40.2.0.1        00:00:00:00:00:0a 65001:402\n',
  'get_arp.sh':
    BANNER('ArpTable ') +
    'portNo   MacAddress        IpAddress\n' +
    '-------- ----------------- ------------\n' +
    '       1 7c:c3:a1:87:8f:65 192.168.0.2\n' +
    '       3 c2:00:31:6c:7d:04 10.1.0.2\n' +
    '       c 92:2f:1b:71:43:9b 40.2.0.2\n',
  'get_mpls.sh':
    BANNER('MplsTable ') +
    'routeDist  prefix             nexthop          label\n' +
    '---------- ------------------ ---------------- -----\n' +
    '65001:101  10.1.0.2/32        0.0.0.0          1000 \n' +
    '65001:101  110.1.0.0/24       10.1.0.2         1001 \n',
  'get_route.sh':
    BANNER('RoutingTable ') +
    'destination     netmask         nexthop\n' +
    '--------------- --------------- ---------------\n' +
    '0.0.0.0         0.0.0.0         192.168.0.2    \n',
  'get_port_stats.sh':
    BANNER('PortStats') +
    'portNo   rxPackets rxBytes  rxErrors txPackets txBytes  txErrors\n' +
    '-------- --------- -------- -------- --------- -------- --------\n' +
    '       1       529    42178        0       887   101990        0\n' +
    '       a        42     2188        0        38     1908        0\n' +
    'fffffffe 3000000000 5000000000        0         0        0        0\n',
  'get_flow_stats.sh':
    BANNER('FlowStats') +
    'destination(label) packets    bytes\n' +
    '------------------ ---------- ----------\n' +
    '1000                       72       7344\n' +
    '130.1.5.0/24                0          0\n' +
    '30.1.0.2                   72       7056\n',
  'get_vrf.sh':
    BANNER('Show vrf ') +
    ROUTE_LEGEND +
    "VPN: ('65001:101', 'ipv4')\n" +
    ' *>  130.1.7.0/24                     [2001]   192.168.0.2          Only Path       100           65002 ?\n' +
    ' *>  10.1.0.2/32                      [1000]   0.0.0.0              Only Path                     ?\n' +
    "VPN: ('65001:102', 'ipv4')\n" +
    ' *   50.1.0.0/24                      None     192.168.0.2          MED             200    100    65002 65003 i\n' +
    '\n',
  'get_rib.sh':
    BANNER('Show rib ') +
    ROUTE_LEGEND +
    'Family: vpnv4\n' +
    ' *>  65001:101:130.1.7.0/24           [2001]   192.168.0.2          Only Path       100           65002 ?\n' +
    ' *>  65001:101:10.1.0.2/32            [1000]   0.0.0.0              Only Path                     ?\n' +
    ' *   65001:102:50.1.0.0/24            None     192.168.0.2          MED             200    100    65002 65003 i\n' +
    '\n',
  'get_neighbor.sh':
    BANNER('Show neighbor ') +
    'peer               asNumber   state        uptime   updIn    updOut   pfxIn    pfxOut   capabilities\n' +
    '------------------ ---------- ------------ -------- -------- -------- -------- -------- ------------\n' +
    '192.168.0.2        65002      Established       120        4        3       22       21 mp-bgp vpnv4, route-refresh, 4-octet-as\n',
};

describe('scripts: show scripts against the REST app', () => {
  let fake: FakeController;
  let server: TestServer;
  let env: Record<string, string>;
  before(async () => {
    server = await serve({ datapaths: () => [1n], router: (d) => fake.router(d) });
    env = { PSEUDO_WAN_URL: server.url };
  });
  beforeEach(() => {
    fake = new FakeController();
  });
  after(() => server.close());

  for (const [script, expected] of Object.entries(EXPECTED)) {
    it(`${script} prints the original's layout`, async () => {
      const r = await run(script, [], env);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      assert.equal(normalise(r.stdout), expected);
    });
  }

  it('--json passes the REST reply through', async () => {
    const r = await run('get_mpls.sh', ['--json'], env);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).mpls, FIXTURE.mpls);
  });

  it('DPID selects the switch; an unknown one fails with one line', async () => {
    const r = await run('get_interface.sh', [], { ...env, DPID: '0000000000000002' });
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /404.*unknown datapath/);
  });

  it('a server that is down: one line, non-zero exit', async () => {
    const down = await serve(new FakeController());
    const url = down.url;
    await down.close();
    for (const script of ['get_peer_status.sh', 'get_vrf.sh', 'put_ping.sh']) {
      const args = script === 'put_ping.sh' ? ['10.1.0.2', '3', 'x'] : [];
      const r = await run(script, args, { PSEUDO_WAN_URL: url });
      assert.notEqual(r.code, 0, script);
      assert.equal(r.stdout, '', script);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /no REST server answering at http:\/\/127\.0\.0\.1:\d+/);
    }
  });

  describe('write scripts', () => {
    it('post_vrf.sh sends the body and prints the echo as the original did', async () => {
      const r = await run('post_vrf.sh', ['65001:101', '65001:101', '65001:101'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.startsWith('----------\n{\n    "id": "0000000000000001",\n'), r.stdout);
      assert.deepEqual(fake.calls, [
        { method: 'addVrf', args: [{ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [parseRouteTarget('65001:101')] }] },
      ]);
    });

    it('post_route.sh / delete_route.sh with and without a VRF', async () => {
      assert.equal((await run('post_route.sh', ['110.1.0.0', '255.255.255.0', '10.1.0.2', '65001:101'], env)).code, 0);
      assert.equal((await run('post_route.sh', ['0.0.0.0', '0.0.0.0', '192.168.0.2'], env)).code, 0);
      assert.equal((await run('delete_route.sh', ['110.1.0.0', '255.255.255.0', '65001:101'], env)).code, 0);
      assert.deepEqual(
        fake.calls.map((c) => c.method),
        ['addRoute', 'addRoute', 'deleteRoute'],
      );
      assert.equal((fake.calls[1]!.args[0] as { vrf?: unknown }).vrf, undefined);
    });

    it('delete_vrf.sh, post_bgp.sh, post_interface.sh, post_redistribute.sh, post_gateway.sh, put_neighbor.sh', async () => {
      const runs: Array<[string, string[]]> = [
        ['delete_vrf.sh', ['65001:101']],
        ['post_bgp.sh', ['65001', '10.10.10.1', '1000', '1999']],
        ['post_interface.sh', ['1', '00:00:00:01:01:01', '192.168.0.1', '255.255.255.252', '192.168.0.2', '65002', '2', '100', '', '', '']],
        ['post_redistribute.sh', ['ON', '65001:101']],
        ['post_gateway.sh', ['192.168.0.2']],
        ['put_neighbor.sh', ['192.168.0.2', '500']],
      ];
      for (const [script, args] of runs) {
        const r = await run(script, args, env);
        assert.equal(r.code, 0, `${script}: ${r.stderr}`);
      }
      assert.deepEqual(
        fake.calls.map((c) => c.method),
        ['deleteVrf', 'configureBgp', 'addInterface', 'setRedistribute', 'setGateway', 'setNeighborMed'],
      );
      assert.deepEqual(fake.calls[1]!.args[0], { asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: 1000, end: 1999 } });
      assert.deepEqual(fake.calls[5]!.args, [parseIpv4('192.168.0.2'), 500]);
    });

    it('put_ping.sh prints the result lines', async () => {
      const r = await run('put_ping.sh', ['10.1.0.2', '3', 'abcd'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.replace(/^----------\n/, '')).ping, FIXTURE.ping);
    });

    it('a rejected request: one line naming the field, non-zero exit, nothing called', async () => {
      const r = await run('post_route.sh', ['110.1.0.5', '255.255.255.0', '10.1.0.2'], env);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /HTTP 400: .*host bits.*\(field route\.destination\)/);
      assert.deepEqual(fake.calls, []);
    });

    it('arguments are sent as JSON strings, never spliced into code', async () => {
      const marker = `/tmp/scripts-pwned-${process.pid}`;
      rmSync(marker, { force: true });
      const r = await run('post_vrf.sh', [`$(touch ${marker})`, `"}, "x": {"`, `'); touch ${marker}; echo ('`], env);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /HTTP 400/);
      assert.equal(existsSync(marker), false);
      assert.deepEqual(fake.calls, []);
    });

    it('a wrong argument count prints the usage and exits 2', async () => {
      const r = await run('post_vrf.sh', ['65001:101'], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^Usage: post_vrf\.sh \[route_dist\] \[import\] \[export\]/);
      assert.deepEqual(fake.calls, []);
    });
  });
});
