/**
 * POST/DELETE bmp on the Router: the speaker becomes a BMP client (RFC 7854) of a collector
 * socket of this test on loopback; conflicts and unknown collectors are typed refusals.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { Router } from '../../../../controller/router/router.js';
import { isControllerError } from '../../../../controller/errors.js';
import { asn, bmp, label, parseIpv4 } from '../../../../controller/deps/bgp.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function refused(p: Promise<unknown>, kind: string, field: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isControllerError(err), String(err));
    assert.equal(err.kind, kind);
    assert.equal(err.field, field);
    return true;
  });
}

describe('controller router bmp', () => {
  let r: Router | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await r?.stop();
    r = undefined;
    server?.close();
  });

  it('needs BGP; POST streams to the collector, a second POST is a conflict, DELETE terminates, a second DELETE is not-found', async () => {
    const messages: bmp.BmpMessage[] = [];
    let ended = false;
    server = createServer((s) => {
      const framer = new bmp.BmpFramer();
      s.on('data', (d) => messages.push(...framer.push(d).map(bmp.decodeBmp)));
      s.on('end', () => (ended = true));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const collector = { address: parseIpv4('127.0.0.1'), port: (server.address() as { port: number }).port };

    r = new Router({ dpid: 1n, logger: quiet, bgpListen: false });
    await refused(r.addBmp(collector), 'invalid', 'bgp');
    await r.configureBgp({ asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1001) } });
    await r.addBmp(collector);
    await refused(r.addBmp(collector), 'conflict', 'bmp.address');
    while (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(messages[0]!.type, 'initiation');

    await r.deleteBmp(collector);
    while (!ended) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(messages.map((m) => m.type), ['initiation', 'termination']);
    await refused(r.deleteBmp(collector), 'not-found', 'bmp.address');
  });
});
