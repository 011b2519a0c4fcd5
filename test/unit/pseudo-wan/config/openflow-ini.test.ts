import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSiteAConfig } from '../../../../pseudo-wan/config/openflow-ini.js';
import { CliError } from '../../../../pseudo-wan/errors.js';
import { DEFAULT_SITE_A_BGP, DEFAULT_SITE_A_UPLINK } from '../../../../pseudo-wan/topology/default-wan.js';

const shipped = fileURLToPath(new URL('../../../../pseudo-wan/OpenFlow.ini', import.meta.url));

describe('pseudo-wan/config/openflow-ini', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-cli-ini-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads the shipped OpenFlow.ini into the original values, as REST text', async () => {
    const config = await loadSiteAConfig(shipped);
    assert.deepEqual(config.bgp, DEFAULT_SITE_A_BGP);
    assert.deepEqual(config.uplink, DEFAULT_SITE_A_UPLINK);
  });

  it('names the key and line of a bad value', async () => {
    const text = (await readFile(shipped, 'utf8')).replace('ipaddress = "192.168.0.1"', 'ipaddress = "192.168.0.300"');
    const path = join(dir, 'bad.ini');
    await writeFile(path, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('ipaddress')) + 1;
    await assert.rejects(loadSiteAConfig(path), (err: unknown) => {
      assert.ok(err instanceof CliError);
      assert.equal(err.kind, 'config');
      assert.match(err.message, new RegExp(`:${line}:`));
      assert.match(err.message, /ipaddress/);
      return true;
    });
  });

  it('names an unknown key', async () => {
    const text = (await readFile(shipped, 'utf8')).replace('[Port]\n', '[Port]\nportt = "1"\n');
    const path = join(dir, 'unknown.ini');
    await writeFile(path, text);
    await assert.rejects(loadSiteAConfig(path), /portt/);
  });

  it('says when the file is missing', async () => {
    await assert.rejects(loadSiteAConfig(join(dir, 'nope.ini')), (err: unknown) => err instanceof CliError && /no such file/.test(err.message));
  });
});
