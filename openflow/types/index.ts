/** Value types of the OpenFlow library: datapath ids and MAC addresses. */
export * from './dpid.js';
export * from './mac-address.js';
