import type { AkidbError } from '@akidb/core';
import { httpStatusFor } from './httpStatus.js';
import { INTERNAL_MESSAGE } from './toAkidbError.js';

/** Which error shape a route family speaks. */
export type ErrorDialect = 'akidb' | 'openai' | 'tei';

/** AkiDB routes: `{ error: { code, message, details? } }`. */
export interface AkidbErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> | undefined };
}

/** OpenAI routes: OpenAI's nested shape with our stable code in `code`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

/** TEI route: TEI's `{ error, error_type }`, plus our stable code. */
export interface TeiErrorBody {
  error: string;
  error_type: string;
  code: string;
}

/** TEI's routes. */
const TEI_PATHS: ReadonlySet<string> = new Set(['/embed', '/decode', '/info']);

/** The dialect of a request path: `/v1/*` is OpenAI, `/embed`, `/decode` and `/info` are TEI, everything else AkiDB. */
export function dialectForPath(path: string): ErrorDialect {
  if (path === '/v1' || path.startsWith('/v1/')) return 'openai';
  if (TEI_PATHS.has(path)) return 'tei';
  return 'akidb';
}

/**
 * The JSON body of an error response in the given dialect. `INTERNAL` errors never carry details
 * and always carry the generic message.
 */
export function errorBody(
  error: AkidbError,
  dialect: ErrorDialect,
): AkidbErrorBody | OpenAiErrorBody | TeiErrorBody {
  const internal = error.code === 'INTERNAL';
  const message = internal ? INTERNAL_MESSAGE : error.message;
  const details = internal ? undefined : error.details;
  switch (dialect) {
    case 'openai':
      return {
        error: {
          message,
          type: openAiErrorType(httpStatusFor(error.code)),
          param: paramOf(details),
          code: error.code,
        },
      };
    case 'tei':
      return { error: message, error_type: teiErrorType(error.code), code: error.code };
    default:
      return { error: details ? { code: error.code, message, details } : { code: error.code, message } };
  }
}

/** OpenAI's `type` for a status: the same families the OpenAI API uses. */
function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** TEI's `error_type` vocabulary (Validation, Overloaded, Backend, Unhealthy, ...). */
function teiErrorType(code: AkidbError['code']): string {
  switch (code) {
    case 'OVERLOADED':
      return 'Overloaded';
    case 'INPUT_EMPTY':
      return 'Empty';
    case 'TOKENIZER_INVALID':
      return 'Tokenizer';
    case 'MODEL_LOAD_FAILED':
    case 'MODEL_TOO_LARGE':
    case 'DISPOSED':
    case 'EXECUTION_PROVIDER_UNAVAILABLE':
      return 'Unhealthy';
    case 'INFERENCE_FAILED':
    case 'INTERNAL':
    case 'TIMEOUT':
      return 'Backend';
    default:
      return httpStatusFor(code) < 500 ? 'Validation' : 'Backend';
  }
}

function paramOf(details: Record<string, unknown> | undefined): string | null {
  const param = details?.param;
  return typeof param === 'string' ? param : null;
}
