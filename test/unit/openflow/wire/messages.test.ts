/**
 * Hand-checked encodings (bytes written out from the spec's struct layouts) and the helpers
 * the connection and controller use.
 */
import assert from 'node:assert/strict';
import {
  OFPCML_NO_BUFFER,
  OFPG_ANY,
  OFPMPF_REPLY_MORE,
  OFPP_ANY,
  OFPP_CONTROLLER,
  OFPTT_ALL,
  OFP_NO_BUFFER,
  OfEncodeError,
  OfWriter,
  bundleAdd,
  decodeMessage,
  encodeMessage,
  flowMod,
  flowStatsRequest,
  getField,
  hello,
  helloVersions,
  isReplyMore,
  mergeMultipartReplies,
  output,
  packetInPort,
  parseMac,
  readHeader,
  writeMessage,
  type MultipartReplyMessage,
  type PacketInMessage,
} from '../../../../openflow/wire/index.js';

const hex = (s: string): string => s.replace(/\s+/g, '');

describe('openflow/wire messages', () => {
  it('HELLO carries a version bitmap (§7.5.1): 1.3 only = bit 4', () => {
    assert.equal(encodeMessage(hello(1)).toString('hex'), hex('04 00 0010 00000001  0001 0008 00000010'));
    assert.deepEqual(helloVersions(hello(0, [1, 4, 5, 33])), [1, 4, 5, 33]);
    assert.deepEqual(helloVersions({ type: 'hello', xid: 0, version: 3, elements: [] }), [1, 2, 3]);
  });

  it('encodes a FLOW_MOD field by field (§7.3.4.1) with back-patched lengths', () => {
    const m = flowMod({
      xid: 0x11,
      cookie: 0x0102030405060708n,
      tableId: 1,
      priority: 24,
      match: [{ field: 'in_port', value: 2 }],
      instructions: [{ type: 'apply_actions', actions: [output(OFPP_CONTROLLER)] }, { type: 'goto_table', tableId: 2 }],
    });
    const expected = hex(`
      04 0e 0060 00000011
      0102030405060708 0000000000000000
      01 00 0000 0000 0018 ffffffff ffffffff ffffffff 0000 0000
      0001 000c 80000004 00000002 00000000
      0004 0018 00000000 0000 0010 fffffffd ffff 000000000000
      0001 0008 02 000000`);
    assert.equal(encodeMessage(m).toString('hex'), expected);
    assert.deepStrictEqual(decodeMessage(Buffer.from(expected, 'hex')), m);
  });

  it('encodes set_field padded to 8 bytes and masked OXM fields with the HASMASK bit', () => {
    const m = flowMod({
      match: [{ field: 'ipv4_dst', value: 0x0a000000, mask: 0xff000000 }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'set_field', field: { field: 'eth_dst', value: parseMac('02:00:00:00:00:01') } }] }],
    });
    const b = encodeMessage(m);
    // match: class 8000, field 12 <<1 | 1 = 0x19, length 8
    assert.equal(b.subarray(48, 64).toString('hex'), hex('0001 0010 8000 19 08 0a000000 ff000000'));
    // set_field: type 25, len 16, OXM eth_dst (3<<1 = 06, len 6), value, 2 bytes pad
    assert.equal(b.subarray(72, 88).toString('hex'), hex('0019 0010 8000 06 06 020000000001 0000'));
  });

  it('fills flow-mod defaults as the spec names them', () => {
    const m = flowMod();
    assert.equal(m.command, 'add');
    assert.equal(m.bufferId, OFP_NO_BUFFER);
    assert.equal(m.outPort, OFPP_ANY);
    assert.equal(m.outGroup, OFPG_ANY);
    assert.equal(m.priority, 0x8000);
    const out = output(1);
    assert.equal(out.type === 'output' && out.maxLen, OFPCML_NO_BUFFER);
  });

  it('builds bundle-adds whose outer xid equals the inner one (OVS checks it)', () => {
    const add = bundleAdd(9, 1, flowMod({ xid: 1234 }));
    assert.equal(add.xid, 1234);
    const b = encodeMessage(add);
    assert.equal(b.subarray(0, 24).toString('hex'), hex('04 04 0050 000004d2 4f4e4600 000008fd 00000009 0000 0001'));
    assert.equal(readHeader(b, 24).xid, 1234);
  });

  it('builds FLOW stats requests over all tables by default', () => {
    const r = flowStatsRequest(5);
    assert.equal(r.body.kind === 'flow' && r.body.tableId, OFPTT_ALL);
    assert.equal(encodeMessage(r).toString('hex'), hex('04 12 0038 00000005 0001 0000 00000000 ff 000000 ffffffff ffffffff 00000000 0000000000000000 0000000000000000 0001 0004 00000000'));
  });

  it('exposes OFPMPF_REPLY_MORE and merges split replies in order', () => {
    const port = (portNo: number) => ({ portNo, hwAddr: parseMac('02:00:00:00:00:01'), name: `p${portNo}`, config: 0, state: 0, curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 0, maxSpeed: 0 });
    const parts: MultipartReplyMessage[] = [
      { type: 'multipart_reply', xid: 3, flags: OFPMPF_REPLY_MORE, body: { kind: 'port_desc', ports: [port(1), port(2)] } },
      { type: 'multipart_reply', xid: 3, flags: 0, body: { kind: 'port_desc', ports: [port(3)] } },
    ];
    assert.equal(isReplyMore(parts[0]!), true);
    assert.equal(isReplyMore(parts[1]!), false);
    const merged = mergeMultipartReplies(parts);
    assert.equal(merged.flags, 0);
    assert.deepEqual(merged.body.kind === 'port_desc' && merged.body.ports.map((p) => p.portNo), [1, 2, 3]);
    assert.throws(() => mergeMultipartReplies([]), RangeError);
  });

  it('reads a packet-in in_port from its match', () => {
    const pi: PacketInMessage = { type: 'packet_in', xid: 0, bufferId: OFP_NO_BUFFER, totalLen: 0, reason: 'action', tableId: 0, cookie: 0n, match: [{ field: 'metadata', value: 1n }, { field: 'in_port', value: 7 }], data: Buffer.alloc(0) };
    assert.equal(packetInPort(pi), 7);
    assert.equal(getField(pi.match, 'metadata')?.value, 1n);
    assert.equal(getField(pi.match, 'eth_dst'), undefined);
  });

  it('packs many messages into one growing writer, each framed with its own length', () => {
    const w = new OfWriter(16);
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) starts.push(writeMessage(w, flowMod({ xid: i, match: [{ field: 'in_port', value: i }] })));
    const all = w.toBuffer();
    starts.forEach((s, i) => {
      const h = readHeader(all, s);
      assert.equal(h.xid, i);
      const m = decodeMessage(all.subarray(s, s + h.length));
      assert.equal(m.type === 'flow_mod' && m.match[0]?.field === 'in_port' && m.match[0].value, i);
    });
  });

  it('refuses to encode values that do not fit their field', () => {
    assert.throws(() => encodeMessage(flowMod({ match: [{ field: 'vlan_vid', value: 0x10000 }] })), OfEncodeError);
    assert.throws(() => encodeMessage({ type: 'error', xid: 0, errType: 0xffff, code: 1, data: Buffer.alloc(0) }), OfEncodeError);
  });
});
