import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSideEffects } from './importSideEffects.js';

describe('importSideEffects', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'akidb-side-effects-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function pkg(name: string, code: string): Promise<string> {
    const pkgDir = join(dir, name);
    await mkdir(join(pkgDir, 'dist'), { recursive: true });
    await writeFile(join(pkgDir, 'dist', 'index.mjs'), code);
    return pkgDir;
  }

  it('finds nothing in a module that only defines things', async () => {
    const pkgDir = await pkg(
      'pure',
      'const table = new Map([[1, 2]]);\nexport function get(k) { return table.get(k); }\n',
    );
    expect(await importSideEffects(pkgDir, { name: 'pure', version: '1.0.0' }, process.env)).toEqual([]);
  });

  it('reports globals, listeners, timers and output', async () => {
    const code = [
      'globalThis.leaked = 1;',
      "process.on('exit', () => {});",
      'setInterval(() => {}, 60_000);',
      "console.log('hello from import');",
      'export const x = 1;',
    ].join('\n');
    const pkgDir = await pkg('impure', code);
    const changes = await importSideEffects(pkgDir, { name: 'impure', version: '1.0.0' }, process.env);
    expect(changes.map((change) => change.split(':')[0]).sort()).toEqual([
      'globals',
      'listeners',
      'printed',
      'resources',
      'scheduled',
    ]);
    expect(changes.join('\n')).toContain('hello from import');
  });
});
