/**
 * The REST publisher: a tiny TCP ↔ unix-socket relay in the machine's root namespace, so a
 * site's REST API (listening on a unix socket inside its namespace) is reachable at
 * 127.0.0.1:PORT of the machine — what the original got from `docker run -p 8080:8080`.
 * Unix sockets live in the filesystem, which namespaces share, so the relay needs no setns.
 *
 * Run detached by `pseudo-wan start`: `node dist/pseudo-wan/publish.js --listen 127.0.0.1:8080 --socket PATH`.
 * SIGTERM closes it.
 */
import { connect, createServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Starts relaying connections on host:port to the unix socket; resolves once listening. */
export function publish(host: string, port: number, socketPath: string): Promise<() => Promise<void>> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(socketPath);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(
        () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      );
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { listen: { type: 'string' }, socket: { type: 'string' } } });
  const listen = values.listen ?? '';
  const at = listen.lastIndexOf(':');
  const port = Number(listen.slice(at + 1));
  if (at < 1 || !Number.isInteger(port) || !values.socket) {
    process.stderr.write('usage: publish --listen HOST:PORT --socket PATH\n');
    process.exit(2);
  }
  try {
    const close = await publish(listen.slice(0, at), port, values.socket);
    process.stdout.write(`publishing ${values.socket} on ${listen}\n`);
    process.on('SIGTERM', () => void close().then(() => process.exit(0)));
    process.on('SIGINT', () => void close().then(() => process.exit(0)));
  } catch (err) {
    process.stderr.write(`cannot listen on ${listen}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
