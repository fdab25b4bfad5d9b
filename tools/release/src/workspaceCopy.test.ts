import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from './workspaceCopy.js';

const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('copyWorkspace', () => {
  it('copies every file git lists, however long the list (the first files too)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'akidb-copy-src-'));
    const dest = join(await mkdtemp(join(tmpdir(), 'akidb-copy-dest-')), 'repo');
    dirs.push(root, dirname(dest));
    await mkdir(join(root, '.changeset'), { recursive: true });
    await writeFile(join(root, '.changeset', 'config.json'), '{}');
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    await mkdir(join(root, 'node_modules'));
    // More than 20,000 characters of file names, the tail a command's output used to be cut to.
    await mkdir(join(root, 'many'));
    for (let i = 0; i < 800; i++)
      await writeFile(join(root, 'many', `file-with-a-long-name-${i}.txt`), `${i}`);
    execFileSync('git', ['init', '--quiet'], { cwd: root });
    await copyWorkspace(root, dest, process.env);
    expect(existsSync(join(dest, '.changeset', 'config.json'))).toBe(true);
    expect(existsSync(join(dest, 'many', 'file-with-a-long-name-799.txt'))).toBe(true);
  });
});

function dirname(path: string): string {
  return join(path, '..');
}
