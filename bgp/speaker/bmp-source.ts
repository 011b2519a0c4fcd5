/**
 * What the speaker tells its BMP clients (RFC 7854): a neighbour's session as a BMP peer, and
 * the source a client reads when it (re)connects.
 */
import { formatIpv4, parseIpv4, type Ipv4Address } from '../types/index.js';
import type { Rib } from '../rib/index.js';
import { adjRibInUpdates, type BmpPeer, type BmpSource } from '../bmp/index.js';
import type { Neighbor } from './neighbor.js';

/** A neighbour as a BMP peer, while its session is Established. */
export function bmpPeer(n: Neighbor): BmpPeer | undefined {
  const s = n.session;
  const negotiated = s.negotiated;
  const transport = s.transport;
  const opens = s.openMessages;
  if (s.state !== 'Established' || !negotiated || !transport || !opens) return undefined;
  let localAddress: Ipv4Address;
  try {
    localAddress = parseIpv4(transport.localAddress);
  } catch {
    localAddress = 0 as Ipv4Address;
  }
  return {
    address: n.address,
    asn: negotiated.peerAsn,
    bgpId: negotiated.peerBgpId,
    fourOctetAs: negotiated.fourOctetAs,
    localAddress,
    localPort: transport.localPort,
    remotePort: transport.remotePort,
    sentOpen: opens.sent,
    receivedOpen: opens.received,
    upSince: n.upSince ?? Date.now(),
  };
}

/** The source a speaker's BMP clients snapshot on connect. */
export function bmpSource(routerId: Ipv4Address, rib: Rib, neighbors: () => Iterable<Neighbor>): BmpSource {
  return {
    sysName: `pseudo-wan-${formatIpv4(routerId)}`,
    sysDescr: 'pseudo-wan MPLS-VPN PE: MP-BGP VPNv4 speaker',
    established: () => {
      const out: ReturnType<BmpSource['established']> = [];
      for (const n of neighbors()) {
        const peer = bmpPeer(n);
        if (!peer) continue;
        const ctx = { fourOctetAs: peer.fourOctetAs };
        out.push({ peer, adjRibIn: () => (rib.adjRibIn(n.address) ? adjRibInUpdates(rib.adjRibIn(n.address)!, ctx) : []) });
      }
      return out;
    },
    adjRibInRoutes: (address) => rib.adjRibIn(address)?.size ?? 0,
  };
}
