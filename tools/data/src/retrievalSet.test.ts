import { describe, expect, it } from 'vitest';
import { buildRetrievalSet } from './retrievalSet.js';

describe('buildRetrievalSet', () => {
  const pairs = [
    { score: 5, sentence1: 'a cat sits', sentence2: 'a cat is sitting' },
    { score: 1, sentence1: 'a dog runs', sentence2: 'a cat is sitting' },
    { score: 0, sentence1: 'same', sentence2: 'same' },
    { score: 2, sentence1: 'a cat sits', sentence2: 'stocks fell' },
  ];
  const { forward, backward } = buildRetrievalSet(pairs);

  it('makes each sentence a query for the other sentence of its pair, in both directions', () => {
    expect(forward.queries).toEqual(['a cat sits', 'a dog runs', 'a cat sits']);
    expect(forward.relevant.map((d) => forward.documents[d])).toEqual([
      'a cat is sitting',
      'a cat is sitting',
      'stocks fell',
    ]);
    expect(backward.queries).toEqual(['a cat is sitting', 'a cat is sitting', 'stocks fell']);
    expect(backward.relevant.map((d) => backward.documents[d])).toEqual([
      'a cat sits',
      'a dog runs',
      'a cat sits',
    ]);
  });

  it('lists each document once and leaves out pairs of identical sentences', () => {
    expect(forward.documents).toEqual(['a cat is sitting', 'stocks fell']);
    expect(backward.documents).toEqual(['a cat sits', 'a dog runs']);
  });
});
