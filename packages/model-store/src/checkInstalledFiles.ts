import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestFile, ModelManifest } from '@akidb/registry';
import { hashFile } from './hashFile.js';
import type { VerifiedStamp } from './verifiedStamp.js';

/** A file present in the model dir that does not match the manifest. */
export interface CorruptFile {
  file: ManifestFile;
  reason: string;
}

/** What {@link checkInstalledFiles} found. */
export interface FileCheck {
  missing: ManifestFile[];
  corrupt: CorruptFile[];
}

/**
 * Checks the files of an installed (or partly installed) model: each must exist with the manifest's
 * size, and hash to its sha256 unless the stamp says it was verified at this size and mtime. Files
 * that pass are recorded in the stamp.
 */
export async function checkInstalledFiles(
  manifest: ModelManifest,
  dir: string,
  stamp: VerifiedStamp,
): Promise<FileCheck> {
  const result: FileCheck = { missing: [], corrupt: [] };
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info === undefined) {
      result.missing.push(file);
      continue;
    }
    if (!info.isFile()) {
      result.corrupt.push({ file, reason: 'not a regular file' });
      continue;
    }
    if (file.size !== null && info.size !== file.size) {
      result.corrupt.push({ file, reason: `${info.size} bytes, expected ${file.size}` });
      continue;
    }
    if (file.sha256 === null || stamp.has(file.path, info.size, info.mtimeMs, file.sha256)) continue;
    const actual = (await hashFile(path)).digest('hex');
    if (actual === file.sha256) {
      stamp.set(file.path, info.size, info.mtimeMs, file.sha256);
    } else {
      stamp.delete(file.path);
      result.corrupt.push({ file, reason: `sha256 ${actual}, expected ${file.sha256}` });
    }
  }
  return result;
}
