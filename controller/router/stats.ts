/**
 * GET stats/port and GET stats/flow: the switch is asked (PORT_STATS and FLOW multiparts) and
 * the answers become the original's rows. Flow rows are the forwarding flows only — VRF FIB
 * entries by prefix, LFIB entries by label — found by their cookies.
 */
import type * as api from '../api.js';
import { formatIpv4Prefix } from '../deps/bgp.js';
import { OFPP_ANY, flowStatsRequest, type Datapath } from '../deps/openflow.js';
import { decodeCookie } from '../pipeline/cookie.js';
import { TABLE_LFIB, TABLE_VRF_FIB } from '../pipeline/tables.js';
import { fromFlowStats } from '../switch/of-adapter.js';

/** Port counters of every port, by port number. */
export async function readPortStats(dp: Datapath): Promise<api.PortStatsView[]> {
  const reply = await dp.request({ type: 'multipart_request', xid: 0, flags: 0, body: { kind: 'port_stats', portNo: OFPP_ANY } });
  if (reply.body.kind !== 'port_stats') return [];
  return reply.body.ports
    .map((p) => ({
      portNo: p.portNo,
      rxPackets: Number(p.rxPackets),
      rxBytes: Number(p.rxBytes),
      rxErrors: Number(p.rxErrors),
      txPackets: Number(p.txPackets),
      txBytes: Number(p.txBytes),
      txErrors: Number(p.txErrors),
    }))
    .sort((a, b) => a.portNo - b.portNo);
}

/** Packet and byte counters of the forwarding flows. */
export async function readFlowStats(dp: Datapath): Promise<api.FlowStatsView[]> {
  const reply = await dp.request(flowStatsRequest(0));
  if (reply.body.kind !== 'flow') return [];
  const rows: api.FlowStatsView[] = [];
  for (const s of reply.body.flows) {
    const kind = decodeCookie(s.cookie)?.kind;
    if (kind !== 'remote-route' && kind !== 'local-route' && kind !== 'connected' && kind !== 'label') continue;
    const f = fromFlowStats(s);
    if (!f) continue;
    let key: string | undefined;
    if (f.table === TABLE_LFIB && f.match.mplsLabel !== undefined) key = String(f.match.mplsLabel);
    else if (f.table === TABLE_VRF_FIB && f.match.ipv4Dst) key = formatIpv4Prefix(f.match.ipv4Dst);
    if (key !== undefined) rows.push({ ipv4Dst: key, packets: Number(s.packetCount), bytes: Number(s.byteCount) });
  }
  return rows;
}
