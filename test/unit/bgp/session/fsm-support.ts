/**
 * Builders for FSM event-sequence tests: a configuration, the peer's OPEN, and a driver that
 * feeds events at a manual `now` and collects every action.
 */
import { asn, parseIpv4, type Asn } from '../../../../bgp/types/index.js';
import type { Capability, OpenMessage, UpdateMessage } from '../../../../bgp/wire/index.js';
import { initialState, step, type FsmAction, type FsmEvent, type FsmState } from '../../../../bgp/session/fsm.js';
import { dueTimerEvents } from '../../../../bgp/session/timers.js';
import type { FsmConfig } from '../../../../bgp/session/types.js';

export const VPNV4 = { afi: 1, safi: 128 };
export const IPV4 = { afi: 1, safi: 1 };

export function config(overrides: Partial<FsmConfig> = {}): FsmConfig {
  return {
    localAsn: asn(65000),
    routerId: parseIpv4('10.0.0.1'),
    peerAsn: asn(65001),
    passive: false,
    holdTime: 90,
    connectRetrySeconds: 5,
    idleHoldSeconds: 2,
    families: [IPV4, VPNV4],
    fourOctetAs: true,
    ...overrides,
  };
}

export interface PeerOpenOptions {
  asn?: number;
  bgpId?: string;
  holdTime?: number;
  version?: number;
  families?: { afi: number; safi: number }[];
  fourOctetAs?: boolean;
  extra?: Capability[];
}

/** The OPEN a peer sends: 4-octet AS capability, route refresh, the given families. */
export function peerOpen(o: PeerOpenOptions = {}): OpenMessage {
  const a = o.asn ?? 65001;
  const caps: Capability[] = (o.families ?? [IPV4, VPNV4]).map((f) => ({ type: 'multiprotocol', ...f }));
  caps.push({ type: 'route-refresh' });
  if (o.fourOctetAs ?? true) caps.push({ type: 'four-octet-as', asn: asn(a) as Asn });
  caps.push(...(o.extra ?? []));
  return {
    type: 'open',
    version: o.version ?? 4,
    myAsn: a > 0xffff ? 23456 : a,
    holdTime: o.holdTime ?? 90,
    bgpId: parseIpv4(o.bgpId ?? '10.0.0.2'),
    capabilities: caps,
  };
}

export function update(partial: Partial<UpdateMessage> = {}): UpdateMessage {
  return { type: 'update', withdrawn: [], attributes: {}, nlri: [], ...partial };
}

/** Feeds events and keeps the state, the time and the actions of the last call. */
export class Driver {
  state: FsmState;
  now = 0;
  actions: FsmAction[] = [];
  readonly all: FsmAction[] = [];

  constructor(cfg: FsmConfig = config()) {
    this.state = initialState(cfg);
  }

  /** Applies events in order; `actions` holds what they produced together. */
  feed(...events: FsmEvent[]): FsmAction[] {
    this.actions = [];
    for (const e of events) {
      const r = step(this.state, e, this.now);
      this.state = r.next;
      this.actions.push(...r.actions);
    }
    this.all.push(...this.actions);
    return this.actions;
  }

  /** Moves time to `now + ms` and fires the timers that fell due, one at a time, as the shell does. */
  advance(ms: number): FsmAction[] {
    const end = this.now + ms;
    const collected: FsmAction[] = [];
    for (;;) {
      const due = Object.values(this.state.timers).filter((d): d is number => d !== undefined && d <= end);
      if (due.length === 0) break;
      this.now = Math.max(this.now, Math.min(...due));
      const [event] = dueTimerEvents(this.state, this.now);
      collected.push(...this.feed(event));
    }
    this.now = end;
    this.actions = collected;
    return collected;
  }

  /** Types of the last actions, with the message type for sends: `send:open@out-1`. */
  summary(actions: FsmAction[] = this.actions): string[] {
    return actions.map((a) => {
      switch (a.type) {
        case 'send':
          return a.message.type === 'notification'
            ? `send:notification(${a.message.code}/${a.message.subcode})@${a.conn}`
            : `send:${a.message.type}@${a.conn}`;
        case 'connect':
        case 'close':
          return `${a.type}@${a.conn}`;
        case 'down':
        case 'attempt-failed':
          return `${a.type}:${a.reason.kind}`;
        default:
          return a.type;
      }
    });
  }

  /** Drives an active session to Established over `out-1`. */
  establish(open: OpenMessage = peerOpen()): void {
    this.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked', conn: 'out-1' }, { type: 'BGPOpen', conn: 'out-1', open });
    this.feed({ type: 'KeepAliveMsg', conn: 'out-1' });
  }
}
