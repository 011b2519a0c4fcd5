/**
 * End to end, `--peer external --uplink IFACE`: site A alone, its port 1 a named interface of
 * the machine moved into its namespace, peering with a real external PE (gobgpd) behind it.
 * `stop` hands the interface back to the machine.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createPeerNamespace, startGobgpd, type Gobgpd, type PeerNamespace } from '../support/gobgpd.js';
import { cli, namespacesOf, testPrefix } from './cli-support.js';

describe('e2e: site A with an external peer (gobgpd) on --uplink', function () {
  this.timeout(120_000);
  const prefix = testPrefix('pwx');
  let peer: PeerNamespace | undefined;
  let gobgpd: Gobgpd | undefined;
  let dir: string;
  let port = 0;

  before(async function () {
    this.timeout(180_000);
    dir = await mkdtemp(join(tmpdir(), 'pw-cli-ext-'));
    // The external PE at 192.168.0.2 (AS 65002), as the original's OpenFlow.ini expects it.
    peer = await createPeerNamespace(`${prefix}x`, '192.168.0.0');
    gobgpd = await startGobgpd({
      netns: peer.netns,
      dir: join(dir, 'gobgpd'),
      asn: 65002,
      routerId: '10.10.10.2',
      neighbors: [{ address: '192.168.0.1', asn: 65001, families: ['l3vpn-ipv4-unicast'], connectRetry: 1, idleHoldAfterReset: 1 }],
      logLevel: 'info',
    });
    port = 18480 + (process.pid % 50) * 2;
  });

  after(async function () {
    this.timeout(60_000);
    await cli(prefix, ['stop']);
    for (const ns of await namespacesOf(prefix)) await execa('ip', ['netns', 'del', ns], { reject: false });
    await gobgpd?.stop();
    await peer?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('start --peer external: site A only, session Established with the external PE', async () => {
    assert.ok(peer && gobgpd);
    const started = await cli(prefix, ['start', '--peer', 'external', '--uplink', peer.rootIf, '--rest-port', String(port)]);
    assert.equal(started.exitCode, 0, `${started.stdout}\n${started.stderr}\n${await gobgpd.logTail()}`);
    assert.match(started.stdout, /BGP sessions Established/);
    assert.equal(await gobgpd.neighborState('192.168.0.1'), 'established');
    assert.deepEqual((await namespacesOf(prefix)).filter((n) => n.endsWith('-b')), [], 'no site B');
    const inSite = await execa('ip', ['-n', `${prefix}-a`, 'link', 'show', 'dev', peer.rootIf], { reject: false });
    assert.equal(inSite.exitCode, 0, 'the uplink interface is inside site A');
  });

  it("the external PE learns site A's VPN routes, and site A learns the PE's", async () => {
    assert.ok(gobgpd);
    let rib = '';
    for (let i = 0; i < 50 && !rib.includes('65001:101:10.1.0.2/32'); i++) {
      rib = await gobgpd.gobgp(['global', 'rib', '-a', 'vpnv4']);
      if (!rib.includes('65001:101:10.1.0.2/32')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(rib, /65001:101:10\.1\.0\.2\/32/);
    assert.match(rib, /65001:402:140\.2\.9\.0\/24/);
    await gobgpd.gobgp(['global', 'rib', '-a', 'vpnv4', 'add', '55.5.0.0/24', 'label', '3005', 'rd', '65002:101', 'rt', '65001:101', 'nexthop', '192.168.0.2']);
    let mpls = '';
    for (let i = 0; i < 50 && !mpls.includes('55.5.0.0/24'); i++) {
      mpls = String((await execa('curl', ['-s', `http://127.0.0.1:${port}/openflow/0000000000000001/mpls`], { reject: false })).stdout);
      if (!mpls.includes('55.5.0.0/24')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(mpls, /55\.5\.0\.0\/24/);
  });

  it('stop moves the interface back to the machine and leaves nothing of site A', async () => {
    assert.ok(peer);
    const stopped = await cli(prefix, ['stop']);
    assert.equal(stopped.exitCode, 0, stopped.stderr);
    assert.match(stopped.stdout, new RegExp(`moved ${peer.rootIf} back`));
    assert.deepEqual(await namespacesOf(prefix), []);
    const back = await execa('ip', ['link', 'show', 'dev', peer.rootIf], { reject: false });
    assert.equal(back.exitCode, 0, 'the interface is back in the root namespace');
  });
});
