import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The stamp file in a model directory; records files already hashed, keyed by size and mtime. */
export const STAMP_FILE = '.akidb-verified.json';

interface StampEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Remembers which files were hashed and found correct, so a warm start only stats them. A file whose
 * size or mtime changed since is hashed again.
 */
export class VerifiedStamp {
  private readonly entries: Map<string, StampEntry>;
  private changed = false;

  private constructor(
    private readonly dir: string,
    entries: Map<string, StampEntry>,
  ) {
    this.entries = entries;
  }

  /** Reads the stamp of `dir`; a missing or unreadable stamp is empty (files get hashed again). */
  static async read(dir: string): Promise<VerifiedStamp> {
    const entries = new Map<string, StampEntry>();
    try {
      const json = JSON.parse(await readFile(join(dir, STAMP_FILE), 'utf8')) as {
        files?: Record<string, StampEntry>;
      };
      for (const [path, entry] of Object.entries(json.files ?? {})) {
        if (
          typeof entry?.size === 'number' &&
          typeof entry.mtimeMs === 'number' &&
          typeof entry.sha256 === 'string'
        ) {
          entries.set(path, { size: entry.size, mtimeMs: entry.mtimeMs, sha256: entry.sha256 });
        }
      }
    } catch {
      // No stamp yet, or a damaged one: everything is hashed again.
    }
    return new VerifiedStamp(dir, entries);
  }

  /** True when `path` was verified with this sha256 at this size and mtime. */
  has(path: string, size: number, mtimeMs: number, sha256: string): boolean {
    const entry = this.entries.get(path);
    return (
      entry !== undefined &&
      entry.size === size &&
      entry.mtimeMs === Math.round(mtimeMs) &&
      entry.sha256 === sha256
    );
  }

  /** Records a verified file; mtime is kept to the millisecond, the precision every filesystem API round-trips. */
  set(path: string, size: number, mtimeMs: number, sha256: string): void {
    this.entries.set(path, { size, mtimeMs: Math.round(mtimeMs), sha256 });
    this.changed = true;
  }

  delete(path: string): void {
    this.changed = this.entries.delete(path) || this.changed;
  }

  /** Writes the stamp (atomically) when something changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const files = Object.fromEntries([...this.entries].sort(([a], [b]) => a.localeCompare(b)));
    const path = join(this.dir, STAMP_FILE);
    await writeFile(`${path}.tmp`, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
    this.changed = false;
  }
}
