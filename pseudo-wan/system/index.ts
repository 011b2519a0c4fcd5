/** System drivers: commands, namespaces and links, private OVS instances, processes. */
export * from './exec.js';
export * from './netns.js';
export * from './ovs.js';
export * from './process.js';
