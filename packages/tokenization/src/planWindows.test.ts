import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from './loadTokenizer.js';
import { planWindows } from './planWindows.js';
import type { TextTokenizer } from './textTokenizer.js';

const CLS = [101];
const SEP = [102];
const content = (n: number): number[] => Array.from({ length: n }, (_, i) => 1000 + i);
const spans = (windows: { start: number; end: number }[]) => windows.map((w) => [w.start, w.end]);

describe('planWindows', () => {
  it('keeps an input that fits as one window, special tokens around it', () => {
    const windows = planWindows({ prefix: CLS, content: content(5), suffix: SEP }, { maxTokens: 256 });
    expect(windows).toHaveLength(1);
    expect(Array.from(windows[0]!.ids)).toEqual([101, ...content(5), 102]);
    expect(windows[0]!.tokenCount).toBe(7);
  });

  it('cuts 600 content tokens for a 256-token model into 3 windows overlapping by 31', () => {
    const windows = planWindows({ prefix: CLS, content: content(600), suffix: SEP }, { maxTokens: 256 });
    expect(spans(windows)).toEqual([
      [0, 254],
      [223, 477],
      [446, 600],
    ]);
    expect(windows.map((w) => w.tokenCount)).toEqual([256, 256, 156]);
    for (const w of windows) {
      expect(w.ids[0]).toBe(101);
      expect(w.ids[w.ids.length - 1]).toBe(102);
      expect(Array.from(w.ids.subarray(1, -1))).toEqual(content(600).slice(w.start, w.end));
    }
  });

  it('makes a second window only once the content does not fit in one', () => {
    const plan = (n: number) =>
      planWindows({ prefix: CLS, content: content(n), suffix: SEP }, { maxTokens: 10 });
    expect(spans(plan(8))).toEqual([[0, 8]]);
    expect(spans(plan(9))).toEqual([
      [0, 8],
      [7, 9],
    ]);
  });

  it('takes an explicit overlap, including none', () => {
    const source = { prefix: CLS, content: content(20), suffix: SEP };
    expect(spans(planWindows(source, { maxTokens: 10, overlapTokens: 0 }))).toEqual([
      [0, 8],
      [8, 16],
      [16, 20],
    ]);
    expect(spans(planWindows(source, { maxTokens: 10, overlapTokens: 4 }))).toEqual([
      [0, 8],
      [4, 12],
      [8, 16],
      [12, 20],
    ]);
  });

  it('works with models that add no special tokens or only a prefix', () => {
    const bare = planWindows(
      { prefix: [], content: content(5), suffix: [] },
      { maxTokens: 2, overlapTokens: 0 },
    );
    expect(bare.map((w) => Array.from(w.ids))).toEqual([[1000, 1001], [1002, 1003], [1004]]);
    const empty = planWindows({ prefix: CLS, content: [], suffix: SEP }, { maxTokens: 8 });
    expect(empty.map((w) => Array.from(w.ids))).toEqual([[101, 102]]);
  });

  it('refuses a window with no room for content and overlaps that would not advance', () => {
    const source = { prefix: CLS, content: content(20), suffix: SEP };
    expect(() => planWindows(source, { maxTokens: 2 })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => planWindows(source, { maxTokens: 10, overlapTokens: 8 })).toThrow(/from 0 to 7/);
    expect(() => planWindows(source, { maxTokens: 10, overlapTokens: -1 })).toThrow(/overlapTokens/);
  });

  it('always covers the content in order, within the limit, with the asked overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 3, max: 64 }),
        fc.nat(),
        (n, maxTokens, overlapSeed) => {
          const width = maxTokens - 2;
          const overlap = overlapSeed % width;
          const windows = planWindows(
            { prefix: CLS, content: content(n), suffix: SEP },
            { maxTokens, overlapTokens: overlap },
          );
          expect(windows[0]!.start).toBe(0);
          expect(windows.at(-1)!.end).toBe(n);
          for (const [i, w] of windows.entries()) {
            expect(w.tokenCount).toBeLessThanOrEqual(maxTokens);
            if (i > 0) expect(w.start).toBeGreaterThan(windows[i - 1]!.start);
            if (i > 0) expect(windows[i - 1]!.end - w.start).toBe(overlap);
          }
        },
      ),
    );
  });
});

describe('TextTokenizer.encodeWindows (all-MiniLM-L6-v2 tokenizer)', () => {
  const hub = fileURLToPath(new URL('../../../../shared/hub-metadata', import.meta.url));
  let tokenizer: TextTokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizer(join(hub, 'all-MiniLM-L6-v2'));
  });

  it('is encode() for a text that fits', () => {
    const [only, ...rest] = tokenizer.encodeWindows('hello world', { maxTokens: 256 });
    expect(rest).toEqual([]);
    expect(Array.from(only!.ids)).toEqual(Array.from(tokenizer.encode('hello world').ids));
  });

  it('windows a long text so the windows rebuild its full token sequence', () => {
    const text = Array.from({ length: 300 }, (_, i) => `sentence number ${i} about embeddings.`).join(' ');
    const windows = tokenizer.encodeWindows(text, { maxTokens: 128, overlapTokens: 16 });
    const full = tokenizer.encode(text, { maxTokens: Number.POSITIVE_INFINITY });
    const rebuilt: number[] = [];
    for (const w of windows) {
      const inner = Array.from(w.ids.subarray(1, -1));
      rebuilt.push(...inner.slice(rebuilt.length - w.start));
      expect(w.ids[0]).toBe(101);
      expect(w.ids.at(-1)).toBe(102);
      expect(w.tokenCount).toBeLessThanOrEqual(128);
    }
    expect([101, ...rebuilt, 102]).toEqual(Array.from(full.ids));
    expect(windows.length).toBe(Math.ceil((full.tokenCount - 2 - 126) / 110) + 1);
  });
});
