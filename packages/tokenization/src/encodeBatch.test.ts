import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAkidbError } from '@akidb/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from './loadTokenizer.js';
import type { TextTokenizer } from './textTokenizer.js';

const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));

let tokenizer: TextTokenizer;
beforeAll(async () => {
  tokenizer = await loadTokenizer(join(hub, 'bge-small-en-v1.5'));
});

/** About `words` tokens of varied English. */
function longText(seed: number, words: number): string {
  const vocabulary = [
    'retrieval',
    'augmented',
    'generation',
    'needs',
    'fast',
    'embeddings',
    'of',
    'the',
    'corpus,',
  ];
  return Array.from({ length: words }, (_, i) => vocabulary[(i * 7 + seed) % vocabulary.length]).join(' ');
}

/** Counts event-loop turns (setImmediate callbacks) until stopped. */
function loopTurnCounter(): { stop: () => number } {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

describe('encodeBatch', () => {
  it('returns one encoding per text, in order, equal to encode', async () => {
    const texts = ['Hello world', '', 'A longer sentence about embeddings.', longText(3, 300)];
    const batch = await tokenizer.encodeBatch(texts, { maxTokens: 64 });
    expect(batch).toHaveLength(texts.length);
    texts.forEach((text, i) => {
      expect(Array.from(batch[i]?.ids ?? [])).toEqual(
        Array.from(tokenizer.encode(text, { maxTokens: 64 }).ids),
      );
    });
    expect(batch.map((e) => e.tokenCount)).toEqual(
      texts.map((text) => Math.min(tokenizer.countTokens(text), 64)),
    );
    expect(batch[3]?.tokenCount).toBe(64);
  });

  it('returns an empty list for no texts', async () => {
    expect(await tokenizer.encodeBatch([])).toEqual([]);
  });

  it('applies truncation options to every text', async () => {
    const texts = [longText(1, 100), longText(2, 100)];
    const left = await tokenizer.encodeBatch(texts, { maxTokens: 16, direction: 'left' });
    expect(left.map((e) => Array.from(e.ids))).toEqual(
      texts.map((text) => Array.from(tokenizer.encode(text, { maxTokens: 16, direction: 'left' }).ids)),
    );
  });

  it('reports the position of a text that is too long', async () => {
    const texts = ['short', longText(0, 50), 'short'];
    const error = await tokenizer
      .encodeBatch(texts, { maxTokens: 20, truncate: false })
      .catch((e: unknown) => e);
    expect(isAkidbError(error, 'INPUT_TOO_LONG')).toBe(true);
    const tokens = tokenizer.countTokens(texts[1] as string);
    expect(tokens).toBeGreaterThan(20);
    expect((error as { details: unknown }).details).toEqual({ tokens, maxTokens: 20, index: 1 });
  });

  it('reports the position of a text that is not a string', async () => {
    const texts = ['ok', null as unknown as string];
    const error = await tokenizer.encodeBatch(texts).catch((e: unknown) => e);
    expect(isAkidbError(error, 'INPUT_INVALID')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ index: 1 });
  });

  it('yields to the event loop between slices: with sliceMs 0, after every text', async () => {
    const texts = Array.from({ length: 32 }, (_, i) => longText(i, 500));
    const counter = loopTurnCounter();
    await tokenizer.encodeBatch(texts, { maxTokens: 512, sliceMs: 0 });
    expect(counter.stop()).toBeGreaterThanOrEqual(31);
  });

  it('lets timers and I/O callbacks run while a large batch is tokenized', async () => {
    // 64 texts of ~2,000 tokens: far more work than one 1 ms slice on any machine.
    const texts = Array.from({ length: 64 }, (_, i) => longText(i, 2000));
    const counter = loopTurnCounter();
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const encoded = await tokenizer.encodeBatch(texts, { truncate: false, maxTokens: 10_000, sliceMs: 1 });
    const turns = counter.stop();
    expect(encoded).toHaveLength(64);
    expect(timerFired).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });

  it('stops with CANCELLED once its signal is aborted', async () => {
    const texts = Array.from({ length: 16 }, (_, i) => longText(i, 200));
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const error = await tokenizer
      .encodeBatch(texts, { signal: controller.signal, sliceMs: 0 })
      .catch((e: unknown) => e);
    expect(isAkidbError(error, 'CANCELLED')).toBe(true);
  });

  it('does not start when the signal is already aborted', async () => {
    const error = await tokenizer
      .encodeBatch(['hello'], { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(isAkidbError(error, 'CANCELLED')).toBe(true);
  });
});
