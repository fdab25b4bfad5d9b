import type { EmbeddingProvider } from '@akidb/core';
import type { CalibrationRanges } from '@akidb/pooling';
import { dequantizeInt8, quantizeEmbeddings } from '@akidb/pooling';
import { dot, negativeHamming, recallAtK } from './recallAtK.js';
import type { RetrievalSet } from './retrievalSet.js';

/** recall@k of one retrieval set per precision, and the ratio of each to float32. */
export interface QuantizedRecall {
  k: number;
  queries: number;
  recall: Record<'float32' | 'int8' | 'int8Codes' | 'uint8' | 'binary' | 'ubinary', number>;
}

/**
 * Embeds queries and documents once (float32, normalised), quantizes them, and measures recall@k:
 * float32 by cosine, int8 by cosine of the dequantized vectors (`int8`) and by the dot product of the raw
 * codes (`int8Codes`), uint8 likewise dequantized, binary and ubinary by Hamming distance.
 */
export async function quantizedRecall(
  provider: EmbeddingProvider,
  sets: readonly RetrievalSet[],
  ranges: CalibrationRanges,
  k = 10,
): Promise<QuantizedRecall> {
  const texts = [...new Set(sets.flatMap((set) => [...set.queries, ...set.documents]))];
  const vectors = new Map<string, Float32Array>();
  for (let start = 0; start < texts.length; start += 256) {
    const batch = texts.slice(start, start + 256);
    const { embeddings } = await provider.embed(batch);
    for (const [i, text] of batch.entries()) vectors.set(text, embeddings[i] as Float32Array);
  }
  const sums = { float32: 0, int8: 0, int8Codes: 0, uint8: 0, binary: 0, ubinary: 0 };
  let queries = 0;
  for (const set of sets) {
    const q = set.queries.map((text) => vectors.get(text) as Float32Array);
    const d = set.documents.map((text) => vectors.get(text) as Float32Array);
    const n = set.queries.length;
    queries += n;
    const recall = <T>(qs: T[], ds: T[], similarity: (a: T, b: T) => number) =>
      recallAtK(qs, ds, set.relevant, k, similarity) * n;
    sums.float32 += recall(q, d, dot);
    const int8 = (vs: Float32Array[]) => quantizeEmbeddings(vs, 'int8', ranges).vectors as Int8Array[];
    const [qi, di] = [int8(q), int8(d)];
    const back = (codes: Int8Array[]) => codes.map((code) => dequantizeInt8(code, ranges));
    sums.int8 += recall(back(qi), back(di), dot);
    sums.int8Codes += recall(qi, di, dot);
    const uint8 = (vs: Float32Array[]) =>
      (quantizeEmbeddings(vs, 'uint8', ranges).vectors as Uint8Array[]).map((code) =>
        dequantizeInt8(
          Int8Array.from(code, (c) => c - 128),
          ranges,
        ),
      );
    sums.uint8 += recall(uint8(q), uint8(d), dot);
    const bits = (vs: Float32Array[], precision: 'binary' | 'ubinary') =>
      quantizeEmbeddings(vs, precision).vectors as (Int8Array | Uint8Array)[];
    sums.binary += recall(bits(q, 'binary'), bits(d, 'binary'), negativeHamming);
    sums.ubinary += recall(bits(q, 'ubinary'), bits(d, 'ubinary'), negativeHamming);
  }
  const recall = Object.fromEntries(
    Object.entries(sums).map(([name, sum]) => [name, sum / queries]),
  ) as QuantizedRecall['recall'];
  return { k, queries, recall };
}
