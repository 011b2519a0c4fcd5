/**
 * PUT ping: the router itself sends five ICMP echo requests from its address on a port and
 * reports one line per request, like ping(8) does. Replies reach the controller through the
 * router-own-address flow of the VRF FIB; the router hands them to `deliver`.
 */
import { formatIpv4, type Ipv4Address } from '../deps/bgp.js';
import type { EchoReplyIn } from '../core/packet-handler.js';

/** How many requests PUT ping sends (the original printed five lines). */
export const PING_COUNT = 5;

interface Waiter {
  readonly sequence: number;
  readonly sentAt: number;
  resolve(reply: EchoReplyIn | undefined): void;
}

/** Matches echo replies to outstanding requests by (identifier, sequence). */
export class PingTracker {
  private readonly waiters = new Map<string, Waiter>();
  private nextId = 1;

  /** A fresh ICMP identifier for one PUT ping. */
  identifier(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % 0xffff) + 1;
    return id;
  }

  /** Waits for the reply to (identifier, sequence), or undefined after `timeoutMs`. */
  wait(identifier: number, sequence: number, timeoutMs: number): { promise: Promise<EchoReplyIn | undefined>; sentAt: number } {
    const key = `${identifier}/${sequence}`;
    const sentAt = performance.now();
    const promise = new Promise<EchoReplyIn | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(key, {
        sequence,
        sentAt,
        resolve: (r) => {
          clearTimeout(timer);
          this.waiters.delete(key);
          resolve(r);
        },
      });
    });
    return { promise, sentAt };
  }

  /** A reply arrived. */
  deliver(reply: EchoReplyIn): void {
    this.waiters.get(`${reply.identifier}/${reply.sequence}`)?.resolve(reply);
  }
}

/** One result line. */
export function pingLine(host: Ipv4Address, sequence: number, reply: EchoReplyIn | undefined, ms: number): string {
  if (!reply) return `Request timeout for icmp_seq ${sequence}`;
  return `${reply.bytes} bytes from ${formatIpv4(host)}: icmp_seq=${sequence} ttl=${reply.ttl} time=${ms.toFixed(3)} ms`;
}
