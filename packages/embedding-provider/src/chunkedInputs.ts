import type { EncodedText } from '@akidb/core';
import { weightedMean } from '@akidb/pooling';
import type { TextTokenizer } from '@akidb/tokenization';
import { cancelled } from './errors.js';

/** The windows of every input, flattened for batching, and which input each row belongs to. */
export interface ChunkedRows {
  rows: EncodedText[];
  /** `owner[row]` is the input the row is a window of. */
  owner: number[];
  /** Windows per input. */
  chunks: number[];
}

/** Longest synchronous tokenizing run before yielding to the event loop, in milliseconds. */
const SLICE_MS = 2;

/**
 * Tokenizes each text into windows of at most `maxTokens` (special tokens kept in each, see
 * `planWindows`); a text that fits is one window, exactly as `encode` would give it.
 */
export async function chunkedRows(
  tokenizer: TextTokenizer,
  texts: readonly string[],
  maxTokens: number,
  model: string,
  signal?: AbortSignal,
): Promise<ChunkedRows> {
  const out: ChunkedRows = { rows: [], owner: [], chunks: [] };
  let sliceStart = performance.now();
  for (const [index, text] of texts.entries()) {
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise(setImmediate);
      sliceStart = performance.now();
    }
    if (signal?.aborted) throw cancelled(model, signal.reason);
    const windows = tokenizer.encodeWindows(text, { maxTokens });
    for (const window of windows) {
      out.rows.push({ ids: window.ids, tokenCount: window.tokenCount });
      out.owner.push(index);
    }
    out.chunks.push(windows.length);
  }
  return out;
}

/**
 * One raw vector per input from its windows' raw vectors: the token-weighted mean (for mean pooling,
 * the mean over every token of every window); an input of one window keeps its vector.
 */
export function combineChunks(chunked: ChunkedRows, vectors: readonly Float32Array[]): Float32Array[] {
  const grouped: { vectors: Float32Array[]; weights: number[] }[] = chunked.chunks.map(() => ({
    vectors: [],
    weights: [],
  }));
  for (const [row, owner] of chunked.owner.entries()) {
    const group = grouped[owner] as { vectors: Float32Array[]; weights: number[] };
    group.vectors.push(vectors[row] as Float32Array);
    group.weights.push((chunked.rows[row] as EncodedText).tokenCount);
  }
  return grouped.map((group) =>
    group.vectors.length === 1
      ? (group.vectors[0] as Float32Array)
      : weightedMean(group.vectors, group.weights),
  );
}
