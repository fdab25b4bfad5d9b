import type { EncodedText, TruncationDirection } from '@akidb/core';
import { AkidbError } from '@akidb/core';

/** How token-id input is checked and cut. */
export interface TokenIdLimits {
  vocabularySize: number;
  maxTokens: number;
  truncate: boolean;
  truncationDirection: TruncationDirection;
}

/**
 * Turns caller-supplied token ids into encoded rows. Ids are used exactly as given (no special
 * tokens are added: send `[CLS] … [SEP]` yourself, as `/api/v1/tokenize` returns them); each id must
 * be an integer in `[0, vocabularySize)`. Rows longer than `maxTokens` are truncated, or rejected
 * with `INPUT_TOO_LONG` when `truncate` is false.
 *
 * @example
 * const rows = encodeTokenIds([[101, 7592, 102]], { vocabularySize: 30522, maxTokens: 256, truncate: true, truncationDirection: 'right' });
 */
export function encodeTokenIds(inputs: readonly (readonly number[])[], limits: TokenIdLimits): EncodedText[] {
  return inputs.map((ids, index) => {
    if (ids.length === 0) {
      throw new AkidbError('INPUT_EMPTY', `Input ${index} is an empty token list`, {
        details: { index, param: 'input' },
      });
    }
    checkTokenIds(ids, index, limits.vocabularySize);
    let kept: readonly number[] = ids;
    if (ids.length > limits.maxTokens) {
      if (!limits.truncate) {
        throw new AkidbError(
          'INPUT_TOO_LONG',
          `Input ${index} has ${ids.length} tokens; this model takes at most ${limits.maxTokens}`,
          { details: { index, tokens: ids.length, maxTokens: limits.maxTokens, param: 'input' } },
        );
      }
      kept =
        limits.truncationDirection === 'left'
          ? ids.slice(ids.length - limits.maxTokens)
          : ids.slice(0, limits.maxTokens);
    }
    return { ids: Int32Array.from(kept), tokenCount: kept.length };
  });
}

/**
 * Throws `INPUT_INVALID` unless every id of input `index` is an integer in `[0, vocabularySize)`.
 *
 * @example
 * checkTokenIds([101, 7592, 102], 0, 30522);
 */
export function checkTokenIds(ids: readonly number[], index: number, vocabularySize: number): void {
  ids.forEach((id, position) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocabularySize) {
      throw new AkidbError(
        'INPUT_INVALID',
        `Input ${index} has token id ${id} at position ${position}; ids must be integers in [0, ${vocabularySize})`,
        { details: { index, position, id, vocabularySize, param: 'input' } },
      );
    }
  });
}
