/**
 * Pure functions from one piece of routing state to the flows it needs (design §3.1).
 * Each returns FlowSpecs for one owner; the forwarding state decides when to call them.
 */
import type { Ipv4Address, Ipv4Prefix, Label } from '../deps/bgp.js';
import type { MacAddress } from '../deps/openflow.js';
import { cookieOf } from '../pipeline/cookie.js';
import { ETH_TYPE_ARP, ETH_TYPE_IPV4, ETH_TYPE_MPLS, type FlowAction, type FlowSpec } from '../pipeline/flow-spec.js';
import { PRIORITY, TABLE_CLASSIFIER, TABLE_LFIB, TABLE_VRF_FIB, TABLE_VRF_LOCAL, fibPriority } from '../pipeline/tables.js';

const metaCache: bigint[] = [];
/** The metadata value of a VRF id (cached: a BigInt per route is measurable at 100k routes). */
function meta(vrfId: number): bigint {
  return (metaCache[vrfId] ??= BigInt(vrfId));
}

/** OFPCML_NO_BUFFER: send the whole packet to the controller. */
const WHOLE_PACKET = 0xffff;

/** The uplink as the classifier sees it. */
export interface UplinkView {
  readonly port: number;
  readonly offloadPort: number;
  readonly ip: Ipv4Address;
}

/** A host port bound to a VRF. */
export interface HostPortView {
  readonly port: number;
  readonly vrfId: number;
}

/** Where a packet leaves the router: port, our MAC there, the neighbour's MAC. */
export interface Adjacency {
  readonly port: number;
  readonly srcMac: MacAddress;
  readonly dstMac: MacAddress;
}

/** Table misses: drop, explicitly, so the drop is counted. */
export function missFlows(): FlowSpec[] {
  return [TABLE_CLASSIFIER, TABLE_VRF_FIB, TABLE_LFIB, TABLE_VRF_LOCAL].map((table) => ({
    table,
    priority: PRIORITY.miss,
    cookie: cookieOf('miss'),
    match: {},
    instructions: {},
  }));
}

/**
 * Table 0 for the uplink and the BGP offload port: ARP both ways with a copy to the controller
 * (it learns the peer's MAC from it), IP to the uplink address to the host stack, everything
 * from the host stack out of the uplink, MPLS to the LFIB, and any other IPv4 from the uplink
 * to the global table's FIB (metadata 0: it can only match global routes, never a VRF's).
 * Nothing else is copied to the controller (the original copied every BGP packet).
 */
export function uplinkClassifier(u: UplinkView): FlowSpec[] {
  const cookie = cookieOf('classifier');
  const controller: FlowAction = { type: 'controller', maxLen: WHOLE_PACKET };
  return [
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: u.port, ethType: ETH_TYPE_ARP },
      instructions: { apply: [{ type: 'output', port: u.offloadPort }, controller] },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifierSpecific,
      cookie,
      match: { inPort: u.offloadPort, ethType: ETH_TYPE_ARP },
      instructions: { apply: [{ type: 'output', port: u.port }, controller] },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifierSpecific,
      cookie,
      match: { inPort: u.port, ethType: ETH_TYPE_IPV4, ipv4Dst: { address: u.ip, length: 32 } },
      instructions: { apply: [{ type: 'output', port: u.offloadPort }] },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: u.offloadPort },
      instructions: { apply: [{ type: 'output', port: u.port }] },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: u.port, ethType: ETH_TYPE_MPLS },
      instructions: { gotoTable: TABLE_LFIB },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: u.port, ethType: ETH_TYPE_IPV4 },
      instructions: { writeMetadata: meta(GLOBAL_VRF_ID), gotoTable: TABLE_VRF_FIB },
    },
  ];
}

/** The metadata id of the global table (VRFs get 1..65535). */
export const GLOBAL_VRF_ID = 0;

/** Table 0 for a host port: ARP to the controller; IP tagged with the VRF id, then the VRF FIB. */
export function hostPortClassifier(p: HostPortView): FlowSpec[] {
  const cookie = cookieOf('classifier', p.vrfId);
  return [
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: p.port, ethType: ETH_TYPE_ARP },
      instructions: { apply: [{ type: 'controller', maxLen: WHOLE_PACKET }] },
    },
    {
      table: TABLE_CLASSIFIER,
      priority: PRIORITY.classifier,
      cookie,
      match: { inPort: p.port, ethType: ETH_TYPE_IPV4 },
      instructions: { writeMetadata: meta(p.vrfId), gotoTable: TABLE_VRF_FIB },
    },
  ];
}

/** Table 1: the router's own address in a VRF goes to the controller (which answers echo requests). */
export function ownAddressFlow(vrfId: number, ip: Ipv4Address): FlowSpec {
  return {
    table: TABLE_VRF_FIB,
    priority: PRIORITY.ownAddress,
    cookie: cookieOf('own-address', vrfId),
    match: { metadata: meta(vrfId), ethType: ETH_TYPE_IPV4, ipv4Dst: { address: ip, length: 32 } },
    instructions: { apply: [{ type: 'controller', maxLen: WHOLE_PACKET }] },
  };
}

const DEC_TTL: FlowAction = { type: 'dec-nw-ttl' };
const PUSH_MPLS: FlowAction = { type: 'push-mpls', ethType: ETH_TYPE_MPLS };
const tail = new WeakMap<Adjacency, readonly FlowAction[]>();
/** set eth src/dst + output of an adjacency, shared by every route through it (100k routes, one peer). */
function adjacencyActions(via: Adjacency): readonly FlowAction[] {
  let t = tail.get(via);
  if (!t) {
    t = [{ type: 'set-eth-src', mac: via.srcMac }, { type: 'set-eth-dst', mac: via.dstMac }, { type: 'output', port: via.port }];
    tail.set(via, t);
  }
  return t;
}

/** Table 1: a route learned from a remote PE — push its label and send it to the peer. */
export function remoteRouteFlow(vrfId: number, prefix: Ipv4Prefix, label: Label, via: Adjacency): FlowSpec {
  return {
    table: TABLE_VRF_FIB,
    priority: fibPriority('route', prefix.length),
    cookie: cookieOf('remote-route', vrfId),
    match: { metadata: meta(vrfId), ethType: ETH_TYPE_IPV4, ipv4Dst: prefix },
    // dec_ttl first: push_mpls copies the (decremented) IP TTL into the label entry.
    instructions: { apply: [DEC_TTL, PUSH_MPLS, { type: 'set-mpls-label', label }, ...adjacencyActions(via)] },
  };
}

/**
 * Table 1, global table: an IPv4 unicast route learned from the BGP peer — plain IP to the peer
 * (no label: the original's register_route for a received route without one).
 */
export function globalRemoteRouteFlow(prefix: Ipv4Prefix, via: Adjacency): FlowSpec {
  return {
    table: TABLE_VRF_FIB,
    priority: fibPriority('route', prefix.length),
    cookie: cookieOf('remote-route', GLOBAL_VRF_ID),
    match: { metadata: meta(GLOBAL_VRF_ID), ethType: ETH_TYPE_IPV4, ipv4Dst: prefix },
    instructions: { apply: [DEC_TTL, ...adjacencyActions(via)] },
  };
}

/**
 * Tables 1 and 3: a route to a host behind one of our ports (local, or a host learned by ARP).
 * The table-3 copy serves per-VRF labels (see TABLE_VRF_LOCAL).
 */
export function localRouteFlows(kind: 'local-route' | 'connected', vrfId: number, prefix: Ipv4Prefix, via: Adjacency): FlowSpec[] {
  const flow: FlowSpec = {
    table: TABLE_VRF_FIB,
    priority: fibPriority(kind === 'connected' ? 'connected' : 'route', prefix.length),
    cookie: cookieOf(kind, vrfId),
    match: { metadata: meta(vrfId), ethType: ETH_TYPE_IPV4, ipv4Dst: prefix },
    instructions: {
      apply: [
        { type: 'dec-nw-ttl' },
        { type: 'set-eth-src', mac: via.srcMac },
        { type: 'set-eth-dst', mac: via.dstMac },
        { type: 'output', port: via.port },
      ],
    },
  };
  return [flow, { ...flow, table: TABLE_VRF_LOCAL }];
}

/**
 * Table 1 only: a local route of another VRF leaked into this one by route target (extranet):
 * a host of this VRF reaches the CE behind the origin VRF's port. No table-3 copy: per-VRF
 * labels of this VRF are never advertised for it (only the origin VRF exports the route).
 */
export function leakedRouteFlow(vrfId: number, prefix: Ipv4Prefix, via: Adjacency): FlowSpec {
  return localRouteFlows('local-route', vrfId, prefix, via)[0]!;
}

/** Table 2: one of OUR labels — pop and deliver to the CE (per-CE / per-prefix labels). */
export function labelToHostFlow(vrfId: number, label: Label, via: Adjacency): FlowSpec {
  return {
    table: TABLE_LFIB,
    priority: PRIORITY.label,
    cookie: cookieOf('label', vrfId),
    match: { ethType: ETH_TYPE_MPLS, mplsLabel: label, mplsBos: 1 },
    instructions: {
      apply: [
        { type: 'dec-mpls-ttl' },
        { type: 'pop-mpls', ethType: ETH_TYPE_IPV4 },
        { type: 'set-eth-src', mac: via.srcMac },
        { type: 'set-eth-dst', mac: via.dstMac },
        { type: 'output', port: via.port },
      ],
    },
  };
}

/** Table 2: a per-VRF label — pop, tag with the VRF, look up again in the VRF's local routes (table 3). */
export function labelToVrfFlow(vrfId: number, label: Label): FlowSpec {
  return {
    table: TABLE_LFIB,
    priority: PRIORITY.label,
    cookie: cookieOf('label', vrfId),
    match: { ethType: ETH_TYPE_MPLS, mplsLabel: label, mplsBos: 1 },
    instructions: {
      apply: [{ type: 'dec-mpls-ttl' }, { type: 'pop-mpls', ethType: ETH_TYPE_IPV4 }],
      writeMetadata: meta(vrfId),
      gotoTable: TABLE_VRF_LOCAL,
    },
  };
}
