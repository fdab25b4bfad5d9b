import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServerTexts } from '../report/serverReportTypes.js';
import { CORPUS_FILE, loadCorpus } from './loadCorpus.js';

/** Where the STS-B test split is expected (written by the data-preparing tool). */
export function defaultStsbFile(home: string = join(homedir(), '.cache', 'akidb')): string {
  return join(home, 'data', 'stsb', 'test.tsv');
}

/**
 * The unique sentences of an STS-B TSV (`score`, `sentence1`, `sentence2`, header first), in order
 * of first appearance: sentence1 then sentence2 of each row. Rows with fewer than three columns and
 * blank sentences are skipped. Throws when the header is not STS-B's.
 *
 * @example
 * uniqueStsbSentences('score\tsentence1\tsentence2\n2.5\tA girl.\tA boy.\n'); // ['A girl.', 'A boy.']
 */
export function uniqueStsbSentences(tsv: string): string[] {
  const lines = tsv.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const first = header.indexOf('sentence1');
  const second = header.indexOf('sentence2');
  if (first < 0 || second < 0) throw new Error(`not an STS-B TSV (header: ${lines[0]?.slice(0, 80)})`);
  const seen = new Set<string>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    for (const cell of [cells[first], cells[second]]) {
      const sentence = cell?.trim();
      if (sentence) seen.add(sentence);
    }
  }
  return [...seen];
}

/**
 * The texts the server comparison sends: STS-B's unique test sentences when `stsbFile` exists,
 * else the bench's generated mixed corpus (the report says which).
 *
 * @example
 * const { texts, info } = await loadServerTexts(defaultStsbFile());
 */
export async function loadServerTexts(stsbFile: string): Promise<{ texts: string[]; info: ServerTexts }> {
  const tsv = await readFile(stsbFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const texts = tsv === null ? await loadCorpus() : uniqueStsbSentences(tsv);
  if (texts.length === 0) throw new Error(`${stsbFile} holds no sentences`);
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  const info: ServerTexts = {
    source: tsv === null ? 'generated' : 'stsb',
    file: tsv === null ? CORPUS_FILE : stsbFile,
    sentences: texts.length,
    meanChars: chars / texts.length,
  };
  return { texts, info };
}
