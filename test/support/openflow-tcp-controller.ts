/**
 * A tiny controller process for the TCP-listener integration test: run inside the OVS
 * namespace (`ip netns exec NS node --import tsx this-file [port]`), it listens on TCP
 * 127.0.0.1 (default port 6633 when none is given) and reports on stdout, one JSON object
 * per line: `{"event":"listening","port":N}`, then per switch
 * `{"event":"connect","dpid":"...","ports":[...],"echo":"..."}` after an echo round trip.
 */
import { OpenFlowServer } from '../../openflow/index.js';

const portArg = process.argv[2];
const server = new OpenFlowServer(portArg ? { tcp: { host: '127.0.0.1', port: Number(portArg) } } : {});
server.on('connect', (dp) => {
  dp.request({ type: 'echo_request', xid: 0, data: Buffer.from('tcp-ok') }).then(
    (reply) => console.log(JSON.stringify({ event: 'connect', dpid: dp.dpid.toString(16), ports: [...dp.ports.keys()], echo: reply.data.toString() })),
    (err: Error) => console.log(JSON.stringify({ event: 'error', message: err.message })),
  );
});
server.on('disconnect', (dp, reason) => console.log(JSON.stringify({ event: 'disconnect', dpid: dp.dpid.toString(16), reason: reason.kind })));
await server.listen();
console.log(JSON.stringify({ event: 'listening', port: server.tcpPort }));
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
