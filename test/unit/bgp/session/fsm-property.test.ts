/**
 * Random event sequences through the FSM (fast-check): it never throws, keeps its invariants,
 * only ever writes to connections that are up and not yet closed, and its timers always make
 * progress (every expiry moves or stops its timer, so the shell's timer loop ends).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { asn, parseIpv4 } from '../../../../bgp/types/index.js';
import { initialState, step, type FsmAction, type FsmEvent, type FsmState } from '../../../../bgp/session/fsm.js';
import { dueTimerEvents } from '../../../../bgp/session/timers.js';
import { config, peerOpen, update } from './fsm-support.js';

type Kind =
  | 'ManualStart' | 'ManualStop' | 'TcpConnectionConfirmed' | 'Tcp_CR_Acked' | 'TcpConnectionFails' | 'BGPOpen'
  | 'KeepAliveMsg' | 'UpdateMsg' | 'EoR' | 'NotifMsg' | 'BGPHeaderErr' | 'UpdateMsgErr' | 'RouteRefreshMsg';

/** A step of a generated scenario: an event on the `idx`-th known connection, or time passing. */
type Op = { op: 'event'; kind: Kind; idx: number; which: number } | { op: 'advance'; ms: number };

const notif = { type: 'notification' as const, code: 6, subcode: 7, data: Buffer.alloc(0) };
const opens = [
  peerOpen(),
  peerOpen({ bgpId: '10.0.0.9' }),
  peerOpen({ asn: 65099 }),
  peerOpen({ holdTime: 2 }),
  peerOpen({ holdTime: 0 }),
  peerOpen({ families: [{ afi: 2, safi: 128 }] }),
];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300_000 }) }),
  fc.record({
    op: fc.constant('event' as const),
    kind: fc.constantFrom<Kind>(
      'ManualStart', 'ManualStop', 'TcpConnectionConfirmed', 'Tcp_CR_Acked', 'TcpConnectionFails', 'BGPOpen',
      'KeepAliveMsg', 'UpdateMsg', 'EoR', 'NotifMsg', 'BGPHeaderErr', 'UpdateMsgErr', 'RouteRefreshMsg',
    ),
    idx: fc.nat(8),
    which: fc.nat(opens.length - 1),
  }),
);

function makeEvent(op: Extract<Op, { op: 'event' }>, world: World): FsmEvent {
  const conn = world.pick(op.idx);
  switch (op.kind) {
    case 'ManualStart':
    case 'ManualStop':
      return { type: op.kind };
    case 'TcpConnectionConfirmed':
      return { type: 'TcpConnectionConfirmed', conn: world.fresh() };
    case 'Tcp_CR_Acked':
    case 'KeepAliveMsg':
      return { type: op.kind, conn };
    case 'TcpConnectionFails':
      return { type: 'TcpConnectionFails', conn, message: 'reset' };
    case 'BGPOpen':
      return { type: 'BGPOpen', conn, open: opens[op.which] };
    case 'UpdateMsg':
      return { type: 'UpdateMsg', conn, update: update({ withdrawn: [{ address: parseIpv4('10.0.0.0'), length: 8 }] }) };
    case 'EoR':
      return { type: 'UpdateMsg', conn, update: update() };
    case 'NotifMsg':
      return { type: 'NotifMsg', conn, notification: notif };
    case 'BGPHeaderErr':
    case 'UpdateMsgErr':
      return { type: op.kind, conn, notification: { ...notif, code: 1, subcode: 1 } };
    case 'RouteRefreshMsg':
      return { type: 'RouteRefreshMsg', conn, message: { type: 'route-refresh', afi: 1, safi: 128, subtype: 0 } };
  }
}

/** What the test knows about connections from the actions and events it saw. */
class World {
  readonly known: string[] = [];
  readonly connected = new Set<string>();
  readonly closed = new Set<string>();
  private inSeq = 0;

  fresh = (): string => {
    const id = `in-${++this.inSeq}`;
    this.known.push(id);
    return id;
  };

  pick = (i: number): string => (this.known.length ? this.known[i % this.known.length] : 'out-0');

  /** Connection facts implied by an event, before the FSM sees it. */
  before(e: FsmEvent): void {
    if (e.type === 'TcpConnectionConfirmed') this.connected.add(e.conn);
    if (e.type === 'Tcp_CR_Acked' && !this.closed.has(e.conn)) this.connected.add(e.conn);
    if (e.type === 'TcpConnectionFails') this.closed.add(e.conn);
  }

  check(s: FsmState, actions: FsmAction[], prev: FsmState): void {
    for (const a of actions) {
      if (a.type === 'connect') {
        assert.ok(!this.known.includes(a.conn), `connection id ${a.conn} reused`);
        this.known.push(a.conn);
      }
      if (a.type === 'send') {
        assert.ok(this.connected.has(a.conn), `send on ${a.conn} which is not connected`);
        assert.ok(!this.closed.has(a.conn), `send on ${a.conn} after it was closed`);
      }
      if (a.type === 'close') this.closed.add(a.conn);
      if (a.type === 'established') assert.equal(s.state, 'Established');
      if (a.type === 'down') assert.equal(prev.state, 'Established');
    }
    const live = ['Connect', 'OpenSent', 'OpenConfirm', 'Established'].includes(s.state);
    assert.equal(s.conn !== undefined, live, `conn ${s.conn} in ${s.state}`);
    if (s.state === 'Connect') assert.ok(s.conn!.startsWith('out-'));
    if (s.conn !== undefined && s.state !== 'Connect') assert.ok(!this.closed.has(s.conn), `main connection ${s.conn} was closed`);
    assert.equal(s.negotiated !== undefined, s.state === 'OpenConfirm' || s.state === 'Established');
    if (s.collision) {
      assert.ok(s.state === 'OpenSent' || s.state === 'OpenConfirm');
      assert.ok(!this.closed.has(s.collision.conn));
    }
    if (s.state === 'Established' || s.state === 'OpenConfirm') assert.ok(this.connected.has(s.conn!));
  }
}

describe('bgp/session fsm: random event sequences (fast-check)', () => {
  it('never throws, keeps its invariants, writes only to live connections, timers make progress', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom(0, 3, 9, 90), fc.array(opArb, { maxLength: 60 }), (passive, holdTime, ops) => {
        let s = initialState(config({ passive, holdTime, routerId: parseIpv4('10.0.0.5'), peerAsn: asn(65001) }));
        let now = 0;
        const world = new World();
        const apply = (e: FsmEvent) => {
          world.before(e);
          const prev = s;
          const r = step(s, e, now);
          s = r.next;
          world.check(s, r.actions, prev);
        };
        for (const op of ops) {
          if (op.op === 'event') {
            apply(makeEvent(op, world));
            continue;
          }
          const end = now + op.ms;
          for (let fired = 0; ; fired++) {
            assert.ok(fired < 1000, 'timers do not make progress');
            const due = Object.values(s.timers).filter((d): d is number => d !== undefined && d <= end);
            if (due.length === 0) break;
            now = Math.max(now, Math.min(...due));
            apply(dueTimerEvents(s, now)[0]);
          }
          now = end;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
