import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BODIES } from './bodies-fixture.js';
import { FakeController } from './fake-controller.js';
import { call, P } from './http.js';
import { serve, type TestServer } from './serve.js';

const ENDPOINTS: Array<[string, string, Record<string, Record<string, unknown>>]> = [
  ['POST', 'bgp', BODIES.bgp],
  ['POST', 'interface', BODIES.uplink],
  ['POST', 'vrf', BODIES.vrf],
  ['POST', 'route', BODIES.route],
  ['PUT', 'ping', BODIES.ping],
  ['POST', 'redistribute', BODIES.redistribute],
];

describe('rest: random bodies never reach a 500 and a 400 never reaches the controller', () => {
  let fake: FakeController;
  let server: TestServer;
  before(async () => {
    fake = new FakeController();
    server = await serve(fake);
  });
  after(() => server.close());

  it('random text bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.string({ maxLength: 200 }), async ([method, path], text) => {
        fake.calls.length = 0;
        const reply = await call(server.url, method, P(path), text);
        assert.ok(reply.status === 400 || reply.status === 200, `${reply.status} for ${JSON.stringify(text)}`);
        if (reply.status === 400) assert.deepEqual(fake.calls, []);
      }),
      { numRuns: 150 },
    );
  });

  it('valid bodies with one field replaced by a random JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.nat(), fc.jsonValue({ maxDepth: 2 }), async ([method, path, body], pick, value) => {
        fake.calls.length = 0;
        const outer = Object.keys(body)[0]!;
        const keys = Object.keys(body[outer]!);
        const key = keys[pick % keys.length]!;
        const edited = { [outer]: { ...body[outer], [key]: value } };
        const reply = await call(server.url, method, P(path), edited);
        assert.ok(reply.status === 400 || reply.status === 200, `${reply.status} ${JSON.stringify(edited)}`);
        if (reply.status === 400) {
          assert.deepEqual(fake.calls, []);
          assert.equal(typeof reply.body.field, 'string');
          assert.ok(reply.body.field.startsWith(outer), reply.body.field);
        } else {
          assert.equal(fake.calls.length, 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
