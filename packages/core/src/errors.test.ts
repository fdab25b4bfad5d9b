import { describe, expect, it } from 'vitest';
import { AkidbError, ERROR_CODES, isAkidbError } from './errors.js';

describe('AkidbError', () => {
  it('carries a stable code, details and cause', () => {
    const cause = new Error('disk');
    const error = new AkidbError('MODEL_LOAD_FAILED', 'could not load', { cause, details: { model: 'x' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.details).toEqual({ model: 'x' });
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('AkidbError');
  });

  it('is recognised by isAkidbError, with and without a code', () => {
    const error = new AkidbError('INPUT_EMPTY', 'empty');
    expect(isAkidbError(error)).toBe(true);
    expect(isAkidbError(error, 'INPUT_EMPTY')).toBe(true);
    expect(isAkidbError(error, 'INPUT_INVALID')).toBe(false);
    expect(isAkidbError(new Error('plain'))).toBe(false);
  });

  it('has unique codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
