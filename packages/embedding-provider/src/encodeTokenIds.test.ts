import { isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { encodeTokenIds } from './encodeTokenIds.js';

const limits = { vocabularySize: 100, maxTokens: 4, truncate: true, truncationDirection: 'right' as const };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAkidbError(error) ? error.code : 'not an AkidbError';
  }
  return undefined;
}

describe('encodeTokenIds', () => {
  it('uses ids as given', () => {
    const [row] = encodeTokenIds([[1, 2, 3]], limits);
    expect(Array.from(row?.ids ?? [])).toEqual([1, 2, 3]);
    expect(row?.tokenCount).toBe(3);
  });

  it('truncates to maxTokens on the chosen side', () => {
    expect(Array.from(encodeTokenIds([[1, 2, 3, 4, 5, 6]], limits)[0]?.ids ?? [])).toEqual([1, 2, 3, 4]);
    const left = encodeTokenIds([[1, 2, 3, 4, 5, 6]], { ...limits, truncationDirection: 'left' });
    expect(Array.from(left[0]?.ids ?? [])).toEqual([3, 4, 5, 6]);
  });

  it('rejects too-long rows when truncation is off', () => {
    expect(codeOf(() => encodeTokenIds([[1, 2, 3, 4, 5]], { ...limits, truncate: false }))).toBe(
      'INPUT_TOO_LONG',
    );
  });

  it('rejects ids outside the vocabulary and empty rows', () => {
    expect(codeOf(() => encodeTokenIds([[1, 100]], limits))).toBe('INPUT_INVALID');
    expect(codeOf(() => encodeTokenIds([[-1]], limits))).toBe('INPUT_INVALID');
    expect(codeOf(() => encodeTokenIds([[1.5]], limits))).toBe('INPUT_INVALID');
    expect(codeOf(() => encodeTokenIds([[1], []], limits))).toBe('INPUT_EMPTY');
    expect(codeOf(() => encodeTokenIds([[99]], limits))).toBeUndefined();
  });
});
