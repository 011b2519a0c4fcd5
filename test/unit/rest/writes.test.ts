import assert from 'node:assert/strict';
import {
  ControllerError,
  asn,
  ipv4Prefix,
  label,
  parseIpv4,
  parseMacAddress,
  parseRd,
  parseRouteTarget,
} from '../../../controller/index.js';
import { FakeController, FIXTURE, conflict } from './fake-controller.js';
import { BODIES } from './bodies-fixture.js';
import { call, P } from './http.js';
import { serve, type TestServer } from './serve.js';

describe('rest: writes', () => {
  let fake: FakeController;
  let server: TestServer;
  before(async () => {
    server = await serve({ datapaths: () => [1n], router: (d) => fake.router(d) });
  });
  beforeEach(() => {
    fake = new FakeController();
  });
  after(() => server.close());

  const cases: Array<{ name: string; method: string; path: string; body: Record<string, unknown>; calls: unknown[] }> = [
    {
      name: 'POST bgp',
      method: 'POST',
      path: 'bgp',
      body: BODIES.bgp,
      calls: [{ method: 'configureBgp', args: [{ asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } }] }],
    },
    {
      name: 'POST interface (uplink)',
      method: 'POST',
      path: 'interface',
      body: BODIES.uplink,
      calls: [
        {
          method: 'addInterface',
          args: [
            {
              port: 1,
              macAddress: parseMacAddress('00:00:00:01:01:01'),
              address: parseIpv4('192.168.0.1'),
              prefixLength: 30,
              oppositeAddress: parseIpv4('192.168.0.2'),
              bgp: { peerAsn: asn(65002), offloadPort: 2, med: 100 },
            },
          ],
        },
      ],
    },
    {
      name: 'POST interface (host port bound to a VRF)',
      method: 'POST',
      path: 'interface',
      body: BODIES.host,
      calls: [
        {
          method: 'addInterface',
          args: [
            {
              port: 3,
              macAddress: parseMacAddress('00:00:00:00:00:01'),
              address: parseIpv4('10.1.0.1'),
              prefixLength: 24,
              oppositeAddress: parseIpv4('10.1.0.2'),
              vrf: parseRd('65001:101'),
            },
          ],
        },
      ],
    },
    {
      name: 'POST vrf',
      method: 'POST',
      path: 'vrf',
      body: BODIES.vrf,
      calls: [{ method: 'addVrf', args: [{ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [parseRouteTarget('65001:101')] }] }],
    },
    { name: 'DELETE vrf', method: 'DELETE', path: 'vrf', body: { vrf: { route_dist: '65001:101' } }, calls: [{ method: 'deleteVrf', args: [parseRd('65001:101')] }] },
    {
      name: 'POST route',
      method: 'POST',
      path: 'route',
      body: BODIES.route,
      calls: [{ method: 'addRoute', args: [{ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), nexthop: parseIpv4('10.1.0.2'), vrf: parseRd('65001:101') }] }],
    },
    {
      name: 'DELETE route',
      method: 'DELETE',
      path: 'route',
      body: BODIES.routeDelete,
      calls: [{ method: 'deleteRoute', args: [{ prefix: ipv4Prefix(parseIpv4('110.1.0.0'), 24), vrf: parseRd('65001:101') }] }],
    },
    { name: 'POST gateway', method: 'POST', path: 'gateway', body: BODIES.gateway, calls: [{ method: 'setGateway', args: [parseIpv4('192.168.0.2')] }] },
    {
      name: 'POST redistribute',
      method: 'POST',
      path: 'redistribute',
      body: BODIES.redistribute,
      calls: [{ method: 'setRedistribute', args: [{ enabled: true, vrf: parseRd('65001:101') }] }],
    },
    { name: 'PUT neighbor', method: 'PUT', path: 'neighbor', body: BODIES.neighbor, calls: [{ method: 'setNeighborMed', args: [parseIpv4('192.168.0.2'), 500] }] },
    { name: 'POST bmp', method: 'POST', path: 'bmp', body: BODIES.bmp, calls: [{ method: 'addBmp', args: [{ address: parseIpv4('127.0.0.1'), port: 11019 }] }] },
    { name: 'DELETE bmp', method: 'DELETE', path: 'bmp', body: BODIES.bmp, calls: [{ method: 'deleteBmp', args: [{ address: parseIpv4('127.0.0.1'), port: 11019 }] }] },
  ];

  for (const c of cases) {
    it(`${c.name}: calls the controller with domain values and echoes the request`, async () => {
      const reply = await call(server.url, c.method, P(c.path), c.body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const key = Object.keys(c.body)[0]!;
      assert.deepEqual(reply.body, { id: '0000000000000001', time: '2015/09/22 21:19:02', [key]: c.body[key] });
      assert.deepEqual(fake.calls, c.calls);
    });
  }

  it('PUT ping returns the controller\'s result lines', async () => {
    const reply = await call(server.url, 'PUT', P('ping'), BODIES.ping);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.ping, FIXTURE.ping);
    assert.deepEqual(fake.calls, [{ method: 'ping', args: [{ hostIp: parseIpv4('10.1.0.2'), outPort: 3, data: 'abcd' }] }]);
  });

  it('accepts numbers where natural', async () => {
    const body = { bgp: { as_number: 65001, router_id: '10.10.10.1', label_range_start: 1000, label_range_end: 1999 } };
    const reply = await call(server.url, 'POST', P('bgp'), body);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.bgp, body.bgp);
    assert.equal(fake.calls.length, 1);
  });

  it('a route without vrf_routeDist goes to the global table', async () => {
    const reply = await call(server.url, 'POST', P('route'), { route: { destination: '0.0.0.0', netmask: '0.0.0.0', nexthop: '192.168.0.2' } });
    assert.equal(reply.status, 200);
    assert.deepEqual(fake.calls, [{ method: 'addRoute', args: [{ prefix: ipv4Prefix(parseIpv4('0.0.0.0'), 0), nexthop: parseIpv4('192.168.0.2') }] }]);
  });

  it('import/export accept a list and a comma-separated string', async () => {
    const reply = await call(server.url, 'POST', P('vrf'), { vrf: { route_dist: '65001:101', import: ['65001:101', '65000:900'], export: '65001:101, 10.0.0.1:7' } });
    assert.equal(reply.status, 200);
    const arg = fake.calls[0]!.args[0] as { importRts: unknown[]; exportRts: unknown[] };
    assert.deepEqual(arg.importRts, [parseRouteTarget('65001:101'), parseRouteTarget('65000:900')]);
    assert.deepEqual(arg.exportRts, [parseRouteTarget('65001:101'), parseRouteTarget('10.0.0.1:7')]);
  });

  describe('Python-literal bodies (the original clients)', () => {
    it('single-quoted dicts are accepted', async () => {
      const text = "{'vrf': {'route_dist': '65001:101', 'import': '65001:101', 'export': '65001:101'}}";
      const reply = await call(server.url, 'POST', P('vrf'), text);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body.vrf, BODIES.vrf.vrf);
      assert.equal(fake.calls.length, 1);
    });

    it('the original\'s multi-line request text with a trailing comma', async () => {
      const text = "\n{\n'route': {\n'destination': '110.1.0.0',\n'netmask': '255.255.255.0',\n'nexthop': '10.1.0.2',\n'vrf_routeDist': '65001:101',\n}\n}";
      const reply = await call(server.url, 'POST', P('route'), text);
      assert.equal(reply.status, 200);
      assert.equal(fake.calls[0]!.method, 'addRoute');
    });

    it('True/False/None outside strings are JSON literals; inside strings they stay text', async () => {
      const text = "{'ping': {'hostIp': '10.1.0.2', 'outPort': 3, 'data': 'None True'}}";
      const reply = await call(server.url, 'PUT', P('ping'), text);
      assert.equal(reply.status, 200);
      assert.equal((fake.calls[0]!.args[0] as { data: string }).data, 'None True');
      const none = await call(server.url, 'POST', P('bgp'), "{'bgp': {'as_number': None, 'router_id': '10.10.10.1', 'label_range_start': '1000', 'label_range_end': '1999'}}");
      assert.equal(none.status, 400);
      assert.equal(none.body.field, 'bgp.as_number');
    });
  });

  describe('controller errors map to HTTP', () => {
    const kinds: Array<[ControllerError, number]> = [
      [conflict('VRF 65001:101 exists', 'vrf.route_dist'), 409],
      [new ControllerError('not-found', 'no VRF 65001:101', 'vrf.route_dist'), 404],
      [new ControllerError('invalid', 'next hop outside any interface', 'route.nexthop'), 400],
    ];
    for (const [error, status] of kinds) {
      it(`${error.kind} → ${status} with message and field`, async () => {
        fake.failWith = error;
        const reply = await call(server.url, 'POST', P('vrf'), BODIES.vrf);
        assert.equal(reply.status, status);
        assert.deepEqual(reply.body, { error: error.message, field: error.field });
      });
    }

    it('conflict without a field: label range exhausted on POST route → 409', async () => {
      fake.failWith = conflict('label range 1000-1999 exhausted');
      const reply = await call(server.url, 'POST', P('route'), BODIES.route);
      assert.equal(reply.status, 409);
      assert.deepEqual(reply.body, { error: 'label range 1000-1999 exhausted' });
    });

    it('port already bound → 409', async () => {
      fake.failWith = conflict('port 3 is already configured', 'interface.port');
      const reply = await call(server.url, 'POST', P('interface'), BODIES.host);
      assert.equal(reply.status, 409);
      assert.equal(reply.body.field, 'interface.port');
    });

    it('any other error is a 500 that reveals nothing', async () => {
      fake.failWith = new Error('secret internal detail /etc/shadow');
      const reply = await call(server.url, 'POST', P('vrf'), BODIES.vrf);
      assert.equal(reply.status, 500);
      assert.deepEqual(reply.body, { error: 'internal error' });
    });
  });
});
