import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { AkidbError } from '@akidb/core';
import { manifestInvalid } from './errors.js';
import type { ModelManifest } from './manifestTypes.js';
import { isValidModelId } from './modelId.js';
import { parseManifest } from './parseManifest.js';

/** A manifest and the file it was read from. */
export interface ManifestSourceFile {
  manifest: ModelManifest;
  /** The file, shown relative to the working directory when inside it. */
  file: string;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function readManifestFile(path: string): Promise<ManifestSourceFile> {
  const file = displayPath(path);
  return { manifest: parseManifest(await readFile(path, 'utf8'), file), file };
}

/** Every `*.json` in a manifests directory (other files, such as README.md, are ignored). */
export async function readManifestDir(dir: string): Promise<ManifestSourceFile[]> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name);
  } catch (cause) {
    if (!isMissing(cause)) throw cause;
    throw new AkidbError('MANIFEST_INVALID', `Manifests directory not found: ${dir}`, {
      cause,
      details: { dir },
    });
  }
  return Promise.all(names.sort().map((name) => readManifestFile(join(dir, name))));
}

/**
 * The `manifest.json` of every installed model under `<home>/models/`, so that a model home prepared
 * elsewhere describes itself. Directories without one (a download in progress) are skipped.
 */
export async function readInstalledManifests(home: string): Promise<ManifestSourceFile[]> {
  const modelsDir = join(home, 'models');
  let dirs: string[];
  try {
    const entries = await readdir(modelsDir, { withFileTypes: true });
    dirs = entries
      .filter((entry) => entry.isDirectory() && isValidModelId(entry.name))
      .map((entry) => entry.name);
  } catch (cause) {
    if (isMissing(cause)) return [];
    throw cause;
  }
  const found: ManifestSourceFile[] = [];
  for (const name of dirs.sort()) {
    const path = join(modelsDir, name, 'manifest.json');
    let source: ManifestSourceFile;
    try {
      source = await readManifestFile(path);
    } catch (cause) {
      if (isMissing(cause)) continue;
      throw cause;
    }
    if (source.manifest.id !== name) {
      const message = `id "${source.manifest.id}" does not match its directory "${name}"; remove or rename the directory`;
      throw manifestInvalid(source.file, [{ path: 'id', message }]);
    }
    found.push(source);
  }
  return found;
}
