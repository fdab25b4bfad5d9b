/** How a corpus is cut into inference batches. */
export type FeedOrder = 'arrival' | 'length';

/**
 * Positions of `tokenCounts` grouped into batches of at most `batchSize`: in arrival order (the
 * naive feed) or longest first (what length-aware batching does).
 *
 * @example
 * planFeed([5, 30, 7], 2, 'length'); // [[1, 2], [0]]
 */
export function planFeed(tokenCounts: readonly number[], batchSize: number, order: FeedOrder): number[][] {
  const positions = tokenCounts.map((_, index) => index);
  if (order === 'length') {
    positions.sort((a, b) => (tokenCounts[b] as number) - (tokenCounts[a] as number) || a - b);
  }
  const batches: number[][] = [];
  for (let start = 0; start < positions.length; start += batchSize) {
    batches.push(positions.slice(start, start + batchSize));
  }
  return batches;
}

/** Tokens a feed carries: real ones and those padded to each batch's longest row. */
export interface PaddingStats {
  realTokens: number;
  fedTokens: number;
  /** Share of fed tokens that are padding, 0..1. */
  paddingFraction: number;
}

/** Padding cost of running `batches` (from {@link planFeed}) over `tokenCounts`. */
export function paddingStats(tokenCounts: readonly number[], batches: readonly number[][]): PaddingStats {
  let realTokens = 0;
  let fedTokens = 0;
  for (const batch of batches) {
    let longest = 0;
    for (const position of batch) {
      const count = tokenCounts[position] as number;
      realTokens += count;
      longest = Math.max(longest, count);
    }
    fedTokens += longest * batch.length;
  }
  return { realTokens, fedTokens, paddingFraction: fedTokens === 0 ? 0 : 1 - realTokens / fedTokens };
}
