/**
 * The passive side: one TCP listener for all sessions, handing each accepted socket to the
 * session registered for the remote address and closing sockets from anyone else.
 */
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { BgpSession } from './session.js';

/** Where a {@link BgpListener} listens. */
export interface BgpListenerOptions {
  /** Address to bind, e.g. `0.0.0.0` or one interface's address. */
  readonly host: string;
  /** TCP port, default 179; 0 picks a free one (see `port` after `listen()`). */
  readonly port?: number;
}

/** Events of a {@link BgpListener}. */
export interface BgpListenerEvents {
  /** A connection from an address no session is registered for was closed. */
  refused: [remote: { address: string; port: number }];
}

/** Accepts BGP connections and routes them to sessions by peer address. */
export class BgpListener extends EventEmitter<BgpListenerEvents> {
  private readonly sessions = new Map<string, BgpSession>();
  private readonly server: Server;

  constructor(private readonly options: BgpListenerOptions) {
    super();
    this.server = createServer((socket) => this.onConnection(socket));
  }

  /** Routes connections from `session.peerAddress` to it. */
  register(session: BgpSession): void {
    this.sessions.set(session.peerAddress, session);
  }

  /** Stops routing connections to the session of this peer address. */
  unregister(peerAddress: string): void {
    this.sessions.delete(peerAddress);
  }

  /** Starts listening; rejects if the address is in use or not local. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port ?? 179 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops listening. Sessions keep the sockets they were handed, so this does not wait for
   * them (Node's `server.close` callback would wait until every accepted socket ended).
   */
  close(): Promise<void> {
    if (this.server.listening) this.server.close();
    return new Promise((resolve) => setImmediate(resolve));
  }

  private onConnection(socket: Socket): void {
    // An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const session = this.sessions.get(address);
    if (!session) {
      socket.on('error', () => {});
      socket.destroy();
      this.emit('refused', { address, port: socket.remotePort ?? 0 });
      return;
    }
    session.accept(socket);
  }
}
