import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerTexts, uniqueStsbSentences } from './loadServerTexts.js';

const TSV = [
  'score\tsentence1\tsentence2',
  '2.500\tA girl is styling her hair.\tA girl is brushing her hair.',
  '3.600\tA man plays.\tA girl is styling her hair.',
  '1.000\t \tA man plays.',
  'broken row',
  '',
].join('\n');

describe('uniqueStsbSentences', () => {
  it('keeps each sentence once, in order of first appearance, skipping blanks and short rows', () => {
    expect(uniqueStsbSentences(TSV)).toEqual([
      'A girl is styling her hair.',
      'A girl is brushing her hair.',
      'A man plays.',
    ]);
  });

  it('finds the columns by header name', () => {
    expect(uniqueStsbSentences('sentence2\tscore\tsentence1\nB\t1\tA\n')).toEqual(['A', 'B']);
  });

  it('rejects a file that is not STS-B', () => {
    expect(() => uniqueStsbSentences('a\tb\n1\t2\n')).toThrow(/not an STS-B TSV/);
  });
});

describe('loadServerTexts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reads STS-B when the file exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'akidb-stsb-'));
    dirs.push(dir);
    await writeFile(join(dir, 'test.tsv'), TSV);
    const { texts, info } = await loadServerTexts(join(dir, 'test.tsv'));
    expect(texts).toHaveLength(3);
    expect(info).toMatchObject({ source: 'stsb', sentences: 3, file: join(dir, 'test.tsv') });
  });

  it('falls back to the generated corpus and says so', async () => {
    const { texts, info } = await loadServerTexts(join(tmpdir(), 'no-such-dir', 'test.tsv'));
    expect(info.source).toBe('generated');
    expect(info.file).toMatch(/mixed-corpus\.txt$/);
    expect(texts.length).toBe(info.sentences);
    expect(info.meanChars).toBeGreaterThan(10);
  });
});
