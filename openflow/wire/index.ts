/**
 * OpenFlow 1.3 wire codec: `encodeMessage` / `decodeMessage` over the {@link OfMessage}
 * union, typed matches, actions and instructions, error names, and the ONF bundle
 * extension as OVS speaks it on 1.3. Imports nothing from the rest of the repository.
 */
export * from './constants.js';
export * from './decode-error.js';
export * from './error-codes.js';
export * from './reader.js';
export * from './writer.js';
export * from './oxm.js';
export * from './actions.js';
export * from './instructions.js';
export * from './port.js';
export * from './symmetric.js';
export * from './switch-config.js';
export * from './packet-in-out.js';
export * from './flow-mod.js';
export * from './multipart.js';
export * from './bundle.js';
export * from './message.js';
export * from '../types/index.js';
