import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { BODIES } from './bodies-fixture.js';
import { FakeController } from './fake-controller.js';
import { call, P } from './http.js';
import { serve, type TestServer } from './serve.js';

/** A marker file each payload would create if anything evaluated it. */
const MARKER = `/tmp/rest-pwned-${process.pid}`;

const payloads: Array<[string, string, string, string | undefined]> = [
  ['POST', 'bgp', `{"bgp": __import__('os').system('touch ${MARKER}')}`, undefined],
  ['POST', 'bgp', `{'bgp': {'as_number': "__import__('os').system('touch ${MARKER}')", 'router_id': '10.10.10.1', 'label_range_start': '1000', 'label_range_end': '1999'}}`, 'bgp.as_number'],
  ['POST', 'vrf', `{'vrf': {'route_dist': '65001:101', 'import': eval("open('${MARKER}','w')"), 'export': '65001:101'}}`, undefined],
  ['PUT', 'ping', `{'ping': {'hostIp': '10.1.0.2', 'outPort': '3', 'data': ''.join([__import__('os').popen('touch ${MARKER}').read()])}}`, undefined],
  ['POST', 'route', `{"route": {"destination": "110.1.0.0", "netmask": "255.255.255.0", "nexthop": "10.1.0.2", "vrf_routeDist": "$(touch ${MARKER})"}}`, 'route.vrf_routeDist'],
  ['POST', 'bgp', `(lambda: __import__('os').system('touch ${MARKER}'))()`, undefined],
];

describe('rest: bodies are never evaluated', () => {
  let fake: FakeController;
  let server: TestServer;
  before(async () => {
    rmSync(MARKER, { force: true });
    fake = new FakeController();
    server = await serve(fake);
  });
  after(async () => {
    rmSync(MARKER, { force: true });
    await server.close();
  });

  for (const [method, path, text, field] of payloads) {
    it(`${method} ${path} ${text.slice(0, 60)}… → 400, no side effect`, async () => {
      const reply = await call(server.url, method, P(path), text);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(typeof reply.body.error, 'string');
      if (field) assert.equal(reply.body.field, field);
      assert.deepEqual(fake.calls, []);
      assert.equal(existsSync(MARKER), false, 'the payload ran');
    });
  }

  it('__proto__ keys cannot pollute prototypes', async () => {
    const text = `{'bgp': {'as_number': '65001', 'router_id': '10.10.10.1', 'label_range_start': '1000', 'label_range_end': '1999'}, '__proto__': {'polluted': 'yes'}}`;
    const reply = await call(server.url, 'POST', P('bgp'), text);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.field, '__proto__');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(fake.calls, []);
  });

  it('an empty body is 400', async () => {
    const reply = await call(server.url, 'POST', P('bgp'), '');
    assert.equal(reply.status, 400);
    assert.deepEqual(fake.calls, []);
  });

  it('a body over the limit is 413 and calls nothing', async () => {
    const big = { vrf: { ...BODIES.vrf.vrf, import: Array(20000).fill('65001:101') } };
    const reply = await call(server.url, 'POST', P('vrf'), big);
    assert.equal(reply.status, 413);
    assert.equal(typeof reply.body.error, 'string');
    assert.deepEqual(fake.calls, []);
  });
});
