import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CORPUS_SEED, CORPUS_SIZE, generateCorpus } from './generateCorpus.js';
import { CORPUS_FILE, formatCorpus, loadCorpus } from './loadCorpus.js';

describe('mixed-length corpus', () => {
  it('is the committed fixture, byte for byte', async () => {
    const committed = await readFile(CORPUS_FILE, 'utf8');
    expect(committed).toBe(formatCorpus(generateCorpus(CORPUS_SEED, CORPUS_SIZE)));
  });

  it('is deterministic and depends on the seed', () => {
    expect(generateCorpus(7, 50)).toEqual(generateCorpus(7, 50));
    expect(generateCorpus(7, 50)).not.toEqual(generateCorpus(8, 50));
  });

  it('is mostly short with a long tail, like STS-B', async () => {
    const words = (await loadCorpus()).map((sentence) => sentence.split(' ').length).sort((a, b) => a - b);
    expect(words).toHaveLength(CORPUS_SIZE);
    const median = words[Math.floor(words.length / 2)] ?? 0;
    const longest = words[words.length - 1] ?? 0;
    expect(median).toBeGreaterThanOrEqual(6);
    expect(median).toBeLessThanOrEqual(14);
    expect(longest).toBeGreaterThan(3 * median);
  });
});
