/**
 * Site A's settings from OpenFlow.ini. The file is checked with the controller's own parser
 * (the very schemas POST bgp / POST interface use), so a bad key is refused with its line
 * before anything starts; the typed result is turned back into the text REST takes.
 */
import { OpenFlowIniError, readOpenFlowIni } from '../../controller/config/openflow-ini.js';
import { CliError } from '../errors.js';
import { distPath } from '../paths.js';
import { netmaskOf, numberToIp } from '../topology/ipv4.js';
import type { BgpSettings, UplinkSettings } from '../topology/model.js';

/** The OpenFlow.ini shipped in the repository (the original's values). */
export function defaultIniPath(): string {
  return distPath('../pseudo-wan/OpenFlow.ini');
}

/** Site A's [Bgp] and [Port], as REST text. */
export interface SiteAConfig {
  readonly bgp: BgpSettings;
  readonly uplink: UplinkSettings;
}

/** Reads and checks OpenFlow.ini; a bad file is a CliError naming file, line and key. */
export async function loadSiteAConfig(path: string): Promise<SiteAConfig> {
  let parsed;
  try {
    parsed = await readOpenFlowIni(path);
  } catch (err) {
    if (err instanceof OpenFlowIniError) throw new CliError(err.message, 'config', 'fix the file; nothing was started');
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${path}: no such file`, 'config');
    throw err;
  }
  const { bgp, interface: port } = parsed;
  const opt = (v: number | undefined) => (v === undefined ? '' : String(v));
  if (!port.bgp || port.oppositeAddress === undefined) {
    throw new CliError(`${path}: [Port] must be the uplink: port_offload_bgp, opposite_ipaddress and opposite_asnumber are required`, 'config');
  }
  return {
    bgp: {
      as_number: String(bgp.asNumber),
      router_id: numberToIp(bgp.routerId as number),
      label_range_start: String(bgp.labelRange.start),
      label_range_end: String(bgp.labelRange.end),
    },
    uplink: {
      port: String(port.port),
      macaddress: String(port.macAddress),
      ipaddress: numberToIp(port.address as number),
      netmask: netmaskOf(port.prefixLength),
      opposite_ipaddress: numberToIp(port.oppositeAddress as number),
      opposite_asnumber: String(port.bgp.peerAsn),
      port_offload_bgp: String(port.bgp.offloadPort),
      bgp_med: opt(port.bgp.med),
      bgp_local_pref: opt(port.bgp.localPref),
      bgp_filter_asnumber: opt(port.bgp.filterAsn as number | undefined),
      vrf_routeDist: '',
    },
  };
}
