import { buildEncoderFeeds } from './encoderFeeds.js';
import type { EncoderOutputChoice } from './encoderOutput.js';
import { chooseEncoderOutput, staticHiddenSize } from './encoderOutput.js';
import { describeError } from './errors.js';
import type { NativeSession } from './nativeSession.js';
import type { SessionResults, ValueMetadata } from './types.js';

/** How to read embeddings from a model. */
export interface EncoderLayout {
  readonly output: EncoderOutputChoice;
  readonly hiddenSize: number;
}

/** Thrown (and turned into MODEL_LOAD_FAILED by the caller) when a model is not a text encoder. */
export class NotAnEncoderError extends Error {
  override readonly name = 'NotAnEncoderError';
}

/**
 * Finds the embedding output and its width. Metadata answers when the output's last dimension is
 * static; otherwise one probe run with a single token (id 0) measures it, and also settles which
 * output to read when the metadata gives no ranks.
 */
export async function resolveEncoder(
  session: NativeSession,
  inputs: readonly ValueMetadata[],
  outputs: readonly ValueMetadata[],
): Promise<EncoderLayout> {
  if (!inputs.some((m) => m.name === 'input_ids')) {
    throw new NotAnEncoderError(
      `it has no "input_ids" input (inputs: ${inputs.map((m) => m.name).join(', ')}).`,
    );
  }
  let feeds: ReturnType<typeof buildEncoderFeeds>;
  try {
    feeds = buildEncoderFeeds({ inputIds: [0], attentionMask: [1], batchSize: 1, seqLength: 1 }, inputs);
  } catch (error) {
    throw new NotAnEncoderError(describeError(error), { cause: error });
  }
  const declared = chooseEncoderOutput(outputs);
  const declaredSize = declared === undefined ? undefined : staticHiddenSize(outputs, declared);
  if (declared !== undefined && declaredSize !== undefined) {
    return { output: declared, hiddenSize: declaredSize };
  }
  let results: SessionResults;
  try {
    // The probe's feeds are built here, so a worker may take them without a copy.
    results = await session.run(feeds, undefined, () => true);
  } catch (error) {
    throw new NotAnEncoderError(`a one-token probe run failed (${describeError(error)}).`, { cause: error });
  }
  const observed = outputs.map((m) => {
    const dims = results[m.name]?.dims;
    return dims === undefined ? m : { ...m, shape: [...dims] };
  });
  const output = chooseEncoderOutput(observed);
  const hiddenSize = output === undefined ? undefined : staticHiddenSize(observed, output);
  if (output === undefined || hiddenSize === undefined) {
    throw new NotAnEncoderError(
      `it has no float output shaped [batch, seq, hidden] or [batch, hidden] (outputs: ${outputs
        .map((m) => `${m.name} [${m.shape.join(', ')}]`)
        .join(', ')}).`,
    );
  }
  return { output, hiddenSize };
}
