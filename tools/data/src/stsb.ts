import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAkidbHome } from '@akidb/core';

/** One STS-B pair: a similarity score from 0 to 5 and two sentences. */
export interface StsPair {
  score: number;
  sentence1: string;
  sentence2: string;
}

/** A split prepared by `pnpm data:prepare`. */
export type StsSplit = 'train' | 'dev' | 'test';

/** `$AKIDB_HOME/data/stsb/<split>.tsv` (header `score\tsentence1\tsentence2`). */
export function stsbPath(split: StsSplit, home: string = resolveAkidbHome()): string {
  return join(home, 'data', 'stsb', `${split}.tsv`);
}

/** Reads a prepared split; fails loudly (with the command to run) when it is not there. */
export function readStsb(split: StsSplit, home?: string): StsPair[] {
  const path = stsbPath(split, home);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`STS-B ${split} split not found at ${path}: run \`pnpm data:prepare\` first`, { cause });
  }
  const [header, ...lines] = text.trimEnd().split('\n');
  if (header !== 'score\tsentence1\tsentence2')
    throw new Error(`${path} does not start with the expected header`);
  return lines.map((line, index) => {
    const [score, sentence1, sentence2, ...rest] = line.split('\t');
    if (
      score === undefined ||
      !sentence1 ||
      !sentence2 ||
      rest.length > 0 ||
      !Number.isFinite(Number(score))
    ) {
      throw new Error(`${path}: line ${index + 2} is not score, sentence1, sentence2`);
    }
    return { score: Number(score), sentence1, sentence2 };
  });
}
