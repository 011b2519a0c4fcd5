/**
 * `stop` after a crash: the CLI is killed (SIGKILL, no cleanup) in the middle of `start`, a
 * site process is killed too, and `stop` must still remove everything the state file lists.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { CLI, cli, namespacesOf, processesMentioning, testPrefix } from './cli-support.js';

describe('e2e: stop after a crashed start', function () {
  this.timeout(120_000);
  const prefix = testPrefix('pwc');
  const stateDir = `/run/pseudo-wan/${prefix}`;

  after(async () => {
    await cli(prefix, ['stop']);
    for (const ns of await namespacesOf(prefix)) await execa('ip', ['netns', 'del', ns], { reject: false });
  });

  it('removes a half-built WAN whose start was SIGKILLed', async () => {
    const child = spawn(process.execPath, [CLI, 'start', '--rest-port', String(18780 + (process.pid % 50) * 2)], {
      env: { ...process.env, PSEUDO_WAN_PREFIX: prefix },
      stdio: 'ignore',
    });
    // Kill it once the state file lists a running controller and some hosts: mid-build.
    let listed = 0;
    for (let i = 0; i < 600; i++) {
      try {
        const state = JSON.parse(await readFile(`${stateDir}/state.json`, 'utf8')) as { resources: { kind: string; role?: string }[] };
        listed = state.resources.length;
        if (state.resources.some((r) => r.role === 'controller') && state.resources.filter((r) => r.kind === 'netns').length >= 6) break;
      } catch {
        // not written yet, or mid-rename
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(listed > 0, 'start never wrote its state');
    const before = await processesMentioning(stateDir);
    assert.ok(before.length > 0, 'OVS and controllers were running when start died');
    // A site process dies too (its pid in the state file now names nothing).
    const controller = before.find((p) => p.includes('controller/main.js'));
    if (controller) process.kill(Number(controller.split(' ')[0]), 'SIGKILL');
    assert.ok((await namespacesOf(prefix)).length > 0);

    const stopped = await cli(prefix, ['stop']);
    assert.equal(stopped.exitCode, 0, stopped.stderr);
    assert.deepEqual(await namespacesOf(prefix), []);
    assert.deepEqual(await processesMentioning(stateDir), []);
    const again = await cli(prefix, ['stop']);
    assert.equal(again.exitCode, 0);
    assert.match(again.stdout, /nothing to stop/);
  });
});
