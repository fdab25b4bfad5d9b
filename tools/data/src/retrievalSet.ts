import type { StsPair } from './stsb.js';

/** Queries, a document collection and the position of each query's relevant document in it. */
export interface RetrievalSet {
  queries: string[];
  documents: string[];
  /** `relevant[q]` is the index in `documents` of query `q`'s relevant document. */
  relevant: number[];
}

/**
 * A retrieval set from STS pairs: each sentence is a query whose relevant document is the other
 * sentence of its pair. Both directions are used: first sentences search the (deduplicated) second
 * sentences, and second sentences search the first ones. Pairs whose sentences are identical are left
 * out (finding the query itself says nothing).
 */
export function buildRetrievalSet(pairs: readonly StsPair[]): {
  forward: RetrievalSet;
  backward: RetrievalSet;
} {
  const kept = pairs.filter((pair) => pair.sentence1 !== pair.sentence2);
  return {
    forward: oneDirection(kept.map((pair) => [pair.sentence1, pair.sentence2])),
    backward: oneDirection(kept.map((pair) => [pair.sentence2, pair.sentence1])),
  };
}

function oneDirection(pairs: readonly [string, string][]): RetrievalSet {
  const index = new Map<string, number>();
  const documents: string[] = [];
  const relevant = pairs.map(([, document]) => {
    let at = index.get(document);
    if (at === undefined) {
      at = documents.length;
      documents.push(document);
      index.set(document, at);
    }
    return at;
  });
  return { queries: pairs.map(([query]) => query), documents, relevant };
}
