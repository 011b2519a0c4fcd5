import assert from 'node:assert/strict';
import { FakeController, FIXTURE } from './fake-controller.js';
import { call, P } from './http.js';
import { serve, type TestServer } from './serve.js';

describe('rest: GET views', () => {
  let fake: FakeController;
  let server: TestServer;
  before(async () => {
    fake = new FakeController();
    server = await serve(fake);
  });
  after(() => server.close());

  const cases: Array<[string, string, unknown]> = [
    ['interface', 'interface', FIXTURE.interfaces],
    ['arp', 'arp', FIXTURE.arp],
    ['route', 'route', FIXTURE.routes],
    ['mpls', 'mpls', FIXTURE.mpls],
    ['vrf', 'vrfs', FIXTURE.vrfs],
    ['status/peer', 'status', FIXTURE.peerStatus],
    ['stats/port', 'stats', FIXTURE.portStats],
    ['stats/flow', 'stats', FIXTURE.flowStats],
    ['neighbor', 'neighbor', FIXTURE.neighbors],
  ];
  for (const [path, key, expected] of cases) {
    it(`GET ${path} answers {id, time, ${key}}`, async () => {
      const reply = await call(server.url, 'GET', P(path));
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.body), ['id', 'time', key]);
      assert.equal(reply.body.id, '0000000000000001');
      assert.equal(reply.body.time, '2015/09/22 21:19:02');
      assert.deepEqual(reply.body[key], expected);
    });
  }

  it('GET rib carries each path with its routeDist', async () => {
    const reply = await call(server.url, 'GET', P('rib'));
    assert.equal(reply.status, 200);
    assert.equal(reply.body.rib.length, 3);
    assert.deepEqual(
      reply.body.rib.map((r: { routeDist: string; prefix: string }) => `${r.routeDist} ${r.prefix}`),
      ['65001:101 130.1.7.0/24', '65001:101 10.1.0.2/32', '65001:102 50.1.0.0/24'],
    );
  });

  it('an unknown dpid is 404 with a JSON error', async () => {
    const reply = await call(server.url, 'GET', '/openflow/0000000000000002/interface');
    assert.equal(reply.status, 404);
    assert.match(reply.body.error, /unknown datapath 0000000000000002/);
  });

  it('a dpid that is not 16 hex digits is 404', async () => {
    for (const dpid of ['1', '00000000000000zz', '00000000000000001']) {
      const reply = await call(server.url, 'GET', `/openflow/${dpid}/interface`);
      assert.equal(reply.status, 404, dpid);
      assert.equal(typeof reply.body.error, 'string');
    }
  });

  it('dpid hex digits are case-insensitive and the id is echoed canonically', async () => {
    const other = new FakeController();
    const api = { datapaths: () => [0xabn], router: (d: bigint) => (d === 0xabn ? other.router(1n) : undefined) };
    const s2 = await serve(api);
    try {
      const reply = await call(s2.url, 'GET', '/openflow/00000000000000AB/arp');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.id, '00000000000000ab');
    } finally {
      await s2.close();
    }
  });

  it('an unknown path is 404 JSON, a wrong method 405 JSON', async () => {
    const a = await call(server.url, 'GET', P('nothing'));
    assert.equal(a.status, 404);
    assert.equal(typeof a.body.error, 'string');
    const b = await call(server.url, 'PATCH', P('vrf'), {});
    assert.equal(b.status, 405);
    assert.equal(typeof b.body.error, 'string');
  });
});
