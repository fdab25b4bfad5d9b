import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isAkidbError } from '@akidb/core';
import type { HubConvertSource, ModelManifest } from '@akidb/registry';
import { downloadFile, type RetryOptions } from './downloadFile.js';
import { cancelledError, checksumMismatchError, networkError, sourceFileMissingError } from './errors.js';
import { hashFile } from './hashFile.js';
import { hubFileUrl } from './hubFileUrl.js';
import { probeHubFile } from './probeHubFile.js';
import type { DownloadProgress } from './progressPrinter.js';
import { VerifiedStamp } from './verifiedStamp.js';

/** The lock file a source folder keeps: what was downloaded, from which commit, verified how. */
export const SOURCE_LOCK_FILE = '.akidb-source.json';

/** Files of a Hugging Face repo that a conversion reads besides the weights. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json'];
const OPTIONAL_FILES = [
  'tokenizer_config.json',
  'special_tokens_map.json',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  '1_Pooling/config.json',
];
const SINGLE_WEIGHTS = 'model.safetensors';
/** Shard names an index may give: plain file names in the repo root (never a path out of it). */
const SHARD_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*\.safetensors$/;
const WEIGHTS_INDEX = 'model.safetensors.index.json';

/**
 * How a source file was verified: against a sha256 pinned in the manifest, against the sha256 the Hub
 * announces for LFS files (`X-Linked-Etag`), or only by the length the server announced.
 */
export type SourceCheck = 'pinned' | 'hub-sha256' | 'length-only';

/** One downloaded source file. */
export interface LockedFile {
  size: number;
  sha256: string;
  check: SourceCheck;
}

/** What a source folder holds; written to {@link SOURCE_LOCK_FILE}. */
export interface SourceLock {
  repo: string;
  revision: string;
  /** The commit the revision resolved to, when the Hub said (`X-Repo-Commit`). */
  commit: string | null;
  files: Record<string, LockedFile>;
}

/** How to reach the Hub; a subset of the store's install config. */
export interface SourceDownloadConfig extends RetryOptions {
  endpoint: string;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  timeoutMs: number;
  onProgress: ((event: DownloadProgress) => void) | undefined;
}

async function readLock(dir: string, source: HubConvertSource): Promise<SourceLock | undefined> {
  try {
    const lock = JSON.parse(await readFile(join(dir, SOURCE_LOCK_FILE), 'utf8')) as SourceLock;
    return lock.repo === source.repo && lock.revision === source.revision ? lock : undefined;
  } catch {
    return undefined;
  }
}

async function writeLock(dir: string, lock: SourceLock): Promise<void> {
  const path = join(dir, SOURCE_LOCK_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(lock, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** True when `path` still holds the locked bytes (size, then sha256 unless the stamp vouches for it). */
async function stillLocked(
  dir: string,
  path: string,
  locked: LockedFile,
  stamp: VerifiedStamp,
): Promise<boolean> {
  const info = await stat(join(dir, path)).catch(() => undefined);
  if (!info?.isFile() || info.size !== locked.size) return false;
  if (stamp.has(path, info.size, info.mtimeMs, locked.sha256)) return true;
  const ok = (await hashFile(join(dir, path))).digest('hex') === locked.sha256;
  if (ok) stamp.set(path, info.size, info.mtimeMs, locked.sha256);
  return ok;
}

/**
 * Downloads the files a conversion needs from a Hub repo (config, tokenizer, sentence-transformers
 * files, and `model.safetensors` or the shards its index names) into `dir`, with resume, retries and
 * progress. Each file is verified against the manifest's `source.pins` when listed, else against the
 * sha256 the Hub announces for LFS files, else by length; the result is recorded in `dir`'s lock file,
 * so a later pull re-verifies the same bytes and fetches nothing.
 */
export async function downloadSources(
  manifest: ModelManifest & { source: HubConvertSource },
  dir: string,
  config: SourceDownloadConfig,
  signal: AbortSignal,
): Promise<SourceLock> {
  const { source } = manifest;
  await mkdir(dir, { recursive: true });
  const stamp = await VerifiedStamp.read(dir);
  const previous = await readLock(dir, source);
  const lock: SourceLock = {
    repo: source.repo,
    revision: source.revision,
    commit: previous?.commit ?? null,
    files: {},
  };
  const listed = manifest.files
    .filter((file) => file.role !== 'model' && file.role !== 'model-data')
    .map((file) => file.remotePath ?? file.path);
  const required = new Set([...REQUIRED_FILES, ...listed]);
  const wanted = [...required, ...OPTIONAL_FILES.filter((path) => !required.has(path))];

  const fetchOne = async (path: string, mustExist: boolean): Promise<boolean> => {
    if (signal.aborted) throw cancelledError(manifest.id, signal.reason);
    const locked = previous?.files[path];
    if (locked && (await stillLocked(dir, path, locked, stamp))) {
      lock.files[path] = locked;
      return true;
    }
    const ctx = {
      model: manifest.id,
      file: path,
      url: hubFileUrl(config.endpoint, source.repo, source.revision, path),
    };
    let info: Awaited<ReturnType<typeof probeHubFile>>;
    try {
      info = await probeHubFile(ctx, config.fetch, config.headers, signal);
    } catch (error) {
      if (signal.aborted) throw cancelledError(manifest.id, signal.reason);
      if (isAkidbError(error)) throw error;
      throw networkError(ctx, 1, error);
    }
    if (!info.found) {
      if (mustExist) throw sourceFileMissingError(ctx);
      return false;
    }
    if (info.commit) lock.commit = info.commit;
    const pin = source.pins[path];
    if (pin && info.sha256 !== null && info.sha256 !== pin.sha256) {
      throw checksumMismatchError(ctx, pin.sha256, `${info.sha256} (announced by the Hub)`);
    }
    const sha256 = pin?.sha256 ?? info.sha256;
    const size = pin?.size ?? info.size;
    const finalPath = join(dir, path);
    await mkdir(dirname(finalPath), { recursive: true });
    const emit = (receivedBytes: number, totalBytes: number, done: boolean): void =>
      config.onProgress?.({ model: manifest.id, file: path, receivedBytes, totalBytes, done });
    const done = await downloadFile({ ctx, partPath: `${finalPath}.part`, size, sha256 }, finalPath, {
      ...config,
      signal,
      onBytes: (received, total) => emit(received, total, false),
    });
    const written = await stat(finalPath);
    stamp.set(path, written.size, written.mtimeMs, done.sha256);
    lock.files[path] = { ...done, check: pin ? 'pinned' : sha256 !== null ? 'hub-sha256' : 'length-only' };
    await stamp.save();
    await writeLock(dir, lock);
    emit(done.size, done.size, true);
    return true;
  };

  for (const path of wanted) await fetchOne(path, required.has(path));
  const single = previous?.files[SINGLE_WEIGHTS] !== undefined || !previous?.files[WEIGHTS_INDEX];
  if (!(single && (await fetchOne(SINGLE_WEIGHTS, false)))) {
    await fetchOne(WEIGHTS_INDEX, true);
    const index = JSON.parse(await readFile(join(dir, WEIGHTS_INDEX), 'utf8')) as {
      weight_map?: Record<string, string>;
    };
    const shards = [...new Set(Object.values(index.weight_map ?? {}))].sort();
    if (shards.length === 0 || !shards.every((shard) => SHARD_NAME.test(shard))) {
      throw sourceFileMissingError({
        model: manifest.id,
        file: WEIGHTS_INDEX,
        url: hubFileUrl(config.endpoint, source.repo, source.revision, WEIGHTS_INDEX),
      });
    }
    for (const shard of shards) await fetchOne(shard, true);
  }
  await stamp.save();
  await writeLock(dir, lock);
  return lock;
}
