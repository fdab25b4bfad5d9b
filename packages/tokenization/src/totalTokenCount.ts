import type { EncodedText } from '@akidb/core';

/** Total tokens of encoded inputs (special tokens included, padding excluded), for usage reports. */
export function totalTokenCount(inputs: readonly Pick<EncodedText, 'tokenCount'>[]): number {
  let total = 0;
  for (const input of inputs) total += input.tokenCount;
  return total;
}
