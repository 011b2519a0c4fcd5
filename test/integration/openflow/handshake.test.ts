import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createVeth } from '../../../pseudo-wan/system/index.js';
import { OFPP_LOCAL, OpenFlowServer, type Datapath, type DisconnectReason } from '../../../openflow/index.js';
import { OfTestEnv } from '../../support/openflow-env.js';
import { connectBridge, eventMatching, MemoryLogger, nextEvent, startServer, until } from '../../support/openflow-harness.js';

describe('openflow integration: handshake and connection life (real ovs-vswitchd)', function () {
  this.timeout(60_000);
  let env: OfTestEnv | undefined;
  let server: OpenFlowServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await env?.destroy();
    env = undefined;
  });

  it('completes HELLO/FEATURES/PORT_DESC: dpid as bigint, ports by number', async () => {
    env = await OfTestEnv.create('hs');
    await createVeth({ name: 'p1', netns: env.netns }, { name: 'h1', netns: env.netns });
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env));
    assert.equal(dp.dpid, 1n);
    assert.ok(dp.nTables >= 3, `n_tables ${dp.nTables}`);
    assert.ok(dp.ports.has(OFPP_LOCAL), 'LOCAL port listed');
    assert.equal(dp.ports.get(OFPP_LOCAL)?.name, 'br0');
    assert.equal(server.datapaths.get(1n), dp);

    // A port added later arrives as PORT_STATUS and updates dp.ports.
    const status = eventMatching<[{ reason: string; port: { portNo: number; name: string } }]>(dp, 'port_status', (m) => m.reason === 'add' && m.port.portNo === 7);
    await env.ovs.addPort('br0', 'p1', 7);
    const [msg] = await status;
    assert.equal(msg.port.name, 'p1');
    assert.equal(dp.ports.get(7)?.name, 'p1');

    // ...and deleting it removes it.
    const gone = eventMatching<[{ reason: string; port: { portNo: number } }]>(dp, 'port_status', (m) => m.reason === 'delete' && m.port.portNo === 7);
    await env.ovs.vsctl(['del-port', 'br0', 'p1']);
    await gone;
    assert.equal(dp.ports.has(7), false);
  });

  it('answers requests by xid: features, port_desc, barrier, concurrent echoes', async () => {
    env = await OfTestEnv.create('rq');
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env));
    const payloads = Array.from({ length: 20 }, (_, i) => Buffer.from(`ping-${i}`));
    const replies = await Promise.all(payloads.map((data) => dp.request({ type: 'echo_request', xid: 0, data })));
    assert.deepEqual(replies.map((r) => r.data.toString()), payloads.map((p) => p.toString()));
    const features = await dp.request({ type: 'features_request', xid: 0 });
    assert.equal(features.datapathId, 1n);
    const desc = await dp.request({ type: 'multipart_request', xid: 0, flags: 0, body: { kind: 'desc' } });
    assert.equal(desc.body.kind, 'desc');
    if (desc.body.kind === 'desc') assert.match(desc.body.mfrDesc, /Nicira/);
    await dp.barrier();
  });

  it('refuses a switch that offers no OpenFlow 1.3 with HELLO_FAILED and a clear log line', async () => {
    env = await OfTestEnv.create('vf');
    const logger = new MemoryLogger();
    server = await startServer(env, { logger });
    let connected = false;
    server.on('connect', () => (connected = true));
    await env.addBridge('0000000000000002', { protocols: 'OpenFlow10' });
    const line = await until('HELLO_FAILED log line', async () => logger.lines.find((l) => /version negotiation failed/.test(l.msg)));
    assert.equal(line.level, 'error');
    assert.match(line.msg, /OpenFlow 1\.0/);
    assert.match(line.msg, /HELLO_FAILED/);
    // OVS, too, sees the negotiation fail (it logs the versions each side offered).
    const log = await until('OVS to log the failed negotiation', async () => {
      const text = await readFile(`${env!.ovs.dir}/ovs-vswitchd.log`, 'utf8');
      return /version negotiation failed \(we support version 0x01, peer supports version 0x04\)/.test(text) ? text : undefined;
    });
    assert.ok(log);
    assert.equal(connected, false);
    assert.equal(server.datapaths.size, 0);
  });

  it('reports disconnect when ovs-vswitchd dies and connect again when it restarts', async () => {
    env = await OfTestEnv.create('rc');
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env));
    const down = nextEvent<[Datapath, DisconnectReason]>(server, 'disconnect');
    await env.ovs.killVswitchd();
    const [gone, reason] = await down;
    assert.equal(gone, dp);
    assert.equal(reason.kind, 'closed');
    assert.equal(server.datapaths.size, 0);
    await assert.rejects(dp.barrier(), /connection lost/);

    const up = nextEvent<[Datapath]>(server, 'connect', 30_000);
    await env.ovs.startVswitchd();
    const [again] = await up;
    assert.notEqual(again, dp);
    assert.equal(again.dpid, 1n);
    await again.barrier();
  });

  it('detects a switch that stops answering echoes (process frozen with SIGSTOP)', async () => {
    env = await OfTestEnv.create('ka');
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env, { echoIntervalMs: 300, echoTimeoutMs: 700 }));
    // While the switch is alive, several echo rounds pass without a disconnect.
    let early = false;
    server.once('disconnect', () => (early = true));
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(early, false, 'disconnected although the switch answered echoes');
    const pid = await env.ovs.vswitchdPid();
    assert.ok(pid);
    const down = nextEvent<[Datapath, DisconnectReason]>(server, 'disconnect', 10_000);
    process.kill(pid, 'SIGSTOP');
    try {
      const [gone, reason] = await down;
      assert.equal(gone, dp);
      assert.equal(reason.kind, 'echo-timeout');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  it('closes switch connections on server close', async () => {
    env = await OfTestEnv.create('sd');
    let dp: Datapath;
    ({ server, dp } = await connectBridge(env));
    const down = nextEvent<[Datapath, DisconnectReason]>(server, 'disconnect');
    await server.close();
    const [, reason] = await down;
    assert.equal(reason.kind, 'shutdown');
    assert.equal(dp.connected, false);
    server = undefined;
  });
});
