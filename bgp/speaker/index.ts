/** The VPNv4 speaker: neighbours, VRFs, local routes, events. */
export * from './events.js';
export { Neighbor, type NeighborConfig } from './neighbor.js';
export * from './speaker.js';
export * from './wire-adapter.js';
