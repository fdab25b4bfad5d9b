import { shapeMismatch } from './errors.js';

/**
 * The token-embedding output of an encoder, row-major `[batchSize, seqLength, hiddenSize]`, with
 * its attention mask `[batchSize, seqLength]` (1 = real token, 0 = padding).
 */
export interface TokenEmbeddings {
  batchSize: number;
  seqLength: number;
  hiddenSize: number;
  attentionMask: BigInt64Array;
}

/** Throws `INFERENCE_FAILED` unless the buffers match the declared shape. */
export function checkShape(hidden: Float32Array, shape: TokenEmbeddings, out?: Float32Array): void {
  const { batchSize, seqLength, hiddenSize, attentionMask } = shape;
  const expected = batchSize * seqLength * hiddenSize;
  if (hidden.length !== expected) {
    throw shapeMismatch(
      `output has ${hidden.length} values, expected ${batchSize}x${seqLength}x${hiddenSize}`,
      {
        length: hidden.length,
        batchSize,
        seqLength,
        hiddenSize,
      },
    );
  }
  if (attentionMask.length !== batchSize * seqLength) {
    throw shapeMismatch(
      `attention mask has ${attentionMask.length} values, expected ${batchSize}x${seqLength}`,
      {
        length: attentionMask.length,
        batchSize,
        seqLength,
      },
    );
  }
  if (out && out.length < batchSize * hiddenSize) {
    throw shapeMismatch(`output buffer holds ${out.length} values, needs ${batchSize * hiddenSize}`, {
      length: out.length,
    });
  }
}

/** The output buffer for `batchSize` pooled rows: the caller's, or a new zeroed one. */
export function pooledBuffer(shape: TokenEmbeddings, out?: Float32Array): Float32Array {
  if (!out) return new Float32Array(shape.batchSize * shape.hiddenSize);
  out.fill(0, 0, shape.batchSize * shape.hiddenSize);
  return out;
}

/** Throws `INFERENCE_FAILED` unless `vectors` holds exactly `rows` vectors of length `dim`. */
export function checkVectors(vectors: Float32Array, rows: number, dim: number): void {
  const valid = Number.isSafeInteger(rows) && rows >= 0 && Number.isSafeInteger(dim) && dim >= 0;
  if (!valid || vectors.length !== rows * dim) {
    throw shapeMismatch(`buffer has ${vectors.length} values, expected ${rows}x${dim}`, {
      length: vectors.length,
      rows,
      dim,
    });
  }
}
