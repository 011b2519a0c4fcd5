/**
 * What the router needs from a connected switch: exactly the Datapath methods of contract B
 * it uses, so that the pusher and the router can be unit-tested against a recording fake.
 */
import type { FlowModMessage, MultipartReplyMessage, MultipartRequestMessage, OfMessage } from '../deps/openflow.js';

/** Sends flow-mods and reads flows. */
export interface FlowMessageSink {
  /** Batched, closed by a barrier (or an atomic bundle); rejects with the first switch error. */
  sendFlowMods(mods: readonly FlowModMessage[], options: { bundle?: boolean }): Promise<void>;
  /** A multipart request and its reassembled reply. */
  request(msg: MultipartRequestMessage): Promise<MultipartReplyMessage>;
}

/** Everything the router uses of a switch. */
export interface SwitchPort extends FlowMessageSink {
  readonly dpid: bigint;
  /** Fire and forget (packet-out). */
  send(msg: OfMessage): void;
}
