import type { RunningServer } from '@akidb/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ledger, ledgerSummary } from './support/httpClient.js';
import { startTestServer } from './support/inProcessServer.js';

/** Valid but unusual texts: every route must embed them (200) into finite unit vectors. */
const ODD_TEXTS: Readonly<Record<string, string>> = {
  emoji: 'Thumbs up 👍🏽, flags 🇯🇵🇧🇷, family 👨‍👩‍👧‍👦',
  'emoji only': '🙂🙂🙂',
  CJK: '你好，世界。日本語のテキストです。한국어 문장입니다.',
  RTL: 'مرحبا بالعالم — שלום עולם',
  'bidi overrides': '\u202Eabc\u202C def \u2067xyz\u2069',
  'zero-width characters': 'zero\u200Bwidth\u200Cjoin\u200Dand\uFEFFbom',
  'zero-width only': '\u200B\u200C\u200D\uFEFF',
  'a NUL byte': 'before\u0000after',
  'NUL only': '\u0000',
  'control characters': '\u0001\u0002\u0007\u001B[31m',
  'combining marks': 'e\u0301\u0301\u0301 Z\u0335\u0321\u0322algo',
  'a lone high surrogate': 'left \uD800 right',
  'a lone low surrogate': '\uDC00',
  'reversed surrogate pair': '\uDC00\uD800',
  noncharacters: '\uFFFE\uFFFF',
  'private use': '\uE000\uF8FF',
  'a 60k-character word': 'x'.repeat(60_000),
  'ten thousand spaces around a word': `${' '.repeat(5000)}word${' '.repeat(5000)}`,
};

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
  console.log(`[figures] oddText: ${Object.keys(ODD_TEXTS).length} texts × 3 routes; ${ledgerSummary()}`);
});

function expectUnitVector(vector: unknown): number[] {
  expect(Array.isArray(vector)).toBe(true);
  const values = vector as number[];
  expect(values).toHaveLength(384);
  expect(values.every((v) => Number.isFinite(v))).toBe(true);
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  expect(norm).toBeCloseTo(1, 4);
  return values;
}

describe('valid but odd texts succeed on every route with the same vector', () => {
  it.each(Object.entries(ODD_TEXTS).map(([name, text]) => [name, text] as const))('%s', async (_, text) => {
    const akidb = await call(server.url, '/api/v1/embed', { body: { texts: [text] } });
    const openai = await call(server.url, '/v1/embeddings', { body: { input: text } });
    const tei = await call(server.url, '/embed', { body: { inputs: text } });
    const tokens = await call(server.url, '/api/v1/tokenize', { body: { texts: [text] } });
    expect([akidb.status, openai.status, tei.status, tokens.status]).toEqual([200, 200, 200, 200]);
    const reference = expectUnitVector(akidb.json.embeddings[0]);
    for (const other of [openai.json.data[0].embedding, tei.json[0]]) {
      const vector = expectUnitVector(other);
      for (const [i, v] of vector.entries()) expect(v).toBeCloseTo(reference[i] as number, 5);
    }
    const ids: number[] = tokens.json.results[0].ids;
    expect(ids[0]).toBe(101);
    expect(ids.at(-1)).toBe(102);
    expect(ids.length).toBeLessThanOrEqual(128);
  });

  it('all odd texts in one request give the same vectors as one by one', async () => {
    const texts = Object.values(ODD_TEXTS);
    const together = await call(server.url, '/api/v1/embed', { body: { texts } });
    expect(together.status).toBe(200);
    for (const [i, text] of texts.entries()) {
      const alone = await call(server.url, '/api/v1/embed', { body: { texts: [text] } });
      const a: number[] = alone.json.embeddings[0];
      const b: number[] = together.json.embeddings[i];
      const dot = a.reduce((sum, v, j) => sum + v * (b[j] as number), 0);
      expect(dot).toBeGreaterThan(0.9999);
    }
  });

  it('a 5 MB body of 80 texts of 65,000 characters is embedded (200, 80 vectors)', async () => {
    const texts = Array.from({ length: 80 }, (_, i) => `${i} ${'lorem ipsum dolor sit amet '.repeat(2400)}`);
    const bytes = Buffer.byteLength(JSON.stringify({ texts }));
    expect(bytes).toBeGreaterThan(5_000_000);
    const res = await call(server.url, '/api/v1/embed', { body: { texts } });
    expect(res.status).toBe(200);
    expect(res.json.embeddings).toHaveLength(80);
    console.log(
      `[figures] oddText: 5 MB body (${bytes} bytes, 80 texts) embedded in ${Math.round(res.ms)} ms`,
    );
  });

  it('no error body leaked an internal path or a stack trace', () => {
    expect(ledger.problems).toEqual([]);
    expect(ledger.byStatus.get(200)).toBeGreaterThan(Object.keys(ODD_TEXTS).length * 4);
  });
});
