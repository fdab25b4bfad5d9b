/** The text lengths the latency grid is measured at. */
export type LengthClass = 'short' | 'medium' | 'long';

/** Target tokens per text (special tokens included) of each length class. */
export const LENGTH_TARGETS: Readonly<Record<LengthClass, number>> = { short: 10, medium: 60, long: 250 };

/** `size` distinct texts of about one length, cut from the corpus. */
export interface LengthPool {
  length: LengthClass;
  targetTokens: number;
  texts: string[];
  tokenCounts: number[];
  meanTokens: number;
}

/** Tokens of a text, special tokens included, untruncated. */
export type TokenCounter = (text: string) => number;

/**
 * Builds a pool of `size` texts near `LENGTH_TARGETS[length]` tokens from corpus sentences:
 * short texts are single sentences closest to the target; longer ones join consecutive sentences
 * while that brings them closer to the target, and the closest such joins are kept. No text
 * exceeds `maxTokens`, so none is truncated.
 *
 * @example
 * const pool = buildLengthPool(sentences, 'medium', 32, (t) => tokenizer.countTokens(t), 256);
 */
export function buildLengthPool(
  sentences: readonly string[],
  length: LengthClass,
  size: number,
  count: TokenCounter,
  maxTokens: number,
): LengthPool {
  const target = Math.min(LENGTH_TARGETS[length], maxTokens - 4);
  const counts = sentences.map(count);
  const texts =
    length === 'short'
      ? closest(sentences, counts, target, size)
      : joined(sentences, counts, { target, cap: maxTokens, size, specials: count('') });
  const tokenCounts = texts.map(count);
  const meanTokens = tokenCounts.reduce((sum, n) => sum + n, 0) / tokenCounts.length;
  return { length, targetTokens: target, texts, tokenCounts, meanTokens };
}

function closest(
  sentences: readonly string[],
  counts: readonly number[],
  target: number,
  size: number,
): string[] {
  const order = sentences.map((_, index) => index);
  order.sort(
    (a, b) => Math.abs((counts[a] as number) - target) - Math.abs((counts[b] as number) - target) || a - b,
  );
  const picked: string[] = [];
  const seen = new Set<string>();
  for (const index of order) {
    const sentence = sentences[index] as string;
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    picked.push(sentence);
    if (picked.length === size) break;
  }
  return picked;
}

/**
 * One candidate per starting sentence: consecutive sentences joined while that brings the count
 * closer to the target (never past the cap); then the `size` candidates closest to the target.
 */
function joined(
  sentences: readonly string[],
  counts: readonly number[],
  plan: { target: number; cap: number; size: number; specials: number },
): string[] {
  const candidates: { text: string; tokens: number; start: number }[] = [];
  for (let start = 0; start < sentences.length; start++) {
    const parts: string[] = [];
    let tokens = plan.specials;
    for (let next = start; parts.length < sentences.length; next++) {
      const index = next % sentences.length;
      const after = tokens + (counts[index] as number) - plan.specials;
      const closer = Math.abs(after - plan.target) < Math.abs(tokens - plan.target);
      if (parts.length > 0 && (!closer || after > plan.cap)) break;
      parts.push(sentences[index] as string);
      tokens = after;
    }
    candidates.push({ text: parts.join(' '), tokens, start });
  }
  candidates.sort(
    (a, b) => Math.abs(a.tokens - plan.target) - Math.abs(b.tokens - plan.target) || a.start - b.start,
  );
  return candidates.slice(0, plan.size).map((candidate) => candidate.text);
}
