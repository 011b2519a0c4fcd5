/** Switch connections: the OpenFlow 1.3 listener, connected datapaths, bulk flow-mod installs. */
export { Datapath, type DatapathEvents, type DatapathOptions } from './datapath.js';
export { OfDisconnectedError, OfSwitchError, describeDisconnect, type DisconnectReason } from './errors.js';
export type { FlowModLike, SendFlowModsOptions } from './flow-mod-batch.js';
export { OfFramer, OfFramingError } from './framer.js';
export { silentLogger, type OfLogger } from './logger.js';
export { OpenFlowServer, type OpenFlowServerEvents, type OpenFlowServerOptions } from './server.js';
export { negotiate, versionName, type Negotiation } from './version.js';
