/**
 * The design's layering, enforced: `openflow/` and `bgp/` are independent libraries,
 * `controller/` joins them through their index files only, `rest/` sees only the controller's
 * index, and the CLI reaches sites through processes, commands and REST — never by importing
 * the router. A violation names the file and the import.
 */
import { strict as assert } from 'node:assert';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** For each top-level folder: which repository files its sources may import from other folders. */
const allowed: Record<string, (target: string) => boolean> = {
  openflow: () => false,
  bgp: () => false,
  controller: (t) => t === 'openflow/index.ts' || t === 'bgp/index.ts',
  // One file: the site process is the composition root that mounts the REST app over the
  // router (contract G). The router modules themselves never see rest/.
  rest: (t) => t === 'controller/index.ts',
  // The CLI may parse OpenFlow.ini with the controller's pure parser (so a bad file is refused
  // before anything starts) but never drives a router in-process.
  'pseudo-wan': (t) => t === 'controller/index.ts' || t.startsWith('controller/config/'),
};

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(path)));
    else if (e.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) specs.push(spec);
  }
  return specs;
}

describe('architecture boundaries', () => {
  for (const [folder, mayImport] of Object.entries(allowed)) {
    it(`${folder}/ imports only what the design allows`, async () => {
      const violations: string[] = [];
      for (const file of await sources(folder)) {
        const text = await readFile(join(root, file), 'utf8');
        for (const spec of importsOf(text)) {
          const target = relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts');
          const targetFolder = target.split('/')[0];
          if (targetFolder === folder) continue;
          if (file === 'controller/main.ts' && target === 'rest/app.ts') continue;
          if (!mayImport(target)) violations.push(`${file} imports ${spec} (${target})`);
        }
      }
      assert.deepEqual(violations, []);
    });
  }

  it('finds imports in all the forms the check relies on', () => {
    const text = "import { a } from './a.js';\nexport * from '../b/index.js';\nconst c = await import('../c.js');\nimport '../d.js';\nimport x from 'koa';";
    assert.deepEqual(importsOf(text), ['./a.js', '../b/index.js', '../c.js', '../d.js']);
  });
});
