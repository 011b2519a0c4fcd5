/** Site configuration: OpenFlow.ini and the field schemas REST bodies share with it. */
export * from './fields.js';
export * from './issues.js';
export * from './bgp-section.js';
export * from './interface-section.js';
export * from './openflow-ini.js';
