/**
 * The OpenFlow 1.3 library: value types (Dpid, MacAddress), the wire codec, the packet codecs
 * for what rides packet-in/out, and the switch connection. It imports nothing else from the
 * repository (design §3).
 */
export * from './types/index.js';
export * from './wire/index.js';
export * from './packet/index.js';
export * from './connection/index.js';
