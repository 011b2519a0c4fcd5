/**
 * The Datapath shell against a scripted fake switch over a real unix socket (no OVS: this is
 * a unit test of the connection module; the integration tests use real ovs-vswitchd).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeMessage,
  encodeMessage,
  hello,
  OfDisconnectedError,
  OfFramer,
  OfSwitchError,
  OpenFlowServer,
  OFPMPF_REPLY_MORE,
  type Datapath,
  type DisconnectReason,
  type MacAddress,
  type OfMessage,
  type PortDesc,
} from '../../../../openflow/index.js';
import { MemoryLogger, nextEvent } from '../../../support/openflow-harness.js';

const port = (portNo: number, name: string): PortDesc => ({
  portNo,
  hwAddr: '02:00:00:00:00:0a' as MacAddress,
  name,
  config: 0,
  state: 0,
  curr: 0,
  advertised: 0,
  supported: 0,
  peer: 0,
  currSpeed: 0,
  maxSpeed: 0,
});

/** A scripted switch: answers the handshake (optionally a byte at a time), records what it got. */
class FakeSwitch {
  readonly received: OfMessage[] = [];
  readonly raw: Buffer[] = [];
  private readonly framer = new OfFramer();
  readonly socket: net.Socket;
  onMessage: (m: OfMessage) => void = () => undefined;

  constructor(path: string, private readonly opts: { dribble?: boolean; helloFrame?: Buffer; silent?: boolean } = {}) {
    this.socket = net.connect(path);
    this.socket.on('connect', () => this.write(opts.helloFrame ?? encodeMessage(hello(1))));
    this.socket.on('error', () => undefined);
    this.socket.on('data', (chunk: Buffer) => {
      for (const frame of this.framer.push(chunk)) {
        this.raw.push(Buffer.from(frame));
        if (frame[0] !== 4) continue;
        const m = decodeMessage(frame);
        this.received.push(m);
        this.answer(m);
        this.onMessage(m);
      }
    });
  }

  write(buf: Buffer): void {
    if (!this.opts.dribble) {
      this.socket.write(buf);
      return;
    }
    for (let i = 0; i < buf.length; i++) this.socket.write(buf.subarray(i, i + 1));
  }

  private answer(m: OfMessage): void {
    if (m.type === 'features_request') {
      this.write(encodeMessage({ type: 'features_reply', xid: m.xid, datapathId: 0xabcdef0123456789n, nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0, reserved: 0 }));
    } else if (m.type === 'multipart_request' && m.body.kind === 'port_desc') {
      // Split over two parts to exercise reassembly.
      this.write(encodeMessage({ type: 'multipart_reply', xid: m.xid, flags: OFPMPF_REPLY_MORE, body: { kind: 'port_desc', ports: [port(1, 'p1')] } }));
      this.write(encodeMessage({ type: 'multipart_reply', xid: m.xid, flags: 0, body: { kind: 'port_desc', ports: [port(2, 'p2'), port(0xfffffffe, 'br0')] } }));
    } else if (m.type === 'echo_request' && !this.opts.silent) {
      this.write(encodeMessage({ type: 'echo_reply', xid: m.xid, data: m.data }));
    } else if (m.type === 'barrier_request') {
      this.write(encodeMessage({ type: 'barrier_reply', xid: m.xid }));
    }
  }
}

describe('openflow/connection/datapath (fake switch over a unix socket)', () => {
  let dir: string;
  let server: OpenFlowServer;
  let logger: MemoryLogger;
  let fake: FakeSwitch | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ofi-unit-'));
    logger = new MemoryLogger();
    server = new OpenFlowServer({ unix: join(dir, 'of.sock'), logger, echoIntervalMs: 200, echoTimeoutMs: 300 });
    await server.listen();
  });
  afterEach(async () => {
    fake?.socket.destroy();
    fake = undefined;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('handshakes with a switch that writes one byte at a time; ports reassembled from two parts', async () => {
    const connected = nextEvent<[Datapath]>(server, 'connect', 5000);
    fake = new FakeSwitch(join(dir, 'of.sock'), { dribble: true });
    const [dp] = await connected;
    assert.equal(dp.dpid, 0xabcdef0123456789n);
    assert.deepEqual([...dp.ports.keys()].sort(), [1, 2, 0xfffffffe].sort());
    // Our HELLO was the first thing on the wire: version 4, bitmap offering 1.3 only.
    assert.equal(fake.raw[0]?.toString('hex').slice(0, 8), '04000010');
    assert.equal(fake.raw[0]?.subarray(8).toString('hex'), '0001000800000010');
  });

  it('answers the switch echo with the same xid and data', async () => {
    const connected = nextEvent<[Datapath]>(server, 'connect', 5000);
    fake = new FakeSwitch(join(dir, 'of.sock'));
    await connected;
    const got = new Promise<OfMessage>((resolve) => (fake!.onMessage = (m) => m.type === 'echo_reply' && m.xid === 4242 && resolve(m)));
    fake.write(encodeMessage({ type: 'echo_request', xid: 4242, data: Buffer.from('abc') }));
    const reply = await got;
    assert.equal(reply.type === 'echo_reply' && reply.data.toString(), 'abc');
  });

  it('keeps a switch that answers probes, drops one that does not', async () => {
    const up = nextEvent<[Datapath]>(server, 'connect', 5000);
    const talker = new FakeSwitch(join(dir, 'of.sock'));
    const [alive] = await up;
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(alive.connected, true, 'a switch answering echoes stays connected');
    assert.ok(talker.received.filter((m) => m.type === 'echo_request').length >= 2);
    talker.socket.destroy();

    const connected = nextEvent<[Datapath]>(server, 'connect', 5000);
    fake = new FakeSwitch(join(dir, 'of.sock'), { silent: true });
    const [dp] = await connected;
    const down = nextEvent<[Datapath, DisconnectReason]>(server, 'disconnect', 5000);
    const [gone, reason] = await down;
    assert.equal(gone, dp);
    assert.equal(reason.kind, 'echo-timeout');
    assert.ok(fake.received.some((m) => m.type === 'echo_request'), 'an ECHO_REQUEST probe was sent');
  });

  it('sends HELLO_FAILED in the switch version and never reports a connect', async () => {
    let connected = false;
    server.on('connect', () => (connected = true));
    const v10hello = Buffer.from('0100000800000007', 'hex');
    fake = new FakeSwitch(join(dir, 'of.sock'), { helloFrame: v10hello });
    await new Promise((resolve) => fake!.socket.on('close', resolve));
    const err = fake.raw.find((f) => f[1] === 1);
    assert.ok(err, 'an ERROR frame was sent');
    assert.equal(err[0], 1, 'in the switch version');
    assert.equal(err.readUInt32BE(4), 7, 'answering the HELLO xid');
    assert.equal(err.readUInt16BE(8), 0, 'OFPET_HELLO_FAILED');
    assert.equal(err.readUInt16BE(10), 0, 'OFPHFC_INCOMPATIBLE');
    assert.match(err.subarray(12).toString(), /1\.3/);
    assert.equal(connected, false);
    assert.ok(logger.lines.some((l) => l.level === 'error' && /version negotiation failed/.test(l.msg)));
  });

  it('matches errors by xid, emits unmatched ones, and rejects pending requests on disconnect', async () => {
    const connected = nextEvent<[Datapath]>(server, 'connect', 5000);
    fake = new FakeSwitch(join(dir, 'of.sock'));
    const [dp] = await connected;
    // The fake answers get_config with an error naming the request's xid.
    fake.onMessage = (m) => {
      if (m.type === 'get_config_request') fake!.write(encodeMessage({ type: 'error', xid: m.xid, errType: 1, code: 1, data: Buffer.alloc(0) }));
    };
    await assert.rejects(dp.request({ type: 'get_config_request', xid: 0 }), (e: unknown) => e instanceof OfSwitchError && e.typeName === 'OFPET_BAD_REQUEST' && e.codeName === 'OFPBRC_BAD_TYPE');
    const unmatched = nextEvent<[OfSwitchError]>(dp, 'error', 2000);
    fake.write(encodeMessage({ type: 'error', xid: 999_999, errType: 5, code: 0, data: Buffer.alloc(0) }));
    const [e] = await unmatched;
    assert.equal(e.codeName, 'OFPFMFC_UNKNOWN');
    // A request the fake never answers is rejected when the connection goes.
    fake.onMessage = () => undefined;
    const pending = dp.request({ type: 'get_config_request', xid: 0 });
    fake.socket.destroy();
    await assert.rejects(pending, OfDisconnectedError);
  });

  it('drops a switch whose stream cannot be framed (length < 8)', async () => {
    const connected = nextEvent<[Datapath]>(server, 'connect', 5000);
    fake = new FakeSwitch(join(dir, 'of.sock'));
    await connected;
    const down = nextEvent<[Datapath, DisconnectReason]>(server, 'disconnect', 5000);
    fake.write(Buffer.from('0402000400000001', 'hex'));
    const [, reason] = await down;
    assert.equal(reason.kind, 'protocol-error');
  });
});
