/**
 * End to end, docker runtime: hosts are real containers (`--net=none`, interfaces moved in by
 * pid) run by a private dockerd this test starts and stops by pid.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateDockerd, type PrivateDockerd } from './dockerd.js';
import { defaultWanSuite } from './wan-suite.js';

describe('e2e: default WAN, docker runtime', function () {
  this.timeout(120_000);
  let engine: PrivateDockerd | undefined;
  before(async function () {
    this.timeout(120_000);
    engine = await startPrivateDockerd(join(tmpdir(), `pwd-dockerd-${process.pid}`));
  });
  after(async function () {
    this.timeout(60_000);
    await engine?.stop();
  });
  defaultWanSuite('docker', (): Record<string, string> => (engine ? { DOCKER_HOST: engine.host } : {}));
});
