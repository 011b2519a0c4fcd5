/**
 * Packet codecs against real frames: the ARP request and ICMP echo a Linux host sent through
 * OVS (carried in the PACKET_INs of the golden fixtures), and RFC 1071's own checksum example.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARP_OP,
  ETH_TYPE,
  ICMP_TYPE,
  IP_PROTO,
  PacketDecodeError,
  checksumValid,
  decodeArp,
  decodeEthernet,
  decodeIcmp,
  decodeIpv4,
  encodeArp,
  encodeEthernet,
  encodeIcmp,
  encodeIpv4,
  internetChecksum,
  onesComplementSum,
} from '../../../../openflow/packet/index.js';
import { decodeMessage, type OfMessage } from '../../../../openflow/wire/index.js';
import type { Fixture } from '../../../fixtures/openflow/fixture-json.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/openflow/golden/vswitchd-packet-in.json'), 'utf8')) as Fixture;
const messages: OfMessage[] = fixture.frames.map((f) => decodeMessage(Buffer.from(f.hex, 'hex')));
const dataOf = (m: OfMessage | undefined): Buffer => {
  if (!m || (m.type !== 'packet_in' && m.type !== 'packet_out')) throw new Error('fixture changed');
  return m.data;
};
const etherTypeOf = (m: OfMessage): number => (m.type === 'packet_in' ? decodeEthernet(m.data).ethertype : -1);
const arpIn = messages.find((m) => etherTypeOf(m) === ETH_TYPE.ARP);
const arpOut = messages.find((m) => m.type === 'packet_out');
const icmpIn = messages.find((m) => etherTypeOf(m) === ETH_TYPE.IPV4);
const ip = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

describe('openflow/packet on real frames', () => {
  it('RFC 1071 §3 example: words 0001 f203 f4f5 f6f7 sum to ddf2, checksum 220d', () => {
    const b = Buffer.from('0001f203f4f5f6f7', 'hex');
    assert.equal(onesComplementSum(b), 0xddf2);
    assert.equal(internetChecksum(b), 0x220d);
    assert.ok(checksumValid(Buffer.concat([b, Buffer.from('220d', 'hex')])));
  });

  it('decodes the ARP request a Linux host sent (PACKET_IN) and re-encodes it byte for byte', () => {
    const frame = dataOf(arpIn);
    const eth = decodeEthernet(frame);
    assert.equal(eth.dst, 'ff:ff:ff:ff:ff:ff');
    assert.equal(eth.src, '02:00:00:00:01:01');
    assert.equal(eth.ethertype, ETH_TYPE.ARP);
    const arp = decodeArp(eth.payload);
    assert.deepEqual(arp, { op: ARP_OP.REQUEST, sha: '02:00:00:00:01:01', spa: ip('10.1.1.1'), tha: '00:00:00:00:00:00', tpa: ip('10.1.1.254') });
    assert.deepEqual(encodeEthernet({ ...eth, payload: encodeArp(arp) }), frame);
  });

  it('decodes our ARP reply (the PACKET_OUT the host accepted)', () => {
    const eth = decodeEthernet(dataOf(arpOut));
    const arp = decodeArp(eth.payload);
    assert.equal(arp.op, ARP_OP.REPLY);
    assert.equal(arp.tha, '02:00:00:00:01:01');
    assert.equal(arp.spa, ip('10.1.1.254'));
    // The host learnt it: its next frame, the echo request, is addressed to our MAC.
    assert.equal(decodeEthernet(dataOf(icmpIn)).dst, arp.sha);
  });

  it('verifies the kernel-computed IPv4 and ICMP checksums of a real echo request and re-encodes identically', () => {
    const frame = dataOf(icmpIn);
    const eth = decodeEthernet(frame);
    assert.equal(eth.ethertype, ETH_TYPE.IPV4);
    const pkt = decodeIpv4(eth.payload);
    assert.equal(pkt.protocol, IP_PROTO.ICMP);
    assert.equal(pkt.src, ip('10.1.1.1'));
    assert.equal(pkt.dst, ip('10.1.1.254'));
    assert.equal(pkt.ttl, 64);
    const icmp = decodeIcmp(pkt.payload);
    assert.equal(icmp.kind, 'echo_request');
    assert.deepEqual(encodeIpv4({ ...pkt, payload: encodeIcmp(icmp) }), eth.payload);
    assert.deepEqual(encodeEthernet(eth), frame);
  });

  it('rejects a corrupted checksum with PacketDecodeError unless asked not to verify', () => {
    const ipBytes = Buffer.from(decodeEthernet(dataOf(icmpIn)).payload);
    ipBytes[8] = 63; // TTL changed, checksum not updated
    assert.throws(() => decodeIpv4(ipBytes), PacketDecodeError);
    assert.equal(decodeIpv4(ipBytes, { verifyChecksum: false }).ttl, 63);
    const icmpBytes = Buffer.from(decodeIpv4(decodeEthernet(dataOf(icmpIn)).payload).payload);
    icmpBytes[9] ^= 0xff;
    assert.throws(() => decodeIcmp(icmpBytes), PacketDecodeError);
  });

  it('builds an echo reply to the real request whose checksum a receiver accepts', () => {
    const req = decodeIpv4(decodeEthernet(dataOf(icmpIn)).payload);
    const echo = decodeIcmp(req.payload);
    assert.equal(echo.kind, 'echo_request');
    if (echo.kind !== 'echo_request') return;
    const reply = encodeIpv4({ ...req, src: req.dst, dst: req.src, payload: encodeIcmp({ ...echo, kind: 'echo_reply' }) });
    const back = decodeIpv4(reply);
    const icmp = decodeIcmp(back.payload);
    assert.equal(icmp.kind, 'echo_reply');
    assert.equal(back.payload[0], ICMP_TYPE.ECHO_REPLY);
  });
});
