/** MPLS label allocation for VRF-local routes. */
export * from './label-allocator.js';
export * from './label-book.js';
