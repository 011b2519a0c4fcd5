/**
 * A raw test socket plays the neighbour: after a valid VPNv4 UPDATE, the same route comes again
 * with a malformed ORIGIN (RFC 7606 §7.1: treat-as-withdraw). The route must leave the VRF, the
 * session must stay up, and later UPDATEs must still be served.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import {
  BgpSpeaker,
  asn,
  formatIpv4Prefix,
  label,
  parseIpv4,
  parseIpv4Prefix,
  parseRd,
  parseRouteTarget,
  type VrfRouteChange,
} from '../../../../bgp/index.js';
import { BgpFramer, decodeMessage, encodeMessage, type UpdateMessage } from '../../../../bgp/wire/index.js';
import { until } from '../../../support/until.js';

const ctx = { fourOctetAs: true };

function update(prefix: string): UpdateMessage {
  return {
    type: 'update',
    withdrawn: [],
    nlri: [],
    attributes: {
      origin: 'igp',
      asPath: [{ type: 'sequence', asns: [asn(65002)] }],
      extendedCommunities: [{ type: 'route-target', routeTarget: parseRouteTarget('65001:101') }],
      mpReach: { kind: 'vpnv4', afi: 1, safi: 128, nextHop: parseIpv4('127.0.0.1'), nlri: [{ labels: [label(3000)], rd: parseRd('65002:1'), prefix: parseIpv4Prefix(prefix) }] },
    },
  };
}

/** The same UPDATE with ORIGIN's value byte set to 5 (undefined: RFC 4271 §5.1.1 knows 0..2). */
function withBadOrigin(frame: Buffer): Buffer {
  const out = Buffer.from(frame);
  const at = out.indexOf(Buffer.from([0x40, 0x01, 0x01, 0x00]), 23);
  assert.ok(at > 0, 'ORIGIN attribute found');
  out[at + 3] = 5;
  return out;
}

/** Polling budget of this file: 300 tries × 20 ms (two speakers over loopback settle fast). */
const POLL = { tries: 300, intervalMs: 20 };

describe('bgp/speaker RFC 7606 treat-as-withdraw from a raw peer', function () {
  this.timeout(30_000);
  let speaker: BgpSpeaker;
  let socket: Socket | undefined;

  afterEach(async () => {
    socket?.destroy();
    await speaker.stop();
  });

  it('withdraws the route, keeps the session and keeps serving', async () => {
    speaker = new BgpSpeaker({ asn: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) }, listen: { host: '127.0.0.1', port: 0 } });
    const changes: VrfRouteChange[] = [];
    speaker.on('vrf-route', (c) => changes.push(c));
    speaker.addVrf({ rd: parseRd('65001:101'), importRts: [parseRouteTarget('65001:101')], exportRts: [] });
    speaker.addNeighbor({ address: parseIpv4('127.0.0.1'), remoteAsn: asn(65002), passive: true });
    await speaker.start();

    const received: string[] = [];
    const framer = new BgpFramer();
    const s = connect({ host: '127.0.0.1', port: speaker.listenPort! });
    socket = s;
    s.on('data', (chunk: Buffer) => {
      for (const f of framer.push(chunk)) received.push(decodeMessage(f, ctx).type);
    });
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(
      encodeMessage(
        {
          type: 'open',
          version: 4,
          myAsn: 65002,
          holdTime: 90,
          bgpId: parseIpv4('10.10.10.2'),
          capabilities: [{ type: 'multiprotocol', afi: 1, safi: 128 }, { type: 'four-octet-as', asn: asn(65002) }],
        },
        ctx,
      ),
    );
    s.write(encodeMessage({ type: 'keepalive' }, ctx));
    await until(() => (speaker.neighbors()[0]!.state === 'Established' ? true : undefined), 'Established', POLL);

    const good = encodeMessage(update('150.1.0.0/24'), ctx);
    s.write(good);
    await until(() => (speaker.vrfRoutes(parseRd('65001:101')).length === 1 ? true : undefined), 'route in VRF', POLL);

    s.write(withBadOrigin(good));
    await until(() => (speaker.vrfRoutes(parseRd('65001:101')).length === 0 ? true : undefined), 'route withdrawn', POLL);
    const [n] = speaker.neighbors();
    assert.equal(n!.state, 'Established');
    assert.equal(n!.counters.treatedAsWithdraw, 1);
    assert.deepEqual(changes.map((c) => [formatIpv4Prefix(c.prefix), c.withdraw]), [['150.1.0.0/24', false], ['150.1.0.0/24', true]]);
    assert.ok(!received.includes('notification'), `no NOTIFICATION: ${received.join(',')}`);

    s.write(encodeMessage(update('150.2.0.0/24'), ctx));
    await until(() => (speaker.vrfRoutes(parseRd('65001:101')).length === 1 ? true : undefined), 'next route served', POLL);
    assert.equal(speaker.neighbors()[0]!.state, 'Established');
  });
});
