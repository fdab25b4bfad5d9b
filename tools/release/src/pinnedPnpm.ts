import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCommand } from './runCommand.js';

/** `pnpm@10.34.9` from the root `packageManager` field → `10.34.9`. */
export function pnpmVersionOf(packageManager: string | undefined): string {
  const match = /^pnpm@(\d+\.\d+\.\d+[^+\s]*)/.exec(packageManager ?? '');
  if (!match?.[1])
    throw new Error(`The root package.json does not pin pnpm ("packageManager": "${packageManager}")`);
  return match[1];
}

/**
 * The directory holding the `pnpm` the workspace pins (root `packageManager`), fetched through `npm exec`
 * as CI does, so that children (changesets spawns a bare `pnpm`) run that exact version whatever is on
 * `PATH`.
 */
export async function pinnedPnpmBinDir(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    packageManager?: string;
  };
  const version = pnpmVersionOf(manifest.packageManager);
  const { stdout } = await runCommand(
    'npm',
    ['exec', '--yes', `--package=pnpm@${version}`, '-c', 'command -v pnpm && pnpm --version'],
    { cwd: root, env, timeoutMs: 120_000 },
  );
  const [bin, reported] = stdout.trim().split(/\r?\n/);
  if (!bin || reported?.trim() !== version) {
    throw new Error(`Could not locate pnpm ${version} through npm exec; got:\n${stdout}`);
  }
  return dirname(bin.trim());
}
