import { describe, expect, it } from 'vitest';
import type { CacheScope } from './cacheKey.js';
import { cacheKey, cacheScopeDigest } from './cacheKey.js';

const BASE: CacheScope = {
  model: 'all-minilm-l6-v2',
  fingerprint: 'fp-1',
  prompt: '',
  maxTokens: 256,
  truncate: true,
  truncationDirection: 'right',
  longInput: 'error',
  normalize: true,
  dimensions: null,
};

/** One change per field: each must give another digest. */
const CHANGES: Partial<CacheScope>[] = [
  { model: 'all-mpnet-base-v2' },
  { fingerprint: 'fp-2' },
  { prompt: 'query: ' },
  { maxTokens: 128 },
  { truncate: false },
  { truncationDirection: 'left' },
  { longInput: 'chunk' },
  { normalize: false },
  { dimensions: 128 },
];

describe('cacheScopeDigest', () => {
  it('is the same for equal scopes, whatever the property order', () => {
    const reordered = Object.fromEntries(Object.entries(BASE).reverse()) as unknown as CacheScope;
    expect(cacheScopeDigest(reordered)).toBe(cacheScopeDigest({ ...BASE }));
  });

  it.each(CHANGES)('changes when %o changes', (change) => {
    expect(cacheScopeDigest({ ...BASE, ...change })).not.toBe(cacheScopeDigest(BASE));
  });

  it('gives a distinct digest for every single change', () => {
    const digests = new Set(CHANGES.map((change) => cacheScopeDigest({ ...BASE, ...change })));
    digests.add(cacheScopeDigest(BASE));
    expect(digests.size).toBe(CHANGES.length + 1);
  });

  it('does not confuse a prompt with the model id next to it', () => {
    const a = cacheScopeDigest({ ...BASE, model: 'ab', prompt: 'c' });
    const b = cacheScopeDigest({ ...BASE, model: 'a', prompt: 'bc' });
    expect(a).not.toBe(b);
  });
});

describe('cacheKey', () => {
  const scope = cacheScopeDigest(BASE);

  it('is 43 base64url characters and stable', () => {
    expect(cacheKey(scope, 'hello')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cacheKey(scope, 'hello')).toBe(cacheKey(scope, 'hello'));
  });

  it('differs by text, including whitespace and case', () => {
    const keys = new Set(['hello', 'Hello', 'hello ', ' hello', ''].map((text) => cacheKey(scope, text)));
    expect(keys.size).toBe(5);
  });

  it('differs by scope for the same text', () => {
    expect(cacheKey(cacheScopeDigest({ ...BASE, fingerprint: 'fp-2' }), 'hello')).not.toBe(
      cacheKey(scope, 'hello'),
    );
  });
});
