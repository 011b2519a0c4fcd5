import { strict as assert } from 'node:assert';
import { createServer as createHttpServer, get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { publish } from '../../../pseudo-wan/publish.js';
import { portFree } from '../../../pseudo-wan/wan/preflight.js';

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('pseudo-wan/publish (REST publisher)', () => {
  let dir: string;
  let closeServer: () => Promise<void>;
  const socket = () => join(dir, 'rest.sock');
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-cli-pub-'));
    const server = createHttpServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    await new Promise<void>((r) => server.listen(socket(), r));
    closeServer = () => new Promise((r) => server.close(() => r()));
  });
  after(async () => {
    await closeServer();
    await rm(dir, { recursive: true, force: true });
  });

  it('relays HTTP on 127.0.0.1:PORT to the unix socket, then frees the port on close', async () => {
    const probe = createHttpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const close = await publish('127.0.0.1', port, socket());
    try {
      const answer = await httpGet(port, '/openflow/0000000000000001/interface');
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.body), { path: '/openflow/0000000000000001/interface' });
      assert.equal(await portFree(port), false);
    } finally {
      await close();
    }
    assert.equal(await portFree(port), true);
  });

  it('refuses a port that is taken', async () => {
    const taken = createHttpServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      await assert.rejects(publish('127.0.0.1', port, socket()), /EADDRINUSE/);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });
});
