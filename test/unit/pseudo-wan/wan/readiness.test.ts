import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../../../../pseudo-wan/errors.js';
import { missingRemoteFlows, missingRemoteRoutes, waitFor, waitPeerUp } from '../../../../pseudo-wan/wan/readiness.js';
import { RestClient, RestError } from '../../../../pseudo-wan/wan/rest-client.js';

/** A stand-in REST server for this module's unit test: path → JSON body. */
function serve(routes: Record<string, unknown>): Promise<{ server: Server; client: RestClient }> {
  const server = createServer((req, res) => {
    const key = (req.url ?? '').replace('/openflow/0000000000000001/', '');
    if (!(key in routes)) {
      res.statusCode = 404;
      res.end('{"error":"no"}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(routes[key]));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, client: RestClient.local((server.address() as AddressInfo).port, '0000000000000001') })),
  );
}

describe('pseudo-wan/wan/readiness', () => {
  let server: Server;
  let client: RestClient;
  const routes: Record<string, unknown> = {};
  before(async () => ({ server, client } = await serve(routes)));
  after(() => new Promise<void>((r) => server.close(() => r())));

  const expected = new Map([
    ['65001:101', new Set(['50.1.0.2/32', '150.1.0.0/24'])],
    ['65001:900', new Set(['172.16.2.2/32'])],
  ]);

  it('counts expected remote routes missing from GET vrf, per VRF', async () => {
    routes.vrf = { vrfs: [{ routeDist: '65001:101', routes: [{ prefix: '50.1.0.2/32' }, { prefix: '10.1.0.2/32' }] }, { routeDist: '65001:901', routes: [{ prefix: '172.16.2.2/32' }] }] };
    assert.equal(await missingRemoteRoutes(client, expected), 2);
    routes.vrf = { vrfs: [{ routeDist: '65001:101', routes: [{ prefix: '50.1.0.2/32' }, { prefix: '150.1.0.0/24' }] }, { routeDist: '65001:900', routes: [{ prefix: '172.16.2.2/32' }] }] };
    assert.equal(await missingRemoteRoutes(client, expected), 0);
  });

  it('counts expected prefixes without a flow in GET stats/flow', async () => {
    routes['stats/flow'] = { stats: [{ ipv4Dst: '50.1.0.2/32', packets: 0, bytes: 0 }, { ipv4Dst: '1000', packets: 0, bytes: 0 }] };
    assert.equal(await missingRemoteFlows(client, expected), 2);
  });

  it('waits for the last session event toward the peer to be Peer Up', async () => {
    routes['status/peer'] = { status: [{ status: 'Peer Up', remotePeer: '192.168.0.2' }, { status: 'Peer Down', remotePeer: '192.168.0.2' }] };
    await assert.rejects(waitPeerUp(client, '192.168.0.2', 300), (err: unknown) => err instanceof CliError && /timed out .*Peer Up/.test(err.message));
    routes['status/peer'] = { status: [{ status: 'Peer Down', remotePeer: '192.168.0.2' }, { status: 'Peer Up', remotePeer: '192.168.0.2' }] };
    assert.equal(await waitPeerUp(client, '192.168.0.2', 2000), true);
  });

  it('waitFor stops at once when the watched process died, naming it', async () => {
    await assert.rejects(
      waitFor('something', 10_000, async () => undefined, () => 'the site process of site a exited (code 1)'),
      (err: unknown) => err instanceof CliError && err.message === 'something: the site process of site a exited (code 1)',
    );
  });

  it('RestClient reports non-2xx with method, URL and status', async () => {
    await assert.rejects(client.get('nope'), (err: unknown) => err instanceof RestError && err.status === 404 && /GET http:\/\/127\.0\.0\.1:\d+\/openflow\/0000000000000001\/nope → 404/.test(err.message));
    assert.equal(await client.status('nope'), 404);
    assert.equal(await new RestClient('http://127.0.0.1:1', '0000000000000001').status('interface'), 0);
  });
});
