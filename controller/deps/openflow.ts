/**
 * The one door from controller/ into openflow/. Every controller module imports OpenFlow names
 * from here, so the layering rule (controller imports only openflow/index.ts) is kept in one line.
 */
export * from '../../openflow/index.js';
// openflow/index.ts re-exports the packet codecs once of-conn enables them; until then, directly.
export * from '../../openflow/packet/index.js';
