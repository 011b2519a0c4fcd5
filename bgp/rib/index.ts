/** RIBs, best path, VRFs and Adj-RIB-Out of the VPNv4 speaker. */
export * from './adj-rib-in.js';
export * from './adj-rib-out.js';
export * from './attributes.js';
export * from './best-path.js';
export * from './errors.js';
export * from './global.js';
export * from './keys.js';
export * from './path.js';
export * from './rib.js';
export * from './views.js';
export * from './vrf.js';
