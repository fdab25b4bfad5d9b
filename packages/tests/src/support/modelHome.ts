import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelDirectory } from '@akidb/core';

/** The installed directory of a prepared model; fails loudly when `pnpm models:prepare` has not run. */
export function preparedModelDir(id: string): string {
  const dir = modelDirectory(id);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`Model "${id}" is not prepared in ${dir}: run \`pnpm models:prepare\` first`);
  }
  return dir;
}

/** What a derived model changes about its base: new bytes for a file, or `null` to leave it out. */
export type FileEdits = Readonly<Record<string, Uint8Array | string | null>>;

/** Options of {@link ModelHome.derive}. */
export interface DeriveOptions {
  /** Replaced (bytes or text) or missing (`null`) files, by manifest path. */
  readonly files?: FileEdits;
  /** Files taken from another prepared model instead (linked), by manifest path. */
  readonly borrow?: Readonly<Record<string, string>>;
  /**
   * Record the new sizes and hashes in the manifest (default), so the model store accepts the files
   * and the fault reaches the loader. `false` keeps the base's pinned sizes and hashes.
   */
  readonly pinHashes?: boolean;
}

interface ManifestFileJson {
  path: string;
  role: string;
  size: number | null;
  sha256: string | null;
}

/** A throwaway `AKIDB_HOME`: links to prepared models, plus derived (often broken) models. */
export interface ModelHome {
  readonly home: string;
  /** Adds model `id`: `baseId`'s manifest and files (linked), with `options` applied. */
  derive(id: string, baseId: string, options?: DeriveOptions): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * Creates a temp model home whose `models/<id>` are links to the prepared models `ids`.
 *
 * @example
 * const home = await createModelHome(['paraphrase-minilm-l3-v2']);
 * await home.derive('truncated', 'paraphrase-minilm-l3-v2', { files: { 'model.onnx': bytes } });
 */
export async function createModelHome(ids: readonly string[]): Promise<ModelHome> {
  const home = await mkdtemp(join(tmpdir(), 'akidb-tests-home-'));
  await mkdir(join(home, 'models'));
  for (const id of ids) await symlink(preparedModelDir(id), join(home, 'models', id), 'dir');
  return {
    home,
    async derive(id, baseId, options = {}) {
      const source = preparedModelDir(baseId);
      const dir = join(home, 'models', id);
      await mkdir(dir);
      const manifest = await readManifest(source);
      manifest.id = id;
      manifest.aliases = [];
      manifest.default = false;
      for (const file of manifest.files) {
        const target = join(dir, file.path);
        const edit = options.files?.[file.path];
        const borrowed = options.borrow?.[file.path];
        if (edit === null) continue;
        if (edit !== undefined) {
          const bytes = typeof edit === 'string' ? Buffer.from(edit, 'utf8') : edit;
          await writeFile(target, bytes);
          if (options.pinHashes !== false) {
            file.size = bytes.byteLength;
            file.sha256 = createHash('sha256').update(bytes).digest('hex');
          }
        } else if (borrowed !== undefined) {
          const lender = preparedModelDir(borrowed);
          await symlink(join(lender, file.path), target);
          if (options.pinHashes !== false) {
            const lent = await readManifestFiles(lender);
            const match = lent.find((entry) => entry.path === file.path);
            file.size = match?.size ?? null;
            file.sha256 = match?.sha256 ?? null;
          }
        } else if (file.size !== null && file.size > 4 * 1024 * 1024) {
          await symlink(join(source, file.path), target);
        } else {
          await copyFile(join(source, file.path), target);
        }
      }
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
      return dir;
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

interface ManifestJson {
  id: string;
  aliases: string[];
  default?: boolean;
  files: ManifestFileJson[];
}

async function readManifest(dir: string): Promise<ManifestJson> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
}

async function readManifestFiles(dir: string): Promise<ManifestFileJson[]> {
  return (await readManifest(dir)).files;
}

/** The bytes of a prepared model's file. */
export function readModelFile(id: string, path: string): Promise<Buffer> {
  return readFile(join(preparedModelDir(id), path));
}
