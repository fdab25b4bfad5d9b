import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparedModelDir } from './testModels.js';

/** A throwaway model home whose models are links to prepared ones, plus broken copies for fault tests. */
export interface TestHome {
  home: string;
  /** Adds a copy of `baseId` under `id` whose model.onnx is `bytes`; `pinHash` false keeps the old sha256. */
  addBrokenModel(id: string, baseId: string, bytes: Uint8Array, pinHash?: boolean): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates a temp home with links to the prepared models `ids`. */
export async function createTestHome(ids: readonly string[]): Promise<TestHome> {
  const home = await mkdtemp(join(tmpdir(), 'akidb-home-'));
  await mkdir(join(home, 'models'));
  for (const id of ids) await symlink(preparedModelDir(id), join(home, 'models', id), 'dir');
  return {
    home,
    async addBrokenModel(id, baseId, bytes, pinHash = true) {
      const source = preparedModelDir(baseId);
      const dir = join(home, 'models', id);
      await mkdir(dir);
      const manifest = JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8')) as {
        id: string;
        aliases: string[];
        default?: boolean;
        files: { path: string; role: string; size: number; sha256: string }[];
      };
      manifest.id = id;
      manifest.aliases = [];
      manifest.default = false;
      for (const file of manifest.files) {
        if (file.role === 'model') {
          await writeFile(join(dir, file.path), bytes);
          file.size = bytes.byteLength;
          if (pinHash) file.sha256 = createHash('sha256').update(bytes).digest('hex');
        } else {
          await copyFile(join(source, file.path), join(dir, file.path));
        }
      }
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}
