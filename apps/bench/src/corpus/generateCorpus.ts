import type { Random } from './random.js';
import { createRandom } from './random.js';
import {
  CAPTION_ACTIONS,
  CAPTION_PLACES,
  CAPTION_SUBJECTS_MANY,
  CAPTION_SUBJECTS_ONE,
  CONNECTORS,
  HEADLINE_OBJECTS,
  HEADLINE_SUBJECTS,
  HEADLINE_TAILS,
  HEADLINE_VERBS,
  NEWS_CLAIMS,
  NEWS_EXTRAS,
  NEWS_SUBJECTS,
  NEWS_VERBS,
} from './wordBanks.js';

/** Seed and size of the committed fixture (`fixtures/mixed-corpus.txt`). */
export const CORPUS_SEED = 20_240_611;
export const CORPUS_SIZE = 400;

/**
 * A deterministic mixed-length English corpus shaped like STS-B: mostly short captions and
 * headlines, news and forum sentences of medium length, and a long tail of run-on sentences.
 * Same seed, same sentences.
 *
 * @example
 * const sentences = generateCorpus(CORPUS_SEED, CORPUS_SIZE);
 */
export function generateCorpus(seed: number, size: number): string[] {
  const random = createRandom(seed);
  const sentences: string[] = [];
  for (let i = 0; i < size; i++) {
    const kind = random.next();
    if (kind < 0.4) sentences.push(caption(random));
    else if (kind < 0.66) sentences.push(headline(random));
    else sentences.push(prose(random, clauseCount(random)));
  }
  return sentences;
}

function caption(random: Random): string {
  const many = random.chance(0.35);
  const subject = random.pick(many ? CAPTION_SUBJECTS_MANY : CAPTION_SUBJECTS_ONE);
  const place = random.chance(0.5) ? ` ${random.pick(CAPTION_PLACES)}` : '';
  return `${subject} ${many ? 'are' : 'is'} ${random.pick(CAPTION_ACTIONS)}${place}.`;
}

function headline(random: Random): string {
  const tail = random.chance(0.45) ? ` ${random.pick(HEADLINE_TAILS)}` : '';
  return `${random.pick(HEADLINE_SUBJECTS)} ${random.pick(HEADLINE_VERBS)} ${random.pick(HEADLINE_OBJECTS)}${tail}`;
}

/** Clauses per prose sentence: mostly one or two, rarely four (the long tail). */
function clauseCount(random: Random): number {
  const roll = random.next();
  if (roll < 0.8) return 1;
  if (roll < 0.96) return 2;
  if (roll < 0.99) return 3;
  return 4;
}

function prose(random: Random, clauses: number): string {
  const parts: string[] = [];
  for (let i = 0; i < clauses; i++) {
    const extra = random.chance(0.3) ? ` ${random.pick(NEWS_EXTRAS)}` : '';
    const clause = `${random.pick(NEWS_SUBJECTS)} ${random.pick(NEWS_VERBS)} ${random.pick(NEWS_CLAIMS)}${extra}`;
    parts.push(i === 0 ? clause : `${random.pick(CONNECTORS)} ${clause}`);
  }
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
