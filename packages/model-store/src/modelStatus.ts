import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRole, ModelManifest } from '@akidb/registry';
import { VerifiedStamp } from './verifiedStamp.js';

/** One file of a model as found on disk (no hashing). */
export interface FileStatus {
  path: string;
  role: FileRole;
  /** `present`: exists with the manifest size; `wrong-size`: exists with another size. */
  state: 'present' | 'missing' | 'wrong-size';
  /** Size the manifest expects (`null` when not pinned). */
  size: number | null;
  /** Size on disk, or `null` when missing. */
  actualSize: number | null;
  /** Bytes already in a `.part` file from an interrupted download. */
  partialBytes: number;
  /** Whether the store has hashed this exact file (same size and mtime) and found it correct. */
  verified: boolean;
}

/** The install status of one model. */
export interface ModelStatus {
  id: string;
  dir: string;
  /** Every file present with the manifest size (same test as the registry's `installed`). */
  installed: boolean;
  files: FileStatus[];
}

async function sizeIfFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
}

/** Reads the per-file status of a model under `dir`. */
export async function modelStatus(manifest: ModelManifest, dir: string): Promise<ModelStatus> {
  const stamp = await VerifiedStamp.read(dir);
  const files = await Promise.all(
    manifest.files.map(async (file): Promise<FileStatus> => {
      const path = join(dir, file.path);
      const [info, part] = await Promise.all([sizeIfFile(path), sizeIfFile(`${path}.part`)]);
      const state = !info
        ? 'missing'
        : file.size === null || info.size === file.size
          ? 'present'
          : 'wrong-size';
      return {
        path: file.path,
        role: file.role,
        state,
        size: file.size,
        actualSize: info?.size ?? null,
        partialBytes: part?.size ?? 0,
        verified:
          info !== undefined &&
          file.sha256 !== null &&
          stamp.has(file.path, info.size, info.mtimeMs, file.sha256),
      };
    }),
  );
  return { id: manifest.id, dir, installed: files.every((file) => file.state === 'present'), files };
}
