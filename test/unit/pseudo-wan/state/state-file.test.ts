import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateFile, WanExistsError, statePath, wanDir } from '../../../../pseudo-wan/state/state-file.js';
import { isSameProcess, processStartTime } from '../../../../pseudo-wan/state/proc.js';
import { defaultWan } from '../../../../pseudo-wan/topology/default-wan.js';

describe('pseudo-wan/state/state-file', () => {
  let base: string;
  const saved = process.env.PSEUDO_WAN_STATE_DIR;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'pw-cli-state-'));
    process.env.PSEUDO_WAN_STATE_DIR = base;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.PSEUDO_WAN_STATE_DIR;
    else process.env.PSEUDO_WAN_STATE_DIR = saved;
    await rm(base, { recursive: true, force: true });
  });

  const initial = () => ({ prefix: 'tst', runtime: 'netns' as const, dir: wanDir('tst'), startedAt: 'now', topology: defaultWan({ withSiteB: false }) });

  it('writes each record to disk before returning (what stop reads after a crash)', async () => {
    const file = await StateFile.create(initial());
    await file.record({ kind: 'netns', name: 'tst-a' });
    await file.record({ kind: 'ovs', dir: '/x', netns: 'tst-a' }, { kind: 'netns', name: 'tst-h1' });
    const onDisk = JSON.parse(await readFile(statePath('tst'), 'utf8'));
    assert.deepEqual(onDisk.resources.map((r: { kind: string }) => r.kind), ['netns', 'ovs', 'netns']);
    assert.equal(onDisk.phase, 'starting');
    const loaded = await StateFile.load('tst');
    assert.equal(loaded?.state.resources.length, 3);
    assert.equal(loaded?.state.topology.sites[0].hosts[0].name, 'host_001_101');
  });

  it('keeps every record when many are written concurrently', async () => {
    const file = await StateFile.create(initial());
    await Promise.all(Array.from({ length: 50 }, (_, i) => file.record({ kind: 'netns', name: `n${i}` })));
    const loaded = await StateFile.load('tst');
    assert.equal(loaded?.state.resources.length, 50);
  });

  it('refuses to create a second state for the same prefix (a WAN still up)', async () => {
    await StateFile.create(initial());
    await assert.rejects(StateFile.create(initial()), WanExistsError);
  });

  it('load is undefined when there is no WAN; remove deletes the file and run dir', async () => {
    assert.equal(await StateFile.load('tst'), undefined);
    const file = await StateFile.create(initial());
    await file.markReady();
    assert.equal((await StateFile.load('tst'))?.state.phase, 'ready');
    await file.remove();
    assert.equal(await StateFile.load('tst'), undefined);
    await assert.rejects(stat(wanDir('tst')), /ENOENT/);
  });
});

describe('pseudo-wan/state/proc', () => {
  it('names this process by pid + start time, and refuses a different start time', async () => {
    const start = await processStartTime(process.pid);
    assert.ok(start);
    assert.equal(await isSameProcess(process.pid, start), true);
    assert.equal(await isSameProcess(process.pid, `${start}9`), false);
    assert.equal(await isSameProcess(2 ** 22 + 7, undefined), false);
  });
});
