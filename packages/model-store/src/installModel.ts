import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isValidModelId, type ModelManifest, parseManifest, serializeManifest } from '@akidb/registry';
import { checkInstalledFiles } from './checkInstalledFiles.js';
import { downloadFile, type RetryOptions } from './downloadFile.js';
import { corruptFilesError, invalidModelIdError, notInstalledError, offlineError } from './errors.js';
import { hubFileUrl } from './hubFileUrl.js';
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
 * Makes `dir` hold every file of `manifest`, verified: present files are size-checked and hashed
 * unless stamped; missing or corrupt ones are downloaded from the Hub layout; `manifest.json` is
 * written last. Returns `dir`.
 */
export async function installModel(
  manifest: ModelManifest,
  dir: string,
  config: InstallConfig,
  signal: AbortSignal,
): Promise<string> {
  if (!isValidModelId(manifest.id)) throw invalidModelIdError(manifest.id);
  const stamp = await VerifiedStamp.read(dir);
  const check = await checkInstalledFiles(manifest, dir, stamp);
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
