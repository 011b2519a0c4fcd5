/** Packet-ins in, frames out: ARP answers and learning, ICMP echo for the router's own IPs. */
import { strict as assert } from 'node:assert';
import { ForwardingState } from '../../../../controller/core/forwarding-state.js';
import { handlePacketIn, echoRequestOut } from '../../../../controller/core/packet-handler.js';
import { parseIpv4, parseRd } from '../../../../controller/deps/bgp.js';
import {
  ARP_OP, ETH_TYPE, arpReplyFrame, arpRequestFrame, decodeArp, decodeEthernet, decodeIcmp, decodeIpv4, parseMac,
} from '../../../../controller/deps/openflow.js';

const HOST_MAC = parseMac('02:00:00:00:01:02');
const ROUTER_MAC = parseMac('00:00:00:00:00:01');

function site(): ForwardingState {
  const s = new ForwardingState();
  s.setUplink({ port: 1, offloadPort: 2, ip: parseIpv4('192.168.0.1'), prefixLength: 30, mac: parseMac('00:00:00:01:01:01'), peerIp: parseIpv4('192.168.0.2') }, 0);
  s.addVrf(parseRd('65001:101'), 0);
  s.bindPort({ port: 3, ip: parseIpv4('10.1.0.1'), prefixLength: 24, mac: ROUTER_MAC, vrf: parseRd('65001:101') }, 0);
  return s;
}

describe('controller packet handler', () => {
  it('answers ARP for the router IP on a host port and learns the asker', () => {
    const s = site();
    const r = handlePacketIn(s, 3, arpRequestFrame(HOST_MAC, parseIpv4('10.1.0.2'), parseIpv4('10.1.0.1')), 5);
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]!.port, 3);
    const eth = decodeEthernet(r.out[0]!.frame);
    assert.equal(eth.dst, HOST_MAC);
    const arp = decodeArp(eth.payload);
    assert.equal(arp.op, ARP_OP.REPLY);
    assert.equal(arp.sha, ROUTER_MAC);
    assert.equal(arp.spa, parseIpv4('10.1.0.1'));
    assert.equal(r.learned?.entry.mac, HOST_MAC);
    assert.equal(s.arp.lookup(3, parseIpv4('10.1.0.2'))?.mac, HOST_MAC);
  });

  it('does not answer requests for other addresses, and ignores senders off the subnet', () => {
    const s = site();
    const r = handlePacketIn(s, 3, arpRequestFrame(HOST_MAC, parseIpv4('10.9.0.2'), parseIpv4('10.1.0.7')), 0);
    assert.equal(r.out.length, 0);
    assert.equal(r.learned, undefined);
  });

  it('learns the peer from an ARP reply copied from the uplink, without answering', () => {
    const s = site();
    const peer = parseMac('02:00:00:00:00:02');
    const r = handlePacketIn(s, 1, arpReplyFrame(peer, parseIpv4('192.168.0.2'), parseMac('00:00:00:01:01:01'), parseIpv4('192.168.0.1')), 0);
    assert.equal(r.out.length, 0);
    assert.equal(s.arp.lookup(1, parseIpv4('192.168.0.2'))?.mac, peer);
    const req = handlePacketIn(s, 1, arpRequestFrame(peer, parseIpv4('192.168.0.2'), parseIpv4('192.168.0.1')), 0);
    assert.equal(req.out.length, 0, 'the offload host stack answers for the uplink IP');
  });

  it('answers ICMP echo to the router IP, and reports echo replies', () => {
    const s = site();
    const req = echoRequestOut(s, 3, parseIpv4('10.1.0.2'), HOST_MAC, 77, 3, Buffer.from('hello'))!;
    // Turn our own request around as if the host had sent it to us.
    const eth = decodeEthernet(req.frame);
    const ip = decodeIpv4(eth.payload);
    assert.equal(ip.ttl, 64);
    const fromHost = Buffer.from(req.frame);
    fromHost.writeUInt32BE(parseIpv4('10.1.0.2'), 14 + 12);
    fromHost.writeUInt32BE(parseIpv4('10.1.0.1'), 14 + 16);
    fromHost.writeUInt16BE(0, 14 + 10);
    // Fix the header checksum after editing addresses.
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += fromHost.readUInt16BE(14 + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    fromHost.writeUInt16BE(~sum & 0xffff, 14 + 10);
    HOST_MAC.split(':').forEach((h, i) => (fromHost[6 + i] = parseInt(h, 16)));
    const r = handlePacketIn(s, 3, fromHost, 0);
    assert.equal(r.out.length, 1);
    const out = decodeEthernet(r.out[0]!.frame);
    assert.equal(out.ethertype, ETH_TYPE.IPV4);
    assert.equal(out.dst, HOST_MAC);
    const rip = decodeIpv4(out.payload);
    assert.equal(rip.src, parseIpv4('10.1.0.1'));
    assert.equal(rip.dst, parseIpv4('10.1.0.2'));
    const icmp = decodeIcmp(rip.payload);
    assert.equal(icmp.kind, 'echo_reply');
    if (icmp.kind === 'echo_reply') {
      assert.equal(icmp.identifier, 77);
      assert.equal(icmp.sequence, 3);
      assert.equal(icmp.data.toString(), 'hello');
    }
    // That reply, fed back in, is an echo reply to us.
    const back = handlePacketIn(s, 3, r.out[0]!.frame, 0);
    assert.equal(back.echoReply, undefined, 'the reply is addressed to the host, not to us');
  });
});
