/** Serves the REST app on 127.0.0.1 at a random free port for a test. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ControllerApi } from '../../../controller/index.js';
import { createRestApp } from '../../../rest/app.js';

/** A running test server. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the app with a pinned clock on 127.0.0.1:0. */
export async function serve(api: ControllerApi, now = () => new Date(2015, 8, 22, 21, 19, 2)): Promise<TestServer> {
  const app = createRestApp(api, { now });
  app.silent = true;
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
