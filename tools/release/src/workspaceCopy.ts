import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { readWorkspacePackages } from './workspacePackages.js';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Copies the workspace at `root` into `dest` so that a release can be rehearsed there (versions bumped,
 * changelogs written, packages built and published) without touching the real working tree:
 * - the files git would commit (tracked and untracked-but-not-ignored), as they are on disk now;
 * - each project's `node_modules` copied as its symlinks, so `workspace:` links resolve inside the copy
 *   (pnpm reads a dependency's version from there when it rewrites `workspace:^` at pack time);
 * - the root `node_modules` (the virtual store the links point into) as one symlink to the real one.
 * Git is only read here (`git ls-files`).
 */
export async function copyWorkspace(root: string, dest: string, env: NodeJS.ProcessEnv): Promise<void> {
  // The whole list, however long (runCommand keeps only the tail of a command's output for its errors).
  const { stdout } = await promisify(execFile)(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const files = stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(root, file);
    // Tracked files deleted in the working tree are not part of the copy.
    if (!(await exists(from))) continue;
    await mkdir(dirname(join(dest, file)), { recursive: true });
    await copyFile(from, join(dest, file));
  }
  await symlink(join(root, 'node_modules'), join(dest, 'node_modules'), 'dir');
  for (const pkg of await readWorkspacePackages(root)) {
    const modules = join(pkg.dir, 'node_modules');
    if (!(await exists(modules))) continue;
    await cp(modules, join(dest, pkg.path, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
}
