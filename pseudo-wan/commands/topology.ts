/** `pseudo-wan topology`: prints a topology as JSON, for `start --topology FILE`. */
import { CliError } from '../errors.js';
import { defaultWan } from '../topology/default-wan.js';
import { scaledWan } from '../topology/scaled-wan.js';

/** Runs `topology`. */
export function topologyCommand(options: { hostsPerSite?: string; lans?: string; restPort: string }): void {
  const restPort = Number(options.restPort);
  let topology;
  try {
    topology = options.hostsPerSite
      ? scaledWan({ hostsPerSite: Number(options.hostsPerSite), lansPerHost: options.lans === undefined ? undefined : Number(options.lans), restPort })
      : defaultWan({ withSiteB: true, restPort });
  } catch (err) {
    throw new CliError((err as Error).message, 'usage');
  }
  process.stdout.write(`${JSON.stringify(topology, null, 1)}\n`);
}
