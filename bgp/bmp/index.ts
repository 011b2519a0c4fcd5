/**
 * BMP (RFC 7854): the v3 message codec and a client streaming a speaker's peers and their
 * pre-policy Adj-RIB-In to a monitoring station.
 */
export * from './constants.js';
export * from './types.js';
export { BmpDecodeError } from './errors.js';
export { encodeBmp, decodeBmp } from './message.js';
export { BmpFramer } from './framer.js';
export { peerDownData, type PeerDownData } from './peer-down.js';
export { adjRibInUpdates } from './replay.js';
export { BmpClient, collectorKey, type BmpClientOptions, type BmpLogger, type BmpPeer, type BmpSource } from './client.js';
