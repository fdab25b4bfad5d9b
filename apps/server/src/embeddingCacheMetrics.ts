import type { EmbeddingCacheStats } from '@akidb/embedding-provider';
import { Counter, Gauge, type Registry } from 'prom-client';

const COUNTERS = [
  ['hits', 'hits_total', 'Embedding cache lookups answered from memory or the store'],
  ['misses', 'misses_total', 'Embedding cache lookups that had to be embedded'],
  ['storeHits', 'store_hits_total', 'Embedding cache hits answered by the store on disk'],
  ['writes', 'writes_total', 'Vectors put into the embedding cache'],
  ['evictions', 'evictions_total', 'Embedding cache entries dropped from memory to stay under its budget'],
  ['corrupt', 'corrupt_total', 'Damaged values found in the embedding cache store (deleted, never served)'],
] as const;

/**
 * The embedding cache's counters and sizes, read from `stats()` at scrape time; nothing is exported
 * while no cache is configured.
 */
export function registerEmbeddingCacheMetrics(
  registers: Registry[],
  stats: () => EmbeddingCacheStats | undefined,
): void {
  for (const [key, name, help] of COUNTERS) {
    new Counter({
      name: `akidb_embedding_cache_${name}`,
      help,
      registers,
      collect() {
        const current = stats();
        if (!current) return;
        this.reset();
        this.inc(current[key]);
      },
    });
  }
  new Gauge({
    name: 'akidb_embedding_cache_bytes',
    help: 'Bytes held by the embedding cache, by tier (memory, store)',
    labelNames: ['tier'],
    registers,
    collect() {
      const current = stats();
      if (!current) return;
      this.set({ tier: 'memory' }, current.memoryBytes);
      this.set({ tier: 'store' }, current.storeBytes);
    },
  });
  new Gauge({
    name: 'akidb_embedding_cache_entries',
    help: 'Entries in the embedding cache, by tier (memory, store)',
    labelNames: ['tier'],
    registers,
    collect() {
      const current = stats();
      if (!current) return;
      this.set({ tier: 'memory' }, current.memoryEntries);
      this.set({ tier: 'store' }, current.storeEntries);
    },
  });
}
