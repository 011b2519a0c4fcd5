/**
 * The one door from controller/ into bgp/. Every controller module imports BGP names from here,
 * so the layering rule (controller imports only bgp/index.ts) is kept in one line.
 */
export * from '../../bgp/index.js';
