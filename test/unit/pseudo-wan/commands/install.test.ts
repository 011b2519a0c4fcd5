import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DOCKER_PACKAGES, RUN_PACKAGES } from '../../../../pseudo-wan/commands/install.js';

const bootstrap = fileURLToPath(new URL('../../../../pseudo-wan/bootstrap.sh', import.meta.url));

function bashArray(text: string, name: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${name}=(`));
  assert.ok(line, `${name} not found in bootstrap.sh`);
  return line.slice(name.length + 2, line.lastIndexOf(')')).trim().split(/\s+/);
}

describe('pseudo-wan/commands/install', () => {
  it('installs the same packages as bootstrap.sh (RUN_PACKAGES), and the docker ones CI installs', async () => {
    const text = await readFile(bootstrap, 'utf8');
    assert.deepEqual([...RUN_PACKAGES].sort(), bashArray(text, 'RUN_PACKAGES').sort());
    const testPackages = bashArray(text, 'TEST_PACKAGES');
    for (const p of DOCKER_PACKAGES) assert.ok(testPackages.includes(p), `${p} missing from TEST_PACKAGES`);
  });
});
