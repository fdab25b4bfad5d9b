import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isValidModelId, type ModelManifest, parseManifest, serializeManifest } from '@akidb/registry';
import { checkInstalledFiles } from './checkInstalledFiles.js';
import { downloadFile, type RetryOptions } from './downloadFile.js';
import {
  corruptFilesError,
  invalidModelIdError,
  notConvertedError,
  notInstalledError,
  offlineError,
} from './errors.js';
import { hubFileUrl } from './hubFileUrl.js';
import { installConverted, type ModelConverter, sourceFolderName } from './installConverted.js';
import type { DownloadProgress } from './progressPrinter.js';
import { VerifiedStamp } from './verifiedStamp.js';

/** Everything an install needs besides the manifest; resolved once by `createModelStore`. */
export interface InstallConfig extends RetryOptions {
  endpoint: string;
  offline: boolean;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  timeoutMs: number;
  onProgress: ((event: DownloadProgress) => void) | undefined;
  /** Converts `hub-convert` models; without one they must already be installed. */
  converter: ModelConverter | undefined;
  /** Where `hub-convert` source repos are downloaded (`<home>/sources`). */
  sourcesDir: string;
}

/** True when the store can fetch the model's files: a Hub source with every size and sha256 pinned. */
export function isDownloadable(manifest: ModelManifest): boolean {
  return (
    manifest.unavailable === null &&
    manifest.source.type === 'hub' &&
    manifest.files.every((file) => file.size !== null && file.sha256 !== null)
  );
}

async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  const path = join(dir, 'manifest.json');
  const text = serializeManifest(manifest);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    try {
      if (serializeManifest(parseManifest(existing, path)) === text) return;
    } catch {
      // A damaged manifest.json is replaced below.
    }
  }
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/**
 * A `hub-convert` manifest whose unpinned files take the sizes and sha256 of the installed copy that a
 * conversion wrote (the registry merges them too; this covers callers that pass the repo manifest).
 */
async function withInstalledPins(manifest: ModelManifest, dir: string): Promise<ModelManifest> {
  if (manifest.files.every((file) => file.size !== null && file.sha256 !== null)) return manifest;
  let installed: ModelManifest;
  try {
    installed = parseManifest(await readFile(join(dir, 'manifest.json'), 'utf8'), 'manifest.json');
  } catch {
    return manifest;
  }
  const byPath = new Map(installed.files.map((file) => [file.path, file]));
  const files = manifest.files.map((file) => {
    const local = byPath.get(file.path);
    if (file.sha256 !== null || local?.size == null || local.sha256 === null) return file;
    return { ...file, size: local.size, sha256: local.sha256 };
  });
  const source =
    manifest.source.type === 'hub-convert' && installed.source.type === 'hub-convert'
      ? { ...manifest.source, pins: { ...installed.source.pins, ...manifest.source.pins } }
      : manifest.source;
  return { ...manifest, source, files };
}

/**
 * Makes `dir` hold every file of `manifest`, verified: present files are size-checked and hashed
 * unless stamped; missing or corrupt ones are downloaded from the Hub layout; `manifest.json` is
 * written last. Returns `dir`.
 */
export async function installModel(
  given: ModelManifest,
  dir: string,
  config: InstallConfig,
  signal: AbortSignal,
): Promise<string> {
  if (!isValidModelId(given.id)) throw invalidModelIdError(given.id);
  const manifest = given.source.type === 'hub-convert' ? await withInstalledPins(given, dir) : given;
  const stamp = await VerifiedStamp.read(dir);
  const check = await checkInstalledFiles(manifest, dir, stamp);
  if (manifest.source.type === 'hub-convert') {
    const source = manifest.source;
    const broken = [...check.missing, ...check.corrupt.map(({ file }) => file)].map((file) => file.path);
    if (broken.length === 0) {
      await stamp.save();
      await writeManifest(dir, manifest);
      return dir;
    }
    if (config.converter === undefined) {
      if (check.corrupt.length > 0) {
        const names = check.corrupt.map(({ file, reason }) => `${file.path} (${reason})`);
        throw corruptFilesError(manifest, names, `Pull it again: \`akidb models pull ${manifest.id}\`.`);
      }
      throw notConvertedError(manifest, broken);
    }
    if (config.offline) throw offlineError(manifest, broken);
    const sources = join(config.sourcesDir, sourceFolderName(source));
    return installConverted(
      { ...given, source },
      dir,
      sources,
      { ...config, converter: config.converter },
      signal,
    );
  }
  const downloadable = isDownloadable(manifest);
  if (check.corrupt.length > 0) {
    const names = check.corrupt.map(({ file, reason }) => `${file.path} (${reason})`);
    if (!downloadable) {
      const hint =
        manifest.source.type === 'pypi'
          ? 'Run `pnpm models:prepare` to rebuild it.'
          : 'Remove the model directory.';
      throw corruptFilesError(manifest, names, hint);
    }
    if (config.offline)
      throw corruptFilesError(manifest, names, 'The store is offline, so they cannot be replaced.');
    for (const { file } of check.corrupt) await rm(join(dir, file.path), { recursive: true, force: true });
  }
  const missing = [...check.missing, ...check.corrupt.map(({ file }) => file)];
  if (missing.length > 0) {
    const names = missing.map((file) => file.path);
    if (!downloadable || manifest.source.type !== 'hub') throw notInstalledError(manifest, names);
    if (config.offline) throw offlineError(manifest, names);
    const { repo, revision } = manifest.source;
    await rm(join(dir, 'manifest.json'), { force: true });
    for (const file of missing) {
      const finalPath = join(dir, file.path);
      const ctx = {
        model: manifest.id,
        file: file.path,
        url: hubFileUrl(config.endpoint, repo, revision, file.remotePath ?? file.path),
      };
      const size = file.size ?? 0;
      const sha256 = file.sha256 ?? '';
      const emit = (receivedBytes: number, done: boolean): void =>
        config.onProgress?.({ model: manifest.id, file: file.path, receivedBytes, totalBytes: size, done });
      await mkdir(dirname(finalPath), { recursive: true });
      await downloadFile({ ctx, partPath: `${finalPath}.part`, size, sha256 }, finalPath, {
        ...config,
        signal,
        onBytes: (received) => emit(received, false),
      });
      const info = await stat(finalPath);
      stamp.set(file.path, info.size, info.mtimeMs, sha256);
      await stamp.save();
      emit(size, true);
    }
  }
  await stamp.save();
  await writeManifest(dir, manifest);
  return dir;
}
