import { endianness } from 'node:os';
import type { EncodedText, PaddingSide } from '@akidb/core';
import { paddingInvalid } from './errors.js';

/** Options for {@link padBatch}. */
export interface PadBatchOptions {
  /** `'right'` puts the pads after the tokens, `'left'` before them. */
  paddingSide: PaddingSide;
  /** Id written at padded positions (masked out, so any vocabulary id works). */
  padTokenId: number;
  /** Also build an all-zero `token_type_ids` tensor, for models that take one (BERT). */
  withTokenTypeIds?: boolean | undefined;
}

/** Model inputs for one batch, row-major `[batchSize, seqLength]`, as ONNX Runtime takes them. */
export interface PaddedBatch {
  readonly batchSize: number;
  /** Length of the longest input in the batch: every row is padded to it. */
  readonly seqLength: number;
  readonly inputIds: BigInt64Array;
  /** 1 for real tokens, 0 for padding. */
  readonly attentionMask: BigInt64Array;
  /** All zeros (single-sequence inputs); present only when asked for. */
  readonly tokenTypeIds?: BigInt64Array;
}

const LITTLE_ENDIAN = endianness() === 'LE';
const INT32_MAX = 0x7fffffff;

/**
 * Pads encoded texts to the longest of them and lays them out as int64 tensors. One allocation per
 * tensor; ids are written through a 32-bit view of the int64 buffer, so no BigInt is created per
 * token. An empty input gives a `0 x 0` batch.
 *
 * @example
 * const batch = padBatch(encoded, { paddingSide: 'right', padTokenId: 0, withTokenTypeIds: true });
 * // feeds { input_ids: [batch.batchSize, batch.seqLength], attention_mask, token_type_ids }
 */
export function padBatch(inputs: readonly EncodedText[], options: PadBatchOptions): PaddedBatch {
  const { paddingSide, padTokenId } = options;
  if (!Number.isInteger(padTokenId) || padTokenId < 0 || padTokenId > INT32_MAX) {
    throw paddingInvalid(`padTokenId must be a non-negative 32-bit integer, got ${padTokenId}`, {
      padTokenId,
    });
  }
  if (paddingSide !== 'left' && paddingSide !== 'right') {
    throw paddingInvalid(`paddingSide must be 'left' or 'right', got ${String(paddingSide)}`, {});
  }
  const batchSize = inputs.length;
  let seqLength = 0;
  for (const input of inputs) seqLength = Math.max(seqLength, input.ids.length);
  const size = batchSize * seqLength;
  const inputIds = new BigInt64Array(size);
  const attentionMask = new BigInt64Array(size);
  if (LITTLE_ENDIAN) {
    fillLittleEndian(inputs, seqLength, paddingSide, padTokenId, inputIds, attentionMask);
  } else {
    fillPortable(inputs, seqLength, paddingSide, padTokenId, inputIds, attentionMask);
  }
  const batch = { batchSize, seqLength, inputIds, attentionMask };
  return options.withTokenTypeIds ? { ...batch, tokenTypeIds: new BigInt64Array(size) } : batch;
}

/** Writes the low 32-bit word of each int64 (ids are non-negative, so the high word stays 0). */
function fillLittleEndian(
  inputs: readonly EncodedText[],
  seqLength: number,
  side: PaddingSide,
  padTokenId: number,
  inputIds: BigInt64Array,
  attentionMask: BigInt64Array,
): void {
  const ids32 = new Int32Array(inputIds.buffer, inputIds.byteOffset, inputIds.length * 2);
  const mask32 = new Int32Array(attentionMask.buffer, attentionMask.byteOffset, attentionMask.length * 2);
  for (let row = 0; row < inputs.length; row++) {
    const ids = (inputs[row] as EncodedText).ids;
    const rowStart = row * seqLength;
    const tokensStart = side === 'right' ? rowStart : rowStart + seqLength - ids.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id < 0) throw paddingInvalid(`Token ids must be non-negative, got ${id} in row ${row}`, { row });
      ids32[(tokensStart + i) * 2] = id;
      mask32[(tokensStart + i) * 2] = 1;
    }
    if (padTokenId === 0) continue;
    const padStart = side === 'right' ? rowStart + ids.length : rowStart;
    const padEnd = padStart + seqLength - ids.length;
    for (let p = padStart; p < padEnd; p++) ids32[p * 2] = padTokenId;
  }
}

/** Byte-order independent fallback through BigInt values. */
function fillPortable(
  inputs: readonly EncodedText[],
  seqLength: number,
  side: PaddingSide,
  padTokenId: number,
  inputIds: BigInt64Array,
  attentionMask: BigInt64Array,
): void {
  inputIds.fill(BigInt(padTokenId));
  for (let row = 0; row < inputs.length; row++) {
    const ids = (inputs[row] as EncodedText).ids;
    const tokensStart = row * seqLength + (side === 'right' ? 0 : seqLength - ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id < 0) throw paddingInvalid(`Token ids must be non-negative, got ${id} in row ${row}`, { row });
      inputIds[tokensStart + i] = BigInt(id);
    }
    attentionMask.fill(1n, tokensStart, tokensStart + ids.length);
  }
}
