/**
 * Schemas of the write bodies of design §2.4, field by field. Each body is `{<key>: {...}}`
 * with exactly the original's fields; values arrive as strings (numbers accepted where
 * natural). A schema yields the domain value the controller API takes; the [Bgp]/[Port]
 * schemas are the very ones OpenFlow.ini is read with.
 */
import { z } from 'zod';
import {
  bgpSectionSchema,
  integerField,
  interfaceSectionSchema,
  ipv4Field,
  ipv4Prefix,
  maskOf,
  metricField,
  netmaskField,
  optionalField,
  portField,
  rdField,
  routeTargetsField,
  typeError,
  type BmpConfig,
  type PingRequest,
  type RedistributeConfig,
  type StaticRouteConfig,
  type StaticRouteKey,
  type VrfConfig,
} from '../controller/index.js';

/** Largest ICMP payload PUT ping sends (fits one untagged 1500-byte frame). */
export const MAX_PING_DATA = 1400;

const prefixFields = {
  destination: ipv4Field('destination'),
  netmask: netmaskField,
};

function checkHostBits(v: { destination: number; netmask: number }, ctx: z.RefinementCtx): void {
  if (((v.destination & ~maskOf(v.netmask)) >>> 0) !== 0) {
    ctx.addIssue({ code: 'custom', path: ['destination'], message: 'destination has host bits set for its netmask' });
  }
}

/** POST vrf */
export const vrfAddBody = z.strictObject({
  vrf: z
    .strictObject({ route_dist: rdField, import: routeTargetsField, export: routeTargetsField })
    .transform((v): VrfConfig => ({ rd: v.route_dist, importRts: v.import, exportRts: v.export })),
});

/** DELETE vrf */
export const vrfDeleteBody = z.strictObject({
  vrf: z.strictObject({ route_dist: rdField }).transform((v) => v.route_dist),
});

/** POST route */
export const routeAddBody = z.strictObject({
  route: z
    .strictObject({ ...prefixFields, nexthop: ipv4Field('next hop'), vrf_routeDist: optionalField(rdField) })
    .superRefine(checkHostBits)
    .transform(
      (v): StaticRouteConfig => ({
        prefix: ipv4Prefix(v.destination, v.netmask),
        nexthop: v.nexthop,
        ...(v.vrf_routeDist !== undefined && { vrf: v.vrf_routeDist }),
      }),
    ),
});

/** DELETE route (`nexthop` tolerated, as some clients repeat it). */
export const routeDeleteBody = z.strictObject({
  route: z
    .strictObject({ ...prefixFields, nexthop: optionalField(ipv4Field('next hop')), vrf_routeDist: optionalField(rdField) })
    .superRefine(checkHostBits)
    .transform(
      (v): StaticRouteKey => ({
        prefix: ipv4Prefix(v.destination, v.netmask),
        ...(v.vrf_routeDist !== undefined && { vrf: v.vrf_routeDist }),
      }),
    ),
});

/** POST gateway */
export const gatewayBody = z.strictObject({
  gateway: z.strictObject({ ipaddress: ipv4Field('gateway address') }).transform((v) => v.ipaddress),
});

/** POST redistribute (the original put it under the key "bgp") */
export const redistributeBody = z.strictObject({
  bgp: z
    .strictObject({
      redistribute: z
        .string({ error: typeError('"ON" or "OFF"') })
        .transform((s) => s.trim().toUpperCase())
        .pipe(z.enum(['ON', 'OFF'], { error: 'redistribute must be "ON" or "OFF"' })),
      vrf_routeDist: rdField,
    })
    .transform((v): RedistributeConfig => ({ enabled: v.redistribute === 'ON', vrf: v.vrf_routeDist })),
});

/** PUT ping */
export const pingBody = z.strictObject({
  ping: z
    .strictObject({
      hostIp: ipv4Field('host IP'),
      outPort: portField,
      data: z
        .string({ error: typeError('a string (data)') })
        .max(MAX_PING_DATA, { error: `data longer than ${MAX_PING_DATA} characters` }),
    })
    .transform((v): PingRequest => ({ hostIp: v.hostIp, outPort: v.outPort, data: v.data })),
});

/** PUT neighbor */
export const neighborBody = z.strictObject({
  neighbor: z.strictObject({ peerIp: ipv4Field('peer IP'), med: metricField('MED') }),
});

/** POST/DELETE bmp */
export const bmpBody = z.strictObject({
  bmp: z
    .strictObject({ address: ipv4Field('BMP collector address'), port: integerField('TCP port', 1, 65535) })
    .transform((v): BmpConfig => ({ address: v.address, port: v.port })),
});

/** POST bgp */
export const bgpBody = z.strictObject({ bgp: bgpSectionSchema });

/** POST interface */
export const interfaceBody = z.strictObject({ interface: interfaceSectionSchema });
