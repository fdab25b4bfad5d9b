import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The model home: `$AKIDB_HOME`, or `~/.cache/akidb`. Installed models live in `<home>/models/<id>/`.
 *
 * @example
 * const dir = join(resolveAkidbHome(), 'models', 'all-minilm-l6-v2');
 */
export function resolveAkidbHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AKIDB_HOME?.trim();
  return fromEnv ? fromEnv : join(homedir(), '.cache', 'akidb');
}

/** Directory of one installed model under the model home. */
export function modelDirectory(id: string, home: string = resolveAkidbHome()): string {
  return join(home, 'models', id);
}
