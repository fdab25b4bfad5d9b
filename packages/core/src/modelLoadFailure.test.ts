import { describe, expect, it } from 'vitest';
import { AkidbError, isAkidbError, modelLoadFailure } from './errors.js';

describe('modelLoadFailure', () => {
  it('turns anything that is not an AkidbError into MODEL_LOAD_FAILED with the cause kept', () => {
    const cause = new Error('disk on fire');
    const error = modelLoadFailure('minilm', cause);
    expect(isAkidbError(error, 'MODEL_LOAD_FAILED')).toBe(true);
    expect(error.message).toBe('Model "minilm" failed to load: disk on fire');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ model: 'minilm', reason: 'LOAD_ERROR' });
  });

  it('passes AkidbErrors through unless asked to wrap the ones that do not say why a model is unusable', () => {
    const tokenizer = new AkidbError('TOKENIZER_INVALID', 'bad tokenizer.json');
    expect(modelLoadFailure('minilm', tokenizer)).toBe(tokenizer);
    const wrapped = modelLoadFailure('minilm', tokenizer, { wrapAkidbErrors: true });
    expect(wrapped.code).toBe('MODEL_LOAD_FAILED');
    expect(wrapped.details).toEqual({ model: 'minilm', reason: 'TOKENIZER_INVALID' });
    for (const code of ['MODEL_NOT_FOUND', 'OFFLINE', 'MODEL_TOO_LARGE', 'CANCELLED'] as const) {
      const kept = new AkidbError(code, code);
      expect(modelLoadFailure('minilm', kept, { wrapAkidbErrors: true })).toBe(kept);
    }
  });
});
