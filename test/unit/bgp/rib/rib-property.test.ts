/**
 * Property: whatever neighbours announce, withdraw or lose, and however VRFs and local routes
 * come and go, replaying the 'vrf-route' event stream gives exactly the VRF tables' best paths
 * (the controller mirrors the tables from the stream alone), and every VRF holds exactly the
 * Loc-RIB best paths whose RTs it imports.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIpv4Prefix, formatRd, type Rd } from '../../../../bgp/types/index.js';
import { vrfRouteViews, type Rib } from '../../../../bgp/rib/index.js';
import { addPeer, attrs, ip, lbl, makeRib, pfx, rd, rt, seq } from './helpers.js';

const PREFIXES = ['150.1.0.0/24', '150.1.0.0/25', '150.2.0.0/24', '110.1.0.0/24'];
const RDS = ['65002:1', '65002:2'];
const RTS = ['65001:101', '65001:102', '65001:900'];
const VRFS: Array<[string, string[]]> = [['65001:101', ['65001:101']], ['65001:102', ['65001:102', '65001:900']], ['65001:103', ['65001:900']]];

type Op =
  | { k: 'announce'; peer: number; rd: number; p: number; rts: number[]; len: number; l: number }
  | { k: 'withdraw'; peer: number; rd: number; p: number }
  | { k: 'down'; peer: number }
  | { k: 'local'; vrf: number; p: number; add: boolean }
  | { k: 'vrf'; vrf: number; add: boolean }
  | { k: 'turn' };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('announce' as const), peer: fc.nat(1), rd: fc.nat(1), p: fc.nat(3), rts: fc.subarray([0, 1, 2]), len: fc.nat(2), l: fc.nat(3) }),
  fc.record({ k: fc.constant('withdraw' as const), peer: fc.nat(1), rd: fc.nat(1), p: fc.nat(3) }),
  fc.record({ k: fc.constant('down' as const), peer: fc.nat(1) }),
  fc.record({ k: fc.constant('local' as const), vrf: fc.nat(2), p: fc.nat(3), add: fc.boolean() }),
  fc.record({ k: fc.constant('vrf' as const), vrf: fc.nat(2), add: fc.boolean() }),
  fc.constant({ k: 'turn' as const }),
);

function bestRows(rib: Rib): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of rib.vrfs()) {
    for (const r of vrfRouteViews(v)) {
      if (r.best) out.set(`${formatRd(v.rd)} ${formatIpv4Prefix(r.prefix)}`, `${r.nexthop} ${r.labels.join(',')} ${r.source}`);
    }
  }
  return out;
}

describe('bgp/rib Rib properties', () => {
  it('the event stream mirrors the VRF tables; VRFs hold exactly the imported best paths', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), (ops) => {
        const { rib, turn } = makeRib();
        const peers = [addPeer(rib, '192.168.0.2', 65002), addPeer(rib, '192.168.1.2', 65003)];
        const mirror = new Map<string, string>();
        const replay = () => {
          for (const c of turn()) {
            const key = `${formatRd(c.vrf)} ${formatIpv4Prefix(c.prefix)}`;
            if (c.withdraw) {
              assert.ok(mirror.has(key), `withdraw of ${key} never announced`);
              mirror.delete(key);
            } else mirror.set(key, `${c.nexthop} ${c.labels.join(',')} ${c.source}`);
          }
        };
        const vrfRd = (i: number): Rd => rd(VRFS[i]![0]);
        const hasVrf = (i: number) => rib.vrfs().some((v) => formatRd(v.rd) === VRFS[i]![0]);
        for (const op of ops) {
          switch (op.k) {
            case 'announce':
              rib.announce(peers[op.peer]!, rd(RDS[op.rd]!), pfx(PREFIXES[op.p]!), lbl(2000 + op.l), attrs(rib, {
                rts: op.rts.map((i) => RTS[i]!),
                asPath: seq(...[65002 + op.peer, 7, 8].slice(0, op.len + 1)),
                nextHop: ip(`192.168.${op.peer}.2`),
              }));
              break;
            case 'withdraw':
              rib.withdraw(peers[op.peer]!, rd(RDS[op.rd]!), pfx(PREFIXES[op.p]!));
              break;
            case 'down':
              rib.clearPeer(peers[op.peer]!);
              break;
            case 'local': {
              if (!hasVrf(op.vrf)) break;
              const has = rib.vrf(vrfRd(op.vrf)).locals.get(pfx(PREFIXES[op.p]!).address, pfx(PREFIXES[op.p]!).length) !== undefined;
              if (op.add && !has) rib.addLocalRoute(vrfRd(op.vrf), pfx(PREFIXES[op.p]!), ip('10.1.0.2'), 'static');
              if (!op.add && has) rib.removeLocalRoute(vrfRd(op.vrf), pfx(PREFIXES[op.p]!));
              break;
            }
            case 'vrf':
              if (op.add && !hasVrf(op.vrf)) rib.addVrf({ rd: vrfRd(op.vrf), importRts: VRFS[op.vrf]![1].map(rt), exportRts: [rt('65001:999')] });
              if (!op.add && hasVrf(op.vrf)) rib.removeVrf(vrfRd(op.vrf));
              break;
            case 'turn':
              replay();
              break;
          }
        }
        replay();
        assert.deepEqual([...mirror].sort(), [...bestRows(rib)].sort());
        // Each VRF's remote candidates are exactly the Loc-RIB best paths it imports.
        for (const v of rib.vrfs()) {
          const want = new Set<string>();
          for (const d of rib.locRib.values()) {
            if (d.best && d.best.source.kind === 'peer' && v.imports(d.best.attrs.rtKeys)) want.add(`${formatRd(d.rd)} ${d.address}/${d.length}`);
          }
          const got = new Set<string>();
          for (const e of v.table.values()) for (const c of e.candidates) if (c.source.kind === 'peer') got.add(`${formatRd(c.dest.rd)} ${e.address}/${e.length}`);
          assert.deepEqual([...got].sort(), [...want].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
