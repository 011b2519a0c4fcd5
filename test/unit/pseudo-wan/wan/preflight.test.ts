import { strict as assert } from 'node:assert';
import { missingCapabilities, portFree, which } from '../../../../pseudo-wan/wan/preflight.js';
import { createServer } from 'node:net';

describe('pseudo-wan/wan/preflight', () => {
  it("reads root's capabilities from /proc status text", () => {
    assert.deepEqual(missingCapabilities('Name:\tx\nCapEff:\t000001ffffffffff\n'), []);
    assert.deepEqual(missingCapabilities('CapEff:\t0000000000000000\n'), ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
    assert.deepEqual(missingCapabilities('CapEff:\t0000000000001000\n'), ['CAP_SYS_ADMIN']);
  });

  it('finds programs on a PATH and not elsewhere', async () => {
    assert.equal(await which('sh', '/bin:/usr/bin'), '/bin/sh');
    assert.equal(await which('ovs-vswitchd', '/nonexistent'), undefined);
  });

  it('tells a taken port from a free one', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    assert.equal(await portFree(port), false);
    await new Promise<void>((r) => server.close(() => r()));
    assert.equal(await portFree(port), true);
  });
});
