/**
 * A fake ControllerApi for the REST and show-script unit tests: fixed views shaped like the
 * original's site A, and a log of every write call, so a test can assert that a rejected
 * request reached nothing.
 */
import {
  ControllerError,
  type ControllerApi,
  type RouterApi,
  type VrfView,
} from '../../../controller/index.js';

/** The dpid the fake knows. */
export const FAKE_DPID = 1n;

/** One recorded write call. */
export interface Call {
  method: string;
  args: unknown[];
}

/** Fixed view data (site A of the original, shortened). */
export const FIXTURE = {
  interfaces: [
    { routerPort: 1, routerIpAddr: '192.168.0.1', routerMacAddr: '00:00:00:01:01:01', routeDist: '' },
    { routerPort: 3, routerIpAddr: '10.1.0.1', routerMacAddr: '00:00:00:00:00:01', routeDist: '65001:101' },
    { routerPort: 12, routerIpAddr: '40.2.0.1', routerMacAddr: '00:00:00:00:00:0a', routeDist: '65001:402' },
  ],
  arp: [
    { hostIpAddr: '192.168.0.2', hostMacAddr: '7c:c3:a1:87:8f:65', routerPort: 1 },
    { hostIpAddr: '10.1.0.2', hostMacAddr: 'c2:00:31:6c:7d:04', routerPort: 3 },
    { hostIpAddr: '40.2.0.2', hostMacAddr: '92:2f:1b:71:43:9b', routerPort: 12 },
  ],
  routes: [{ prefix: '0.0.0.0/0', destIpAddr: '0.0.0.0', netMask: '0.0.0.0', nextHopIpAddr: '192.168.0.2' }],
  mpls: [
    { routeDist: '65001:101', prefix: '10.1.0.2/32', label: 1000, destIpAddr: '10.1.0.2', netMask: '255.255.255.255', nextHopIpAddr: '0.0.0.0' },
    { routeDist: '65001:101', prefix: '110.1.0.0/24', label: 1001, destIpAddr: '110.1.0.0', netMask: '255.255.255.0', nextHopIpAddr: '10.1.0.2' },
  ],
  vrfs: [
    {
      routeDist: '65001:101',
      importRts: ['65001:101'],
      exportRts: ['65001:101'],
      routes: [
        { prefix: '130.1.7.0/24', labels: [2001], nexthop: '192.168.0.2', reason: 'Only Path', metric: 100, localPref: null, asPath: '65002', origin: '?', best: true },
        { prefix: '10.1.0.2/32', labels: [1000], nexthop: '0.0.0.0', reason: 'Only Path', metric: null, localPref: null, asPath: '', origin: '?', best: true },
      ],
    },
    {
      routeDist: '65001:102',
      importRts: ['65001:102', '65000:900'],
      exportRts: ['65001:102'],
      routes: [
        { prefix: '50.1.0.0/24', labels: [], nexthop: '192.168.0.2', reason: 'MED', metric: 200, localPref: 100, asPath: '65002 65003', origin: 'i', best: false },
      ],
    },
  ] satisfies VrfView[],
  peerStatus: [
    { occurTime: '2015/09/22 20:51:11', status: 'Peer Up' as const, myPeer: '10.10.10.1', remotePeer: '192.168.0.2', asNumber: 65002 },
    { occurTime: '2015/09/22 21:00:00', status: 'Peer Down' as const, myPeer: '10.10.10.1', remotePeer: '192.168.0.2', asNumber: 65002 },
  ],
  portStats: [
    { portNo: 1, rxPackets: 529, rxBytes: 42178, rxErrors: 0, txPackets: 887, txBytes: 101990, txErrors: 0 },
    { portNo: 10, rxPackets: 42, rxBytes: 2188, rxErrors: 0, txPackets: 38, txBytes: 1908, txErrors: 0 },
    // beyond 32 bits: mawk's %d would clip these
    { portNo: 0xfffffffe, rxPackets: 3000000000, rxBytes: 5000000000, rxErrors: 0, txPackets: 0, txBytes: 0, txErrors: 0 },
  ],
  flowStats: [
    { ipv4Dst: '1000', packets: 72, bytes: 7344 },
    { ipv4Dst: '130.1.5.0/24', packets: 0, bytes: 0 },
    { ipv4Dst: '30.1.0.2', packets: 72, bytes: 7056 },
  ],
  neighbors: [
    {
      peer: '192.168.0.2',
      asNumber: 65002,
      state: 'Established',
      uptime: 120,
      capabilities: ['mp-bgp vpnv4', 'route-refresh', '4-octet-as'],
      counters: { updatesIn: 4, updatesOut: 3, prefixesIn: 22, prefixesOut: 21, notificationsIn: 0, notificationsOut: 0 },
      med: 100,
      localPref: null,
    },
  ],
  ping: ['PING 10.1.0.2 : 4 data bytes', 'ping ok (10.1.0.2)', 'ping ok (10.1.0.2)', 'ping ok (10.1.0.2)', 'ping ok (10.1.0.2)', 'ping ok (10.1.0.2)'],
};

/** A fake controller with one router at FAKE_DPID; `calls` logs every write. */
export class FakeController implements ControllerApi {
  readonly calls: Call[] = [];
  /** When set, the next write throws it (after being logged). */
  failWith: Error | undefined;
  readonly vrfRds = new Set<string>();

  datapaths(): bigint[] {
    return [FAKE_DPID];
  }

  router(dpid: bigint): RouterApi | undefined {
    return dpid === FAKE_DPID ? this.api : undefined;
  }

  private write(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const failure = this.failWith;
    this.failWith = undefined;
    return failure ? Promise.reject(failure) : Promise.resolve();
  }

  private readonly api: RouterApi = {
    interfaces: () => FIXTURE.interfaces,
    arp: () => FIXTURE.arp,
    routes: () => FIXTURE.routes,
    mpls: () => FIXTURE.mpls,
    vrfs: () => FIXTURE.vrfs,
    rib: () => FIXTURE.vrfs.flatMap((v) => v.routes.map((r) => ({ ...r, routeDist: v.routeDist }))),
    peerStatus: () => FIXTURE.peerStatus,
    portStats: async () => FIXTURE.portStats,
    flowStats: async () => FIXTURE.flowStats,
    neighbors: () => FIXTURE.neighbors,
    configureBgp: (c) => this.write('configureBgp', c),
    addInterface: (c) => this.write('addInterface', c),
    addVrf: (c) => this.write('addVrf', c),
    deleteVrf: (rd) => this.write('deleteVrf', rd),
    addRoute: (r) => this.write('addRoute', r),
    deleteRoute: (r) => this.write('deleteRoute', r),
    setGateway: (a) => this.write('setGateway', a),
    setRedistribute: (c) => this.write('setRedistribute', c),
    ping: async (p) => {
      await this.write('ping', p);
      return FIXTURE.ping;
    },
    setNeighborMed: (peer, med) => this.write('setNeighborMed', peer, med),
    addBmp: (c) => this.write('addBmp', c),
    deleteBmp: (c) => this.write('deleteBmp', c),
  };
}

/** A conflict as the controller would throw it. */
export function conflict(message: string, field?: string): ControllerError {
  return new ControllerError('conflict', message, field);
}
