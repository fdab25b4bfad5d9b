import { AkidbError } from '@akidb/core';

/** The model output does not have the shape the pooling call was told. */
export function shapeMismatch(message: string, details: Record<string, unknown>): AkidbError {
  return new AkidbError('INFERENCE_FAILED', `Pooling: ${message}`, { details });
}

/** A pooling strategy name this package does not know (e.g. from a hand-edited manifest). */
export function unknownStrategy(strategy: string): AkidbError {
  return new AkidbError(
    'INFERENCE_FAILED',
    `Pooling: unknown strategy "${strategy}"; expected mean, cls, last or max`,
    { details: { strategy } },
  );
}

/** A Matryoshka size outside `1..dim`. */
export function dimensionsOutOfRange(requested: number, max: number): AkidbError {
  return new AkidbError(
    'DIMENSIONS_INVALID',
    `dimensions must be an integer between 1 and ${max}, got ${requested}`,
    {
      details: { requested, min: 1, max },
    },
  );
}

/** A quantization that cannot be done: an unknown precision, missing or mismatched calibration ranges. */
export function quantizationInvalid(message: string, details: Record<string, unknown>): AkidbError {
  return new AkidbError('INPUT_INVALID', `Quantization: ${message}`, { details });
}
