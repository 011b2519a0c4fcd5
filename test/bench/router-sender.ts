/**
 * A fast VPNv4 sender for the router benchmark, run as a child process inside the peer
 * namespace: a minimal BGP speaker (OPEN, KEEPALIVE) built on bgp/wire that connects to a
 * target, and on command sends N VPNv4 routes (or their withdrawals) pre-encoded and packed
 * into 4096-byte UPDATEs (bgp/wire's bulk encoder), so the sender is never the bottleneck.
 *
 * stdin commands: `announce N` · `withdraw` · `quit`.
 * stdout lines: `ESTABLISHED` · `FIRST <epoch ms>` (just before the first UPDATE byte) ·
 * `SENT <epoch ms>` (last byte handed to the socket) · `ERROR <text>`.
 *
 *   node --import tsx test/bench/router-sender.ts TARGET_IP LOCAL_IP RD RT NEXTHOP
 */
import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';
import {
  AFI_IPV4,
  SAFI_MPLS_VPN,
  asn,
  label,
  parseIpv4,
  parseRd,
  parseRouteTarget,
  wire,
  type Ipv4Address,
  type Rd,
} from '../../bgp/index.js';

const [target, localIp, rdText, rtText, nextHopText] = process.argv.slice(2);
if (!target || !localIp || !rdText || !rtText || !nextHopText) {
  process.stderr.write('usage: router-sender TARGET LOCAL RD RT NEXTHOP\n');
  process.exit(2);
}
const rd: Rd = parseRd(rdText);
const rt = parseRouteTarget(rtText);
const nextHop = parseIpv4(nextHopText);
const ctx: wire.CodecContext = { fourOctetAs: true };
const now = () => performance.timeOrigin + performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);

function prefixOf(i: number): { address: Ipv4Address; length: number } {
  // 20.0.0.0/24, 20.0.1.0/24, ...: distinct /24s, one per route.
  return { address: (((20 << 24) >>> 0) + i * 256) as Ipv4Address, length: 24 };
}

let count = 0;
const socket = createConnection({ host: target, port: 179, localAddress: localIp });
socket.setNoDelay(true);
const framer = new wire.BgpFramer();
let established = false;
let holdTime = 180;

socket.on('connect', () => {
  socket.write(
    wire.encodeMessage(
      {
        type: 'open',
        version: 4,
        myAsn: 65002,
        holdTime: 180,
        bgpId: parseIpv4('10.10.10.99'),
        capabilities: [
          { type: 'multiprotocol', afi: AFI_IPV4, safi: SAFI_MPLS_VPN },
          { type: 'route-refresh' },
          { type: 'four-octet-as', asn: asn(65002) },
        ],
      },
      ctx,
    ),
  );
});

socket.on('data', (chunk: Buffer) => {
  for (const frame of framer.push(chunk)) {
    const type = frame[18];
    if (type === 1) {
      // RFC 4271 §4.2: hold time = min(ours, theirs); keepalives every third of it.
      holdTime = Math.min(180, frame.readUInt16BE(22));
      socket.write(wire.encodeMessage({ type: 'keepalive' }, ctx));
    } else if (type === 4 && !established) {
      established = true;
      say('ESTABLISHED');
      if (holdTime > 0) setInterval(() => socket.write(wire.encodeMessage({ type: 'keepalive' }, ctx)), Math.max(1, Math.floor(holdTime / 3)) * 1000).unref();
    } else if (type === 3) {
      say(`ERROR notification ${frame[19]}/${frame[20]}`);
      process.exit(1);
    }
  }
});
socket.on('error', (err) => {
  say(`ERROR ${err.message}`);
  process.exit(1);
});
socket.on('close', () => process.exit(0));

async function send(frames: Buffer[]): Promise<void> {
  say(`FIRST ${now().toFixed(3)}`);
  for (const f of frames) {
    if (!socket.write(f)) await new Promise<void>((r) => socket.once('drain', () => r()));
  }
  say(`SENT ${now().toFixed(3)}`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'announce') {
    count = Number(arg);
    const nlri = Array.from({ length: count }, (_, i) => ({ labels: [label(100_000 + (i % 800_000))], rd, prefix: prefixOf(i) }));
    const attrs: wire.PathAttributes = {
      origin: 'igp',
      asPath: [{ type: 'sequence', asns: [asn(65002)] }],
      extendedCommunities: [{ type: 'route-target', routeTarget: rt }],
    };
    void send(wire.encodeVpnv4Updates(attrs, nextHop, nlri, ctx));
  } else if (cmd === 'withdraw') {
    const withdrawn = Array.from({ length: count }, (_, i) => ({ rd, prefix: prefixOf(i) }));
    void send(wire.encodeVpnv4Withdraws(withdrawn, ctx));
  } else if (cmd === 'quit') {
    socket.end();
  }
});
