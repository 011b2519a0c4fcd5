/**
 * The [Port] section of OpenFlow.ini and the body of POST interface: one router port. With
 * `port_offload_bgp` set it is the uplink and carries the BGP neighbor; with `vrf_routeDist`
 * it is a host port bound to that VRF. Both produce the same `InterfaceConfig`.
 */
import { z } from 'zod';
import { maskOf, type Ipv4Address } from '../../bgp/index.js';
import type { InterfaceConfig } from '../api.js';
import { asnField, ipv4Field, macField, metricField, netmaskField, optionalField, portField, rdField } from './fields.js';

const BGP_ONLY_KEYS = ['opposite_asnumber', 'bgp_med', 'bgp_local_pref', 'bgp_filter_asnumber'] as const;

/** Validates the original's eleven interface keys into an InterfaceConfig. */
export const interfaceSectionSchema = z
  .strictObject({
    port: portField,
    macaddress: macField,
    ipaddress: ipv4Field(),
    netmask: netmaskField,
    opposite_ipaddress: optionalField(ipv4Field('opposite IPv4 address')),
    opposite_asnumber: optionalField(asnField),
    port_offload_bgp: optionalField(portField),
    bgp_med: optionalField(metricField('MED')),
    bgp_local_pref: optionalField(metricField('local preference')),
    bgp_filter_asnumber: optionalField(asnField),
    vrf_routeDist: optionalField(rdField),
  })
  .superRefine((v, ctx) => {
    const fail = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    const mask = maskOf(v.netmask);
    const network = (v.ipaddress & mask) >>> 0;
    const broadcast = (network | (~mask >>> 0)) >>> 0;
    if (v.netmask === 0) return fail('netmask', 'netmask 0.0.0.0 leaves no subnet');
    // RFC 3021: a /31 has no network or broadcast address; a /32 is the address alone.
    if (v.netmask < 31 && (v.ipaddress === network || v.ipaddress === broadcast)) {
      return fail('ipaddress', 'ipaddress is the network or broadcast address of its subnet');
    }
    const opposite: Ipv4Address | undefined = v.opposite_ipaddress;
    if (opposite !== undefined) {
      if (opposite === v.ipaddress) return fail('opposite_ipaddress', 'opposite_ipaddress equals ipaddress');
      if (((opposite & mask) >>> 0) !== network) {
        return fail('opposite_ipaddress', 'opposite_ipaddress is outside the interface subnet');
      }
    }
    if (v.port_offload_bgp !== undefined) {
      if (opposite === undefined) return fail('opposite_ipaddress', 'the BGP uplink (port_offload_bgp) needs opposite_ipaddress');
      if (v.opposite_asnumber === undefined) return fail('opposite_asnumber', 'the BGP uplink (port_offload_bgp) needs opposite_asnumber');
      if (v.port_offload_bgp === v.port) return fail('port_offload_bgp', 'port_offload_bgp equals port');
      if (v.vrf_routeDist !== undefined) return fail('vrf_routeDist', 'the BGP uplink cannot be bound to a VRF');
    } else {
      for (const key of BGP_ONLY_KEYS) {
        if (v[key] !== undefined) return fail(key, `${key} is only meaningful with port_offload_bgp`);
      }
    }
  })
  .transform((v): InterfaceConfig => {
    const config: InterfaceConfig = {
      port: v.port,
      macAddress: v.macaddress,
      address: v.ipaddress,
      prefixLength: v.netmask,
      ...(v.opposite_ipaddress !== undefined && { oppositeAddress: v.opposite_ipaddress }),
      ...(v.vrf_routeDist !== undefined && { vrf: v.vrf_routeDist }),
    };
    if (v.port_offload_bgp === undefined || v.opposite_asnumber === undefined) return config;
    return {
      ...config,
      bgp: {
        peerAsn: v.opposite_asnumber,
        offloadPort: v.port_offload_bgp,
        ...(v.bgp_med !== undefined && { med: v.bgp_med }),
        ...(v.bgp_local_pref !== undefined && { localPref: v.bgp_local_pref }),
        ...(v.bgp_filter_asnumber !== undefined && { filterAsn: v.bgp_filter_asnumber }),
      },
    };
  });

/** The keys of the [Port] section, in the original's order. */
export const INTERFACE_SECTION_KEYS = Object.keys(interfaceSectionSchema.in.shape);
