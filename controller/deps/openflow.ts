/**
 * The one door from controller/ into openflow/. Every controller module imports OpenFlow names
 * from here, so the layering rule (controller imports only openflow/index.ts) is kept in one line.
 */
export * from '../../openflow/index.js';
