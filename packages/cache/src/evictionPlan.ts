import { modelTooLarge, noFreeSlot } from './errors.js';

/** The limits a cache keeps its ready models under. */
export interface Budget {
  maxModels: number;
  /** `Infinity` when there is no memory budget. */
  maxBytes: number;
}

/** What eviction planning needs to know about a ready model. */
export interface BudgetEntry {
  readonly id: string;
  readonly bytes: number;
  readonly pinned: boolean;
}

/** One model to evict and why. */
export interface PlannedEviction<E extends BudgetEntry> {
  entry: E;
  reason: 'lru' | 'budget';
}

/**
 * Throws `MODEL_TOO_LARGE` (or `OVERLOADED` when every slot is pinned) when a model of `bytes` could not
 * fit even with every unpinned model evicted. Pinned models other than `id` stay where they are.
 */
export function assertFits(budget: Budget, ready: Iterable<BudgetEntry>, id: string, bytes: number): void {
  let pinnedBytes = 0;
  const pinnedIds: string[] = [];
  for (const entry of ready) {
    if (!entry.pinned || entry.id === id) continue;
    pinnedBytes += entry.bytes;
    pinnedIds.push(entry.id);
  }
  if (pinnedBytes + bytes > budget.maxBytes) {
    throw modelTooLarge(id, bytes, budget.maxBytes, budget.maxBytes - pinnedBytes);
  }
  if (pinnedIds.length + 1 > budget.maxModels) throw noFreeSlot(id, budget.maxModels, pinnedIds);
}

/**
 * Picks the ready models to evict, least recently used first and skipping pinned ones, so that one more
 * model of `bytes` fits. The reason is `'budget'` while the bytes are over, else `'lru'`.
 *
 * @example
 * planEviction({ maxModels: 2, maxBytes: Infinity }, [a, b], 'c', 10); // [{ entry: a, reason: 'lru' }]
 */
export function planEviction<E extends BudgetEntry>(
  budget: Budget,
  lruFirst: readonly E[],
  id: string,
  bytes: number,
): PlannedEviction<E>[] {
  let count = lruFirst.length;
  let total = 0;
  for (const entry of lruFirst) total += entry.bytes;
  const plan: PlannedEviction<E>[] = [];
  for (const entry of lruFirst) {
    const overBytes = total + bytes > budget.maxBytes;
    if (!overBytes && count + 1 <= budget.maxModels) break;
    if (entry.pinned || entry.id === id) continue;
    plan.push({ entry, reason: overBytes ? 'budget' : 'lru' });
    total -= entry.bytes;
    count -= 1;
  }
  return plan;
}
