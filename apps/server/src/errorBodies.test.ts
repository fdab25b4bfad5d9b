import { AkidbError, ERROR_CODES } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { dialectForPath, errorBody } from './errorBodies.js';
import { HTTP_STATUS_BY_CODE, httpStatusFor } from './httpStatus.js';
import { INTERNAL_MESSAGE, toAkidbError } from './toAkidbError.js';

describe('httpStatusFor', () => {
  it('maps every error code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusFor(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('uses the documented statuses', () => {
    expect(httpStatusFor('MODEL_NOT_FOUND')).toBe(404);
    expect(httpStatusFor('INPUT_INVALID')).toBe(400);
    expect(httpStatusFor('INPUT_EMPTY')).toBe(400);
    expect(httpStatusFor('OVERLOADED')).toBe(429);
    expect(httpStatusFor('TIMEOUT')).toBe(504);
    expect(httpStatusFor('MODEL_LOAD_FAILED')).toBe(503);
    expect(httpStatusFor('UNAUTHORIZED')).toBe(401);
    expect(httpStatusFor('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(httpStatusFor('INTERNAL')).toBe(500);
  });
});

describe('toAkidbError', () => {
  it('passes AkidbErrors through and hides anything else behind INTERNAL', () => {
    const known = new AkidbError('INPUT_EMPTY', 'empty');
    expect(toAkidbError(known)).toBe(known);
    const secret = new Error('ENOENT: /home/me/secret/model.onnx');
    const wrapped = toAkidbError(secret);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe(INTERNAL_MESSAGE);
    expect(wrapped.cause).toBe(secret);
  });
});

describe('errorBody', () => {
  const notFound = new AkidbError('MODEL_NOT_FOUND', 'Model "x" is not in the registry', {
    details: { available: ['a'], param: 'model' },
  });

  it('speaks the AkiDB shape', () => {
    expect(errorBody(notFound, 'akidb')).toEqual({
      error: {
        code: 'MODEL_NOT_FOUND',
        message: 'Model "x" is not in the registry',
        details: { available: ['a'], param: 'model' },
      },
    });
    expect(errorBody(new AkidbError('INPUT_EMPTY', 'e'), 'akidb')).toEqual({
      error: { code: 'INPUT_EMPTY', message: 'e' },
    });
  });

  it("speaks OpenAI's nested shape with our code and OpenAI's types", () => {
    expect(errorBody(notFound, 'openai')).toEqual({
      error: {
        message: 'Model "x" is not in the registry',
        type: 'invalid_request_error',
        param: 'model',
        code: 'MODEL_NOT_FOUND',
      },
    });
    const types = (code: 'UNAUTHORIZED' | 'OVERLOADED' | 'TIMEOUT') =>
      (errorBody(new AkidbError(code, 'm'), 'openai') as { error: { type: string; param: unknown } }).error;
    expect(types('UNAUTHORIZED')).toMatchObject({ type: 'authentication_error', param: null });
    expect(types('OVERLOADED').type).toBe('rate_limit_error');
    expect(types('TIMEOUT').type).toBe('server_error');
  });

  it("speaks TEI's flat shape with our code", () => {
    expect(errorBody(new AkidbError('OVERLOADED', 'busy'), 'tei')).toEqual({
      error: 'busy',
      error_type: 'Overloaded',
      code: 'OVERLOADED',
    });
    expect(errorBody(new AkidbError('INPUT_TOO_LONG', 'long'), 'tei')).toMatchObject({
      error_type: 'Validation',
    });
  });

  it('never shows details or the message of an INTERNAL error', () => {
    const internal = new AkidbError('INTERNAL', 'stack at /srv/x.ts:1', { details: { path: '/srv' } });
    for (const dialect of ['akidb', 'openai', 'tei'] as const) {
      const text = JSON.stringify(errorBody(internal, dialect));
      expect(text).not.toContain('/srv');
      expect(text).toContain(INTERNAL_MESSAGE);
    }
  });

  it('picks the dialect from the path', () => {
    expect(dialectForPath('/v1/embeddings')).toBe('openai');
    expect(dialectForPath('/v1/models')).toBe('openai');
    expect(dialectForPath('/embed')).toBe('tei');
    expect(dialectForPath('/api/v1/embed')).toBe('akidb');
    expect(dialectForPath('/v10/x')).toBe('akidb');
  });
});
