import { mkdirSync } from 'node:fs';
import type { RootDatabase } from 'lmdb';
import { open } from 'lmdb';
import type { CachedEmbedding } from './cacheTypes.js';
import { storeUnavailable } from './errors.js';
import { checkStoreHeader, removeStoreFiles, walkStoreInChild } from './storeFile.js';
import { decodeValue, encodeValue } from './valueCodec.js';

/** Options of {@link LmdbVectorStore.open}. */
export interface LmdbStoreOptions {
  /** Directory of the store (created when missing); LMDB keeps `data.mdb` and `lock.mdb` in it. */
  path: string;
  /** Stop adding entries once the file reaches about this many bytes (default: no limit). */
  maxBytes?: number;
  /** Read every entry in a child process before use, to catch a damaged file (default true). */
  verifyOnOpen?: boolean;
  /** Told about damage found and repaired. */
  warn: (message: string, details: Record<string, unknown>) => void;
}

/** Key of the record that marks the store's format; a store without it (or another) is emptied. */
const FORMAT_KEY = '\u0000akidb-format';
const FORMAT = 'akidb-embedding-cache/1';
/** Per-entry bookkeeping LMDB adds to key + value, for the size estimate. */
const ENTRY_OVERHEAD = 16;

/** What a read of the store found. */
export type StoreRead = { kind: 'hit'; entry: CachedEmbedding } | { kind: 'miss' } | { kind: 'corrupt' };

/**
 * Vectors on disk in LMDB, checked on open and on every read: a damaged file is rebuilt and a damaged
 * value deleted, each with a warning; neither is ever returned.
 */
export class LmdbVectorStore {
  readonly path: string;
  #db: RootDatabase<Buffer, string> | undefined;
  readonly #maxBytes: number;
  readonly #warn: LmdbStoreOptions['warn'];
  #bytes: number;
  #full = false;

  private constructor(db: RootDatabase<Buffer, string>, options: LmdbStoreOptions) {
    this.path = options.path;
    this.#db = db;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#warn = options.warn;
    this.#bytes = fileBytes(db);
  }

  /** Opens (or creates) the store, rebuilding it with a warning when its file is damaged. */
  static async open(options: LmdbStoreOptions): Promise<LmdbVectorStore> {
    mkdirSync(options.path, { recursive: true });
    const damage =
      checkStoreHeader(options.path) ??
      (options.verifyOnOpen === false ? undefined : walkStoreInChild(options.path));
    if (damage !== undefined) {
      options.warn(`embedding cache store ${options.path} is damaged (${damage}); rebuilding it empty`, {
        path: options.path,
        reason: damage,
      });
      removeStoreFiles(options.path);
    }
    let db: RootDatabase<Buffer, string>;
    try {
      db = open<Buffer, string>({ path: options.path, encoding: 'binary', compression: false });
    } catch (cause) {
      throw storeUnavailable(options.path, cause);
    }
    await checkFormat(db, options);
    const store = new LmdbVectorStore(db, options);
    if (options.verifyOnOpen !== false) await store.#dropDamagedValues();
    return store;
  }

  /** Reads one vector; a value that fails its checksum is deleted and reported as `corrupt`. */
  get(key: string): StoreRead {
    const db = this.#db;
    if (db === undefined) return { kind: 'miss' };
    let raw: Buffer | undefined;
    try {
      raw = db.getBinary(key);
    } catch (error) {
      this.#disable(error);
      return { kind: 'miss' };
    }
    if (raw === undefined) return { kind: 'miss' };
    const entry = decodeValue(key, raw);
    if (entry !== undefined) return { kind: 'hit', entry };
    this.#warn(`embedding cache store ${this.path}: a damaged value was found and deleted`, {
      path: this.path,
      key,
    });
    db.remove(key).catch((error: unknown) => this.#disable(error));
    return { kind: 'corrupt' };
  }

  /** Queues a write (LMDB commits writes in batches); skipped once the store reaches `maxBytes`. */
  put(key: string, entry: CachedEmbedding): boolean {
    const db = this.#db;
    if (db === undefined) return false;
    const value = encodeValue(key, entry);
    const size = value.length + key.length + ENTRY_OVERHEAD;
    if (this.#bytes + size > this.#maxBytes) {
      if (!this.#full) {
        this.#full = true;
        this.#warn(`embedding cache store ${this.path} reached its ${this.#maxBytes} byte limit`, {
          path: this.path,
          maxBytes: this.#maxBytes,
        });
      }
      return false;
    }
    this.#bytes += size;
    db.put(key, value).catch((error: unknown) => this.#disable(error));
    return true;
  }

  /** Approximate bytes the store file holds. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Entries in the store (the format record aside). */
  get entries(): number {
    const db = this.#db;
    return db === undefined ? 0 : Math.max(0, db.getCount() - 1);
  }

  /** Resolves when every queued write is on disk. */
  async flushed(): Promise<void> {
    await this.#db?.flushed;
  }

  /** Deletes every entry. */
  async clear(): Promise<void> {
    const db = this.#db;
    if (db === undefined) return;
    await db.clearAsync();
    await db.put(FORMAT_KEY, Buffer.from(FORMAT));
    this.#bytes = fileBytes(db);
    this.#full = false;
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    await db?.close();
  }

  async #dropDamagedValues(): Promise<void> {
    const db = this.#db as RootDatabase<Buffer, string>;
    const damaged: string[] = [];
    for (const { key, value } of db.getRange()) {
      if (key !== FORMAT_KEY && decodeValue(key, value) === undefined) damaged.push(key);
    }
    if (damaged.length === 0) return;
    this.#warn(`embedding cache store ${this.path}: ${damaged.length} damaged value(s) deleted`, {
      path: this.path,
      damaged: damaged.length,
    });
    await db.transaction(() => {
      for (const key of damaged) db.removeSync(key);
    });
  }

  /** An error from LMDB while running: stop using the store (it is checked and rebuilt at the next open). */
  #disable(error: unknown): void {
    const db = this.#db;
    if (db === undefined) return;
    this.#db = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    this.#warn(`embedding cache store ${this.path} failed (${reason}); continuing without it`, {
      path: this.path,
      reason,
    });
    void db.close().catch(() => {});
  }
}

async function checkFormat(db: RootDatabase<Buffer, string>, options: LmdbStoreOptions): Promise<void> {
  const format = db.getBinary(FORMAT_KEY)?.toString();
  if (format === FORMAT) return;
  if (db.getCount() > 0) {
    options.warn(`embedding cache store ${options.path} has format ${format ?? 'none'}; emptying it`, {
      path: options.path,
      format: format ?? null,
    });
    await db.clearAsync();
  }
  await db.put(FORMAT_KEY, Buffer.from(FORMAT));
}

function fileBytes(db: RootDatabase<Buffer, string>): number {
  const stats = db.getStats() as { pageSize: number; lastPageNumber: number };
  return (stats.lastPageNumber + 1) * stats.pageSize;
}
