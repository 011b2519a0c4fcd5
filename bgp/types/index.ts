/** Domain value types of BGP/MPLS VPNs, parsed once at the edge. */
export * from './asn.js';
export * from './ipv4.js';
export * from './label.js';
export * from './rd.js';
