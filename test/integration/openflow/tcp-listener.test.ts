import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { stopPid } from '../../../pseudo-wan/system/index.js';
import { OfTestEnv } from '../../support/openflow-env.js';

/**
 * The TCP listener against real OVS. The test process lives in the root namespace and OVS
 * in its own, so the controller runs as a child process inside OVS's namespace
 * (test/support/openflow-tcp-controller.ts) and reports what it sees as JSON lines.
 */
describe('openflow integration: TCP listener on the default port 6633 (real ovs-vswitchd)', function () {
  this.timeout(60_000);
  let env: OfTestEnv | undefined;
  let child: ChildProcess | undefined;

  after(async () => {
    if (child?.pid) await stopPid(child.pid);
    await env?.destroy();
  });

  it('accepts two bridges over tcp:127.0.0.1:6633, talks to both, and answers OVS\'s echo probes', async () => {
    env = await OfTestEnv.create('tc');
    child = spawn('ip', ['netns', 'exec', env.netns, process.execPath, '--import', 'tsx', 'test/support/openflow-tcp-controller.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const events: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        return;
      }
      for (const w of waiters.splice(0)) w();
    });
    const waitFor = async (pred: (e: Record<string, unknown>[]) => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!pred(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(events)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
    };
    await waitFor((e) => e.some((x) => x.event === 'listening'), 'the controller to listen');
    assert.equal(events.find((x) => x.event === 'listening')?.port, 6633);
    await env.ovs.addBridge({ name: 'br0', dpid: '00000000000000a1', controller: 'tcp:127.0.0.1:6633' });
    await env.ovs.addBridge({ name: 'br1', dpid: '00000000000000b2', controller: 'tcp:127.0.0.1:6633' });
    await waitFor((e) => e.filter((x) => x.event === 'connect').length >= 2, 'both bridges to connect');
    const connects = events.filter((x) => x.event === 'connect');
    assert.deepEqual(connects.map((c) => c.dpid).sort(), ['a1', 'b2']);
    for (const c of connects) {
      assert.equal(c.echo, 'tcp-ok');
      assert.ok((c.ports as number[]).includes(0xfffffffe), 'LOCAL port listed');
    }

    // Echo the other way: OVS probes TCP controllers (never unix ones) after inactivity_probe
    // ms of silence, and drops them if unanswered. We answer, so it keeps the connection.
    await env.ovs.appctl(['vlog/set', 'rconn:file:dbg']);
    await env.ovs.vsctl(['set', 'controller', 'br0', 'inactivity_probe=1000']);
    const logPath = `${env.ovs.dir}/ovs-vswitchd.log`;
    const probes = async () => ((await readFile(logPath, 'utf8')).match(/br0<->tcp:127\.0\.0\.1:6633: idle \d+ seconds, sending inactivity probe/g) ?? []).length;
    const deadline = Date.now() + 30_000;
    while ((await probes()) < 2) {
      if (Date.now() > deadline) assert.fail(`OVS sent ${await probes()} inactivity probes in 30 s`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const log = await readFile(logPath, 'utf8');
    assert.doesNotMatch(log, /no response to inactivity probe/);
    assert.equal(events.filter((x) => x.event === 'disconnect').length, 0, 'no switch disconnected');
  });
});
