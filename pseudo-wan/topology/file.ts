/**
 * `--topology FILE`: a JSON topology (the shape `pseudo-wan topology` prints), checked field
 * by field before anything is created, so that a typo is named instead of half-built.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ipToNumber } from './ipv4.js';
import type { Topology } from './model.js';

const ip = z.string().refine((s) => {
  try {
    ipToNumber(s);
    return true;
  } catch {
    return false;
  }
}, 'an IPv4 address');
const cidr = z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/, 'an address/length');
const asText = z.string();
const vrf = z.object({ rd: z.string().min(3), importRts: z.array(z.string()), exportRts: z.array(z.string()) }).strict();
const host = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (≤ 40)'),
    port: z.number().int().min(3).max(65279),
    routerIp: ip,
    routerMac: z.string().regex(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/, 'a MAC address'),
    hostIp: ip,
    prefixLength: z.number().int().min(1).max(30),
    vrf,
    lans: z.array(cidr),
    routes: z.array(cidr),
    redistributeConnected: z.boolean(),
  })
  .strict();
const site = z
  .object({
    id: z.string().regex(/^[a-z0-9]{1,4}$/, '1–4 lower-case letters or digits'),
    dpid: z.string().regex(/^[0-9a-fA-F]{16}$/, '16 hex digits'),
    restPort: z.number().int().min(1).max(65535),
    bgp: z.object({ as_number: asText, router_id: ip, label_range_start: asText, label_range_end: asText }).strict(),
    uplink: z
      .object({
        port: asText,
        macaddress: asText,
        ipaddress: ip,
        netmask: ip,
        opposite_ipaddress: ip,
        opposite_asnumber: asText,
        port_offload_bgp: asText,
        bgp_med: asText,
        bgp_local_pref: asText,
        bgp_filter_asnumber: asText,
        vrf_routeDist: asText,
      })
      .strict(),
    hosts: z.array(host),
  })
  .strict();
const topology = z.object({ sites: z.array(site).min(1) }).strict();

/** A topology file was unreadable or invalid; the message names the file and the field. */
export class TopologyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyFileError';
  }
}

/** Checks a parsed JSON value as a topology (unique site ids, host names and ports per site). */
export function parseTopology(value: unknown, source = 'topology'): Topology {
  const result = topology.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TopologyFileError(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const parsed = result.data as Topology;
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const s of parsed.sites) {
    if (ids.has(s.id)) throw new TopologyFileError(`${source}: site id ${s.id} appears twice`);
    ids.add(s.id);
    const ports = new Set<number>();
    for (const h of s.hosts) {
      if (names.has(h.name)) throw new TopologyFileError(`${source}: host name ${h.name} appears twice`);
      if (ports.has(h.port)) throw new TopologyFileError(`${source}: site ${s.id}: port ${h.port} appears twice`);
      names.add(h.name);
      ports.add(h.port);
    }
  }
  return parsed;
}

/** Reads and checks a topology file. */
export async function readTopologyFile(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TopologyFileError(`${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TopologyFileError(`${path}: not JSON: ${(err as Error).message}`);
  }
  return parseTopology(value, path);
}
