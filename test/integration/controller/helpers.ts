/**
 * Small helpers of the controller integration tests: gobgpd's VPNv4 RIB JSON in a typed
 * shape, and a raw-socket injector of MPLS-labelled ICMP echo frames (python3, AF_PACKET).
 */
import { run } from '../../../pseudo-wan/system/index.js';

/** One VPNv4 path as gobgpd 3.10 shows it (`gobgp -j global rib -a vpnv4`). */
export interface GobgpVpnPath {
  readonly prefix: string;
  readonly rd: string;
  readonly labels: number[];
  readonly nexthop: string | undefined;
  readonly med: number | undefined;
  readonly routeTargets: string[];
  readonly asPath: number[];
}

interface RawAttr {
  type: number;
  metric?: number;
  nexthop?: string;
  value?: unknown;
  as_paths?: Array<{ asns: number[] }>;
}
interface RawPath {
  nlri: { prefix: string; labels?: number[]; rd?: { admin: number | string; assigned: number } };
  attrs: RawAttr[];
}

/** Flattens gobgpd's `{destination: [path...]}` JSON. */
export function parseGobgpVpnRib(json: unknown): GobgpVpnPath[] {
  if (!json || typeof json !== 'object') return [];
  const out: GobgpVpnPath[] = [];
  for (const paths of Object.values(json as Record<string, RawPath[]>)) {
    for (const p of paths) {
      const rd = p.nlri.rd ? `${p.nlri.rd.admin}:${p.nlri.rd.assigned}` : '';
      const attr = (t: number) => p.attrs.find((a) => a.type === t);
      const ext = attr(16)?.value;
      out.push({
        prefix: p.nlri.prefix,
        rd,
        labels: p.nlri.labels ?? [],
        nexthop: attr(14)?.nexthop ?? attr(3)?.nexthop,
        med: attr(4)?.metric,
        routeTargets: Array.isArray(ext) ? ext.filter((e: { subtype?: number }) => e.subtype === 2).map((e: { value: string }) => e.value) : [],
        asPath: (attr(2)?.as_paths ?? []).flatMap((s) => s.asns),
      });
    }
  }
  return out;
}

const INJECT = `
import socket, struct, sys
iface, label, src, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def csum(b):
    if len(b) % 2: b += b'\\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s > 0xffff: s = (s >> 16) + (s & 0xffff)
    return (~s) & 0xffff
icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4242, 1) + b'pseudo-wan'
icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0, socket.inet_aton(src), socket.inet_aton(dst))
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
mpls = struct.pack('!I', (label << 12) | (1 << 8) | 64)
eth = bytes.fromhex('000000010101') + bytes.fromhex('000000020202') + struct.pack('!H', 0x8847)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
for _ in range(2): s.send(eth + mpls + ip + icmp)
`;

/**
 * Sends two Ethernet frames out of `iface` in `netns`: MPLS (one label, BoS, TTL 64) over an
 * ICMP echo request `src` → `dst`, addressed to the site's uplink MAC from the peer's MAC.
 */
export async function injectMplsEcho(netns: string, iface: string, label: number, src: string, dst: string): Promise<void> {
  await run('python3', ['-c', INJECT, iface, String(label), src, dst], { netns });
}
