import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddingCacheOptions } from './cacheTypes.js';
import { createEmbeddingCache } from './createEmbeddingCache.js';
import { DATA_FILE } from './storeFile.js';

/** Components no real embedding has, so their bytes can be found in the store file. */
const MARKED = Float32Array.from({ length: 64 }, (_, i) => 1234.5 + i);
const other = Float32Array.from({ length: 64 }, (_, i) => -i);
const at = (vector: Float32Array, tokens = 9) => ({ vector, tokens, chunks: 2 });

let dir: string;
let warnings: string[];
const options = (extra: Partial<EmbeddingCacheOptions['store']> = {}): EmbeddingCacheOptions => ({
  store: { path: dir, ...extra },
  onWarning: (message) => warnings.push(message),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'akidb-embedding-cache-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeEntries(): Promise<void> {
  const cache = await createEmbeddingCache(options());
  cache.set('marked', at(MARKED));
  cache.set('other', at(other));
  await cache.close();
}

describe('persistent store (LMDB)', () => {
  it('survives a restart: a new cache reads what the old one wrote', async () => {
    await writeEntries();
    const cache = await createEmbeddingCache(options());
    expect(cache.get('marked')).toEqual(at(MARKED));
    expect(cache.get('other')).toEqual(at(other));
    expect(cache.stats()).toMatchObject({ hits: 2, storeHits: 2, storeEntries: 2 });
    // Now in memory too: the next read does not touch the store.
    expect(cache.get('marked')).toEqual(at(MARKED));
    expect(cache.stats().storeHits).toBe(2);
    expect(warnings).toEqual([]);
    await cache.close();
  });

  it('serves from the store when memory holds nothing', async () => {
    const cache = await createEmbeddingCache({ ...options(), maxMemoryBytes: 0 });
    cache.set('marked', at(MARKED));
    await cache.flushed();
    expect(cache.get('marked')).toEqual(at(MARKED));
    expect(cache.stats().storeHits).toBe(1);
    await cache.close();
  });

  it('rebuilds a store file full of garbage, with a warning', async () => {
    await writeEntries();
    writeFileSync(join(dir, DATA_FILE), Buffer.alloc(64 * 1024, 0x5a));
    const cache = await createEmbeddingCache(options());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/damaged .*rebuilding it empty/);
    expect(cache.get('marked')).toBeUndefined();
    cache.set('again', at(MARKED));
    await cache.close();
    const reopened = await createEmbeddingCache(options());
    expect(reopened.get('again')).toEqual(at(MARKED));
    await reopened.close();
  });

  it('rebuilds a store file too short to be LMDB', async () => {
    await writeEntries();
    writeFileSync(join(dir, DATA_FILE), 'not a database');
    const cache = await createEmbeddingCache(options());
    expect(warnings[0]).toMatch(/shorter than two LMDB meta pages/);
    expect(cache.get('marked')).toBeUndefined();
    await cache.close();
  });

  it('rebuilds a store whose pages are damaged behind valid meta pages (reading it would crash)', async () => {
    await writeEntries();
    const path = join(dir, DATA_FILE);
    const bytes = readFileSync(path);
    // Keep the two meta pages, overwrite every data page with garbage.
    bytes.fill(0xa7, 2 * 4096);
    writeFileSync(path, bytes);
    const cache = await createEmbeddingCache(options());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/reading it (crashed|failed)/);
    expect(cache.get('marked')).toBeUndefined();
    await cache.close();
  });

  it('never serves a value whose bytes changed: found at open, deleted, warned about', async () => {
    await writeEntries();
    flipMarkedByte();
    const cache = await createEmbeddingCache(options());
    expect(warnings).toEqual([expect.stringMatching(/1 damaged value\(s\) deleted/)]);
    expect(cache.get('marked')).toBeUndefined();
    expect(cache.get('other')).toEqual(at(other));
    await cache.close();
  });

  it('never serves a damaged value when open-time checks are off: the read checks it', async () => {
    await writeEntries();
    flipMarkedByte();
    const cache = await createEmbeddingCache(options({ verifyOnOpen: false }));
    expect(warnings).toEqual([]);
    expect(cache.get('marked')).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/damaged value was found and deleted/)]);
    expect(cache.stats()).toMatchObject({ corrupt: 1, misses: 1 });
    expect(cache.get('other')).toEqual(at(other));
    await cache.close();
  });

  it('empties a store written in another format', async () => {
    const db = open({ path: dir, encoding: 'binary', compression: false });
    await db.put('marked', Buffer.from(new Uint8Array(MARKED.buffer)));
    await db.close();
    const cache = await createEmbeddingCache(options());
    expect(warnings).toEqual([expect.stringMatching(/format none; emptying it/)]);
    expect(cache.get('marked')).toBeUndefined();
    expect(cache.stats().storeEntries).toBe(0);
    await cache.close();
  });

  it('stops adding entries at its byte limit, with one warning', async () => {
    const first = await createEmbeddingCache(options());
    await first.close();
    const startBytes = statSync(join(dir, DATA_FILE)).size;
    const cache = await createEmbeddingCache({
      ...options({ maxBytes: startBytes + 2000 }),
      maxMemoryBytes: 0,
    });
    const big = new Float32Array(200);
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, at(big));
    await cache.flushed();
    expect(cache.stats().storeEntries).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/reached its \d+ byte limit/)]);
    await cache.close();
  });

  it('truncating the file to its meta pages is caught too', async () => {
    await writeEntries();
    truncateSync(join(dir, DATA_FILE), 2 * 4096);
    const cache = await createEmbeddingCache(options());
    expect(warnings).toEqual([expect.stringMatching(/reading it (crashed|failed)/)]);
    expect(cache.get('marked')).toBeUndefined();
    await cache.close();
  });
});

function flipMarkedByte(): void {
  const path = join(dir, DATA_FILE);
  const bytes = readFileSync(path);
  const needle = Buffer.from(MARKED.buffer, MARKED.byteOffset, MARKED.byteLength);
  const at = bytes.indexOf(needle);
  expect(at).toBeGreaterThan(0);
  bytes[at + 100] = (bytes[at + 100] as number) ^ 0x10;
  writeFileSync(path, bytes);
}
