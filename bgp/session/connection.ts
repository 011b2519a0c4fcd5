/**
 * One TCP connection of a session: frames and decodes what the peer sends, encodes and writes
 * what we send (bulk writes respect socket backpressure), and reports everything as calls on
 * {@link ConnectionEvents}. It never throws on the peer's bytes: a framing or decoding failure
 * becomes one `decodeError` call, after which the connection reads nothing more.
 */
import type { Socket } from 'node:net';
import { BgpFramer, decodeMessage, encodeMessage, type BgpMessage, type CodecContext } from '../wire/index.js';
import type { ConnId } from './types.js';

/** What a connection reports to its session. */
export interface ConnectionEvents {
  /** The outgoing connect completed. */
  connected(conn: Connection): void;
  /** `frame` is the message as received, header included (for BMP, RFC 7854). */
  message(conn: Connection, msg: BgpMessage, frame: Buffer): void;
  /** `messageType` is the header's type byte, when the header could be read. */
  decodeError(conn: Connection, err: unknown, messageType: number | undefined): void;
  /** The socket failed or closed (before or after connecting). */
  closed(conn: Connection, message: string): void;
}

interface BulkWrite {
  readonly frames: readonly Buffer[];
  next: number;
  readonly done: (written: boolean) => void;
}

/** How long a closing connection may take to flush (a NOTIFICATION) before it is destroyed. */
const CLOSE_GRACE_MS = 2000;
/** Frames written per cork/uncork round of a bulk write. */
const BULK_BATCH = 64;

/** A socket speaking BGP. */
export class Connection {
  /** Negotiated codec state; the session updates it as soon as the OPEN is accepted. */
  ctx: CodecContext = { fourOctetAs: true };
  /** The OPENs as sent and received on this connection (BMP Peer Up, RFC 7854 §4.10). */
  sentOpen: Buffer | undefined;
  receivedOpen: Buffer | undefined;
  private readonly framer = new BgpFramer();
  private reading = true;
  private isClosed = false;
  private readonly bulk: BulkWrite[] = [];
  private waitingDrain = false;
  private closedPromise: Promise<void>;

  constructor(
    readonly id: ConnId,
    readonly socket: Socket,
    private readonly events: ConnectionEvents,
    connecting: boolean,
  ) {
    socket.setNoDelay(true);
    let failure = 'connection closed by peer';
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    if (connecting) socket.once('connect', () => !this.isClosed && events.connected(this));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => {
      failure = err.message;
    });
    socket.on('close', () => {
      this.failBulk();
      if (this.isClosed) return;
      this.isClosed = true;
      events.closed(this, failure);
    });
    socket.on('drain', () => this.pump());
  }

  /** True once closed by either side. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves when the socket is fully closed. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /**
   * Encodes and writes one message now, behind whatever the socket already buffered but ahead
   * of bulk frames still waiting for a drain: for KEEPALIVE and NOTIFICATION, whose order
   * relative to UPDATEs does not matter.
   */
  send(msg: BgpMessage): void {
    if (this.isClosed || this.socket.destroyed) return;
    const bytes = encodeMessage(msg, this.ctx);
    if (msg.type === 'open') this.sentOpen = bytes;
    this.socket.write(bytes);
  }

  /** Encodes one message and writes it in order with the bulk frames (UPDATE, ROUTE-REFRESH). */
  sendInOrder(msg: BgpMessage): void {
    if (this.bulk.length === 0) return this.send(msg);
    // A withdrawal must not overtake the announcement still queued before it.
    void this.sendFrames([encodeMessage(msg, this.ctx)]);
  }

  /**
   * Writes pre-encoded frames in order after earlier bulk writes, pausing while the socket
   * buffer is full. Resolves true once all are handed to the socket, false if it closed first.
   */
  sendFrames(frames: readonly Buffer[]): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(false);
    return new Promise((done) => {
      this.bulk.push({ frames, next: 0, done });
      if (!this.waitingDrain) this.pump();
    });
  }

  /** Stops reading, flushes what was written (a NOTIFICATION), then closes. Idempotent. */
  close(): void {
    this.reading = false;
    if (this.isClosed) return;
    this.isClosed = true;
    this.failBulk();
    // An attempt still connecting has nothing to flush.
    if (this.socket.connecting) {
      this.socket.destroy();
      return;
    }
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private onData(chunk: Buffer): void {
    if (!this.reading) return;
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      this.fail(err, undefined);
      return;
    }
    for (const frame of frames) {
      // The session may have closed us while handling the previous message.
      if (!this.reading) return;
      let msg: BgpMessage;
      try {
        msg = decodeMessage(frame, this.ctx);
      } catch (err) {
        this.fail(err, frame[18]);
        return;
      }
      if (msg.type === 'open') this.receivedOpen = Buffer.from(frame);
      this.events.message(this, msg, frame);
    }
  }

  private fail(err: unknown, messageType: number | undefined): void {
    this.reading = false;
    this.events.decodeError(this, err, messageType);
  }

  private pump(): void {
    this.waitingDrain = false;
    while (this.bulk.length > 0 && !this.isClosed) {
      const job = this.bulk[0];
      this.socket.cork();
      let ok = true;
      const end = Math.min(job.frames.length, job.next + BULK_BATCH);
      for (; job.next < end; job.next++) ok = this.socket.write(job.frames[job.next]) && ok;
      this.socket.uncork();
      if (job.next >= job.frames.length) {
        this.bulk.shift();
        job.done(true);
      }
      if (!ok) {
        this.waitingDrain = true;
        return;
      }
    }
  }

  private failBulk(): void {
    for (const job of this.bulk.splice(0)) job.done(false);
  }
}
