import assert from 'node:assert/strict';
import { BODIES } from './bodies-fixture.js';
import { FakeController } from './fake-controller.js';
import { call, P } from './http.js';
import { serve, type TestServer } from './serve.js';

type Body = Record<string, Record<string, unknown>>;

/** `base` with `inner[key]` replaced (or deleted when value is undefined). */
function edit(base: Body, key: string, value: unknown): Body {
  const outer = Object.keys(base)[0]!;
  const inner = { ...base[outer] };
  if (value === undefined) delete inner[key];
  else inner[key] = value;
  return { [outer]: inner };
}

interface Case {
  name: string;
  method: string;
  path: string;
  body: unknown;
  field: string;
  error?: RegExp;
}

const cases: Case[] = [
  // POST bgp
  { name: 'bgp: AS not a number', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'as_number', 'AS65001'), field: 'bgp.as_number', error: /AS number/ },
  { name: 'bgp: AS too big', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'as_number', '4294967296'), field: 'bgp.as_number' },
  { name: 'bgp: negative AS as a number', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'as_number', -1), field: 'bgp.as_number' },
  { name: 'bgp: router id not an address', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'router_id', '10.10.10'), field: 'bgp.router_id' },
  { name: 'bgp: router id octet > 255', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'router_id', '10.10.10.256'), field: 'bgp.router_id' },
  { name: 'bgp: reserved label', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'label_range_start', '3'), field: 'bgp.label_range_start' },
  { name: 'bgp: label beyond 20 bits', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'label_range_end', '1048576'), field: 'bgp.label_range_end' },
  { name: 'bgp: range start > end', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'label_range_end', '999'), field: 'bgp.label_range_end', error: /label_range_start 1000 > label_range_end 999/ },
  { name: 'bgp: missing field', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'router_id', undefined), field: 'bgp.router_id', error: /missing field/ },
  { name: 'bgp: unknown field', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'hold_time', '90'), field: 'bgp.hold_time', error: /unknown field/ },
  { name: 'bgp: object where a string is expected', method: 'POST', path: 'bgp', body: edit(BODIES.bgp, 'router_id', { a: 1 }), field: 'bgp.router_id' },
  { name: 'bgp: missing top-level key', method: 'POST', path: 'bgp', body: { bgpx: BODIES.bgp.bgp }, field: 'bgp' },
  { name: 'bgp: extra top-level key', method: 'POST', path: 'bgp', body: { ...BODIES.bgp, extra: 1 }, field: 'extra' },
  { name: 'bgp: body is an array', method: 'POST', path: 'bgp', body: [BODIES.bgp], field: 'bgp' },
  // POST interface
  { name: 'interface: port 0', method: 'POST', path: 'interface', body: edit(BODIES.host, 'port', '0'), field: 'interface.port' },
  { name: 'interface: port not a number', method: 'POST', path: 'interface', body: edit(BODIES.host, 'port', 'eth0'), field: 'interface.port' },
  { name: 'interface: bad MAC', method: 'POST', path: 'interface', body: edit(BODIES.host, 'macaddress', '00:00:00:00:01'), field: 'interface.macaddress' },
  { name: 'interface: bad address', method: 'POST', path: 'interface', body: edit(BODIES.host, 'ipaddress', '10.1.0.x'), field: 'interface.ipaddress' },
  { name: 'interface: non-contiguous netmask', method: 'POST', path: 'interface', body: edit(BODIES.host, 'netmask', '255.0.255.0'), field: 'interface.netmask' },
  { name: 'interface: address is the network address', method: 'POST', path: 'interface', body: edit(BODIES.host, 'ipaddress', '10.1.0.0'), field: 'interface.ipaddress' },
  { name: 'interface: opposite outside the subnet', method: 'POST', path: 'interface', body: edit(BODIES.host, 'opposite_ipaddress', '10.2.0.2'), field: 'interface.opposite_ipaddress' },
  { name: 'interface: bad RD', method: 'POST', path: 'interface', body: edit(BODIES.host, 'vrf_routeDist', '65001-101'), field: 'interface.vrf_routeDist' },
  { name: 'interface: MED without the uplink', method: 'POST', path: 'interface', body: edit(BODIES.host, 'bgp_med', '100'), field: 'interface.bgp_med' },
  { name: 'interface: uplink without peer AS', method: 'POST', path: 'interface', body: edit(BODIES.uplink, 'opposite_asnumber', ''), field: 'interface.opposite_asnumber' },
  { name: 'interface: uplink without peer address', method: 'POST', path: 'interface', body: edit(BODIES.uplink, 'opposite_ipaddress', ''), field: 'interface.opposite_ipaddress' },
  { name: 'interface: uplink offload port = port', method: 'POST', path: 'interface', body: edit(BODIES.uplink, 'port_offload_bgp', '1'), field: 'interface.port_offload_bgp' },
  { name: 'interface: uplink bound to a VRF', method: 'POST', path: 'interface', body: edit(BODIES.uplink, 'vrf_routeDist', '65001:101'), field: 'interface.vrf_routeDist' },
  { name: 'interface: MED out of range', method: 'POST', path: 'interface', body: edit(BODIES.uplink, 'bgp_med', '4294967296'), field: 'interface.bgp_med' },
  // vrf
  { name: 'vrf: bad RD', method: 'POST', path: 'vrf', body: edit(BODIES.vrf, 'route_dist', '65001'), field: 'vrf.route_dist' },
  { name: 'vrf: RD assigned number too big for a 4-octet admin', method: 'POST', path: 'vrf', body: edit(BODIES.vrf, 'route_dist', '4200000000:70000'), field: 'vrf.route_dist' },
  { name: 'vrf: bad import RT', method: 'POST', path: 'vrf', body: edit(BODIES.vrf, 'import', '65001:x'), field: 'vrf.import' },
  { name: 'vrf: empty export', method: 'POST', path: 'vrf', body: edit(BODIES.vrf, 'export', ''), field: 'vrf.export' },
  { name: 'vrf: export list with a number', method: 'POST', path: 'vrf', body: edit(BODIES.vrf, 'export', [65001]), field: 'vrf.export' },
  { name: 'vrf delete: extra field', method: 'DELETE', path: 'vrf', body: BODIES.vrf, field: 'vrf.import' },
  // route
  { name: 'route: host bits set', method: 'POST', path: 'route', body: edit(BODIES.route, 'destination', '110.1.0.5'), field: 'route.destination', error: /host bits/ },
  { name: 'route: bad netmask', method: 'POST', path: 'route', body: edit(BODIES.route, 'netmask', '255.255.0.255'), field: 'route.netmask' },
  { name: 'route: missing nexthop', method: 'POST', path: 'route', body: edit(BODIES.route, 'nexthop', undefined), field: 'route.nexthop' },
  { name: 'route: bad nexthop', method: 'POST', path: 'route', body: edit(BODIES.route, 'nexthop', '10.1.0'), field: 'route.nexthop' },
  { name: 'route delete: bad RD', method: 'DELETE', path: 'route', body: edit(BODIES.routeDelete, 'vrf_routeDist', 'x:y'), field: 'route.vrf_routeDist' },
  // others
  { name: 'gateway: bad address', method: 'POST', path: 'gateway', body: edit(BODIES.gateway, 'ipaddress', '1.2.3.4.5'), field: 'gateway.ipaddress' },
  { name: 'redistribute: neither ON nor OFF', method: 'POST', path: 'redistribute', body: edit(BODIES.redistribute, 'redistribute', 'YES'), field: 'bgp.redistribute' },
  { name: 'redistribute: missing VRF', method: 'POST', path: 'redistribute', body: edit(BODIES.redistribute, 'vrf_routeDist', undefined), field: 'bgp.vrf_routeDist' },
  { name: 'ping: bad host', method: 'PUT', path: 'ping', body: edit(BODIES.ping, 'hostIp', 'localhost'), field: 'ping.hostIp' },
  { name: 'ping: bad port', method: 'PUT', path: 'ping', body: edit(BODIES.ping, 'outPort', '-1'), field: 'ping.outPort' },
  { name: 'ping: data too long', method: 'PUT', path: 'ping', body: edit(BODIES.ping, 'data', 'x'.repeat(1401)), field: 'ping.data' },
  { name: 'neighbor: bad MED', method: 'PUT', path: 'neighbor', body: edit(BODIES.neighbor, 'med', 'high'), field: 'neighbor.med' },
  { name: 'neighbor: bad peer', method: 'PUT', path: 'neighbor', body: edit(BODIES.neighbor, 'peerIp', ''), field: 'neighbor.peerIp' },
  { name: 'bmp: port 0', method: 'POST', path: 'bmp', body: edit(BODIES.bmp, 'port', '0'), field: 'bmp.port' },
  { name: 'bmp: port > 65535', method: 'DELETE', path: 'bmp', body: edit(BODIES.bmp, 'port', 70000), field: 'bmp.port' },
];

describe('rest: validation (400 naming the field, nothing changed)', () => {
  let fake: FakeController;
  let server: TestServer;
  before(async () => {
    fake = new FakeController();
    server = await serve(fake);
  });
  after(() => server.close());
  afterEach(() => {
    fake.calls.length = 0;
  });

  for (const c of cases) {
    it(c.name, async () => {
      const reply = await call(server.url, c.method, P(c.path), c.body);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.field, c.field, JSON.stringify(reply.body));
      assert.equal(typeof reply.body.error, 'string');
      if (c.error) assert.match(reply.body.error, c.error);
      assert.deepEqual(fake.calls, [], 'the controller must not be called');
    });
  }

  it('the fixtures themselves are valid (each case fails only for its edit)', async () => {
    const valid: Array<[string, string, unknown]> = [
      ['POST', 'bgp', BODIES.bgp],
      ['POST', 'interface', BODIES.host],
      ['POST', 'interface', BODIES.uplink],
      ['POST', 'vrf', BODIES.vrf],
      ['POST', 'route', BODIES.route],
      ['DELETE', 'route', BODIES.routeDelete],
      ['POST', 'gateway', BODIES.gateway],
      ['POST', 'redistribute', BODIES.redistribute],
      ['PUT', 'ping', BODIES.ping],
      ['PUT', 'neighbor', BODIES.neighbor],
      ['POST', 'bmp', BODIES.bmp],
    ];
    for (const [method, path, body] of valid) {
      assert.equal((await call(server.url, method, P(path), body)).status, 200, `${method} ${path}`);
    }
  });

  it('an unknown dpid is 404 even with a bad body, and calls nothing', async () => {
    const reply = await call(server.url, 'POST', '/openflow/0000000000000009/bgp', '{oops');
    assert.equal(reply.status, 404);
    assert.deepEqual(fake.calls, []);
  });
});
