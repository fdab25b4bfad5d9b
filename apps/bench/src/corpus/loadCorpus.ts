import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The committed mixed-length corpus: one sentence a line, written by `pnpm corpus`. */
export const CORPUS_FILE: string = fileURLToPath(new URL('../../fixtures/mixed-corpus.txt', import.meta.url));

/** Formats sentences the way the fixture stores them. */
export function formatCorpus(sentences: readonly string[]): string {
  return `${sentences.join('\n')}\n`;
}

/**
 * Reads the committed corpus, in its (arrival) order.
 *
 * @example
 * const sentences = await loadCorpus();
 */
export async function loadCorpus(file: string = CORPUS_FILE): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line.length > 0);
}
