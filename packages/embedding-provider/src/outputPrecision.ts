import type { EmbeddingPrecision, EmbeddingResult, EmbedRequest } from '@akidb/core';
import { EMBEDDING_PRECISIONS, quantizeEmbeddings } from '@akidb/pooling';
import type { Calibrations } from './calibrations.js';
import { inputInvalid, quantizationUnavailable } from './errors.js';

/** What the precision step needs to know of the model. */
export interface PrecisionModel {
  id: string;
  fingerprint: string;
  dimension: number;
}

/**
 * Checks a request's `precision` before any work: a known precision, and for int8/uint8 current
 * calibration ranges for the model at the requested dimension, on normalised vectors. Returns the
 * step that adds `quantized` to the result.
 */
export function planPrecision(
  request: EmbedRequest,
  model: PrecisionModel,
  calibrations: Calibrations,
): (result: EmbeddingResult) => EmbeddingResult {
  const precision: EmbeddingPrecision = request.precision ?? 'float32';
  if (!EMBEDDING_PRECISIONS.includes(precision)) {
    throw inputInvalid(
      `precision must be one of ${EMBEDDING_PRECISIONS.join(', ')}, got ${String(precision)}`,
      {
        precision: String(precision),
      },
    );
  }
  if (precision === 'float32') return (result) => result;
  if (precision === 'binary' || precision === 'ubinary') {
    return (result) => ({ ...result, quantized: quantizeEmbeddings(result.embeddings, precision) });
  }
  if (request.normalize === false) {
    throw quantizationUnavailable(model.id, 'its calibration ranges hold for normalised vectors only');
  }
  const ranges = calibrations.rangesFor(model.id, model.fingerprint, request.dimensions ?? model.dimension);
  return (result) => ({ ...result, quantized: quantizeEmbeddings(result.embeddings, precision, ranges) });
}
