/**
 * A BMP client (RFC 7854 §3): the monitored router's side of one collector connection. It
 * connects, sends Initiation, a Peer Up and the current Adj-RIB-In (as Route Monitoring) of
 * every Established peer, then streams live events; it reconnects with backoff and starts over
 * when the collector goes away, and never lets a collector failure reach the speaker.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { formatIpv4, type Asn, type Ipv4Address } from '../types/index.js';
import type { PeerDownReason } from '../session/index.js';
import * as C from './constants.js';
import { encodeBmp } from './message.js';
import { peerDownData } from './peer-down.js';
import type { BmpInfoTlv, PerPeerHeader } from './types.js';

/** An Established peer as BMP describes it (per-peer header and Peer Up fields). */
export interface BmpPeer {
  readonly address: Ipv4Address;
  readonly asn: Asn;
  readonly bgpId: Ipv4Address;
  /** The session negotiated 4-octet AS (else the A flag is set: legacy AS_PATH format). */
  readonly fourOctetAs: boolean;
  readonly localAddress: Ipv4Address;
  readonly localPort: number;
  readonly remotePort: number;
  /** Our OPEN and the peer's, as sent and received (19-byte headers included). */
  readonly sentOpen: Buffer;
  readonly receivedOpen: Buffer;
  /** When the session became Established (ms since the epoch). */
  readonly upSince: number;
}

/** What a client asks its speaker when it (re)connects. */
export interface BmpSource {
  /** sysName TLV (§4.4). */
  readonly sysName: string;
  /** sysDescr TLV (§4.4). */
  readonly sysDescr: string;
  /** Every Established peer now, with a function giving its Adj-RIB-In as UPDATE frames. */
  established(): { readonly peer: BmpPeer; readonly adjRibIn: () => Buffer[] }[];
  /** Routes held in a peer's Adj-RIB-In now (Statistics Report type 7). */
  adjRibInRoutes(address: Ipv4Address): number;
}

/** The subset of a pino logger the client uses. */
export interface BmpLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** How to reach one collector. */
export interface BmpClientOptions {
  /** Collector address, dotted quad. */
  readonly host: string;
  readonly port: number;
  readonly source: BmpSource;
  readonly logger?: BmpLogger;
  /** First reconnect delay, doubled per failure up to `maxRetryMs` (defaults 1 s and 30 s). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Bytes queued for a slow collector before the connection is dropped and resynced later (default 64 MiB). */
  readonly maxQueuedBytes?: number;
  /** Seconds between Statistics Reports (§4.8) per Established peer; 0 or absent: none. */
  readonly statsIntervalSeconds?: number;
}

/** A message, a dump still to encode, or a dump being written (by index: no copying of big arrays). */
type Queued = Buffer | (() => Buffer[]) | { readonly frames: Buffer[]; next: number };

/** How long `close()` lets the Termination flush before destroying the socket. */
const CLOSE_GRACE_MS = 2000;

/** One collector connection. */
export class BmpClient {
  private socket: Socket | undefined;
  private ready = false;
  private closed = false;
  private retryDelay: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private waitingDrain = false;
  private readonly peers = new Map<Ipv4Address, BmpPeer>();
  /** Messages handed to the socket since the last connect (for diagnostics). */
  messagesSent = 0;

  constructor(private readonly options: BmpClientOptions) {
    this.retryDelay = options.retryMs ?? 1000;
  }

  /** Collector address and port as text. */
  get collector(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** True while connected and streaming. */
  get connected(): boolean {
    return this.ready;
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.closed || this.socket || this.retryTimer) return;
    this.connect();
  }

  /** A peer became Established. */
  peerUp(peer: BmpPeer): void {
    this.peers.set(peer.address, peer);
    if (this.ready) this.enqueue(this.peerUpMessage(peer));
  }

  /** An UPDATE was received from an Established peer (pre-policy, as received). */
  routeMonitoring(address: Ipv4Address, update: Buffer): void {
    const peer = this.peers.get(address);
    if (!peer || !this.ready) return;
    this.enqueue(encodeBmp({ type: 'route-monitoring', peer: this.header(peer, Date.now()), update }));
  }

  /** An Established peer went down. */
  peerDown(address: Ipv4Address, reason: PeerDownReason): void {
    const peer = this.peers.get(address);
    if (!peer) return;
    this.peers.delete(address);
    if (this.ready) this.enqueue(encodeBmp({ type: 'peer-down', peer: this.header(peer, Date.now()), ...peerDownData(reason) }));
  }

  /** Sends Termination (§4.5, administratively closed) and closes; no reconnect afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    const socket = this.socket;
    if (!socket) return;
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (this.ready) {
      this.dropQueue();
      socket.end(encodeBmp({ type: 'termination', reason: C.TERM_REASON_ADMIN_CLOSE, strings: ['BMP collector removed'] }));
    } else socket.destroy();
    const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    await gone;
    clearTimeout(grace);
  }

  private connect(): void {
    const socket = tcpConnect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.onConnect(socket));
    // §3.3: the station sends nothing the router must read; whatever arrives is discarded.
    socket.on('data', () => undefined);
    socket.on('drain', () => this.pump());
    socket.on('error', (err) => this.options.logger?.warn({ collector: this.collector, err: err.message }, 'BMP collector connection error'));
    socket.on('close', () => this.onClose(socket));
  }

  private onConnect(socket: Socket): void {
    if (socket !== this.socket || this.closed) return;
    this.ready = true;
    this.messagesSent = 0;
    this.retryDelay = this.options.retryMs ?? 1000;
    this.options.logger?.info({ collector: this.collector }, 'BMP collector connected');
    const information: BmpInfoTlv[] = [
      { infoType: C.INIT_TLV_SYS_DESCR, value: this.options.source.sysDescr },
      { infoType: C.INIT_TLV_SYS_NAME, value: this.options.source.sysName },
    ];
    this.enqueue(encodeBmp({ type: 'initiation', information }));
    // The snapshot is taken now, in this turn: every later event is queued behind it.
    this.peers.clear();
    for (const { peer, adjRibIn } of this.options.source.established()) {
      this.peers.set(peer.address, peer);
      this.enqueue(this.peerUpMessage(peer));
      // Encoded when its turn to be written comes; events queued meanwhile follow it, so the
      // collector converges on the same Adj-RIB-In.
      this.enqueue(() => {
        const now = Date.now();
        return adjRibIn().map((update) => encodeBmp({ type: 'route-monitoring', peer: this.header(peer, now), update }));
      });
    }
    const every = this.options.statsIntervalSeconds ?? 0;
    if (every > 0) {
      this.statsTimer = setInterval(() => this.sendStats(), every * 1000);
      this.statsTimer.unref();
    }
  }

  /** One Statistics Report per Established peer: routes in its Adj-RIB-In (type 7, 64-bit gauge). */
  sendStats(): void {
    if (!this.ready) return;
    const now = Date.now();
    for (const peer of this.peers.values()) {
      const value = Buffer.alloc(8);
      value.writeBigUInt64BE(BigInt(this.options.source.adjRibInRoutes(peer.address)));
      this.enqueue(encodeBmp({ type: 'statistics-report', peer: this.header(peer, now), stats: [{ statType: C.STAT_ADJ_RIB_IN_ROUTES, value }] }));
    }
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    const wasReady = this.ready;
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.socket = undefined;
    this.ready = false;
    this.waitingDrain = false;
    this.dropQueue();
    if (this.closed) return;
    if (wasReady) this.options.logger?.warn({ collector: this.collector }, 'BMP collector went away; reconnecting');
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private peerUpMessage(peer: BmpPeer): Buffer {
    return encodeBmp({
      type: 'peer-up',
      peer: this.header(peer, peer.upSince),
      localAddress: { family: 'ipv4', address: peer.localAddress },
      localPort: peer.localPort,
      remotePort: peer.remotePort,
      sentOpen: peer.sentOpen,
      receivedOpen: peer.receivedOpen,
      information: [],
    });
  }

  private header(peer: BmpPeer, ms: number): PerPeerHeader {
    return {
      peerType: C.PEER_TYPE_GLOBAL,
      postPolicy: false,
      legacyAsPath: !peer.fourOctetAs,
      distinguisher: Buffer.alloc(8),
      address: { family: 'ipv4', address: peer.address },
      asn: peer.asn,
      bgpId: peer.bgpId,
      seconds: Math.floor(ms / 1000),
      microseconds: (ms % 1000) * 1000,
    };
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (Buffer.isBuffer(item)) this.queuedBytes += item.length;
    if (this.queuedBytes > (this.options.maxQueuedBytes ?? 64 * 1024 * 1024)) {
      // RFC 7854 §3.3 lets a router drop a station it cannot keep up with; the reconnect resyncs.
      this.options.logger?.warn({ collector: this.collector, queuedBytes: this.queuedBytes }, 'BMP collector too slow; dropping the connection');
      this.ready = false;
      this.dropQueue();
      this.socket?.destroy();
      return;
    }
    if (!this.waitingDrain) this.pump();
  }

  private pump(): void {
    this.waitingDrain = false;
    const socket = this.socket;
    if (!socket || !this.ready) return;
    while (this.queue.length > 0) {
      const item = this.queue[0];
      if (typeof item === 'function') {
        let frames: Buffer[] = [];
        try {
          frames = item();
        } catch (err) {
          this.options.logger?.warn({ collector: this.collector, err: String(err) }, 'BMP initial dump failed');
        }
        for (const f of frames) this.queuedBytes += f.length;
        this.queue[0] = { frames, next: 0 };
        continue;
      }
      let frame: Buffer;
      if (Buffer.isBuffer(item)) {
        frame = item;
        this.queue.shift();
      } else {
        if (item.next >= item.frames.length) {
          this.queue.shift();
          continue;
        }
        frame = item.frames[item.next++];
      }
      this.queuedBytes -= frame.length;
      this.messagesSent++;
      if (!socket.write(frame)) {
        this.waitingDrain = true;
        return;
      }
    }
  }

  private dropQueue(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
  }
}

/** `a.b.c.d:port` of a collector, the key the speaker files clients under. */
export function collectorKey(address: Ipv4Address, port: number): string {
  return `${formatIpv4(address)}:${port}`;
}
