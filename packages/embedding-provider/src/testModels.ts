import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelDirectory } from '@akidb/core';

/** The repo root, for tests. */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url));

/** The repo's committed manifests. */
export const MANIFESTS_DIR: string = join(REPO_ROOT, 'models');

/**
 * The installed directory of a prepared model; fails loudly when `pnpm models:prepare` has not run,
 * rather than letting tests skip.
 */
export function preparedModelDir(id: string): string {
  const dir = modelDirectory(id);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`Model "${id}" is not prepared in ${dir}: run \`pnpm models:prepare\` first`);
  }
  return dir;
}
