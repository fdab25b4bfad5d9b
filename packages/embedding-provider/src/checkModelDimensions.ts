import type { ModelInfo } from '@akidb/core';
import { checkDimensions } from './applyOutputOptions.js';
import { dimensionsNotSupported } from './errors.js';

/** The parts of {@link ModelInfo} that decide which `dimensions` a model can produce. */
export type ModelDimensions = Pick<ModelInfo, 'id' | 'dimension' | 'matryoshkaDimensions'>;

/**
 * Throws `DIMENSIONS_INVALID` unless the model can produce `requested` dimensions: an integer in
 * 1..`dimension` and, when the model lists Matryoshka sizes, one of them or the full dimension.
 * The provider checks with it before inference; a batcher can check before queueing.
 *
 * @example
 * checkModelDimensions(provider.modelInfo(), 256);
 */
export function checkModelDimensions(info: ModelDimensions, requested: unknown): void {
  checkDimensions(requested, info.dimension);
  const allowed = info.matryoshkaDimensions;
  if (allowed && requested !== info.dimension && !allowed.includes(requested as number)) {
    throw dimensionsNotSupported(info.id, requested as number, allowed);
  }
}
