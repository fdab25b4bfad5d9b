import { describe, expect, it } from 'vitest';
import { openAiVectors } from './checkEqualWork.js';

describe('openAiVectors', () => {
  it('returns the embeddings in input order', () => {
    const body = JSON.stringify({
      data: [
        { index: 1, embedding: [0, 1] },
        { index: 0, embedding: [1, 0] },
      ],
    });
    expect(openAiVectors(body, 2)).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('rejects answers with the wrong count or shape', () => {
    expect(() => openAiVectors(JSON.stringify({ data: [] }), 1)).toThrow(/expected 1 embeddings, got 0/);
    expect(() => openAiVectors(JSON.stringify({ data: [{ index: 0, embedding: 'AAAA' }] }), 1)).toThrow(
      /not a list/,
    );
  });
});
