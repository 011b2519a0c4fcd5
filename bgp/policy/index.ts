/** Routing policy applied to received routes before best-path selection. */
export * from './local-pref.js';
