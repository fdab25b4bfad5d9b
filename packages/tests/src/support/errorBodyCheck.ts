import { homedir, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '@akidb/core';
import { HTTP_STATUS_BY_CODE } from '@akidb/server';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/** Substrings that must never appear in a response body: internal paths and stack traces. */
export const LEAK_MARKERS: readonly string[] = [
  ...new Set(['/root', '/home', '/work', 'node_modules', 'file://', REPO_ROOT, homedir(), tmpdir()]),
].filter((marker) => marker.length > 1);

/** A V8 stack frame (`at fn (/x.js:1:2)` or `at /x.js:1:2`). */
const STACK_FRAME = /\bat (?:\S+ \()?(?:\/|[A-Za-z]:\\|node:|file:)[^\s)]*:\d+(?::\d+)?/;

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The route family a path belongs to, as the server picks the error shape. */
export function dialectOf(path: string): 'akidb' | 'openai' | 'tei' {
  if (path === '/v1' || path.startsWith('/v1/')) return 'openai';
  if (path === '/embed') return 'tei';
  return 'akidb';
}

/** The stable error code of an error body in `path`'s dialect, or undefined when the shape is wrong. */
export function errorCodeOf(path: string, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  switch (dialectOf(path)) {
    case 'tei':
      return typeof record.error === 'string' && typeof record.error_type === 'string'
        ? asString(record.code)
        : undefined;
    case 'openai': {
      const error = record.error as Record<string, unknown> | undefined;
      return typeof error?.message === 'string' && typeof error.type === 'string' && 'param' in error
        ? asString(error.code)
        : undefined;
    }
    default: {
      const error = record.error as Record<string, unknown> | undefined;
      return typeof error?.message === 'string' ? asString(error.code) : undefined;
    }
  }
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Leak markers and stack frames found in `text` (empty when clean). */
export function findLeaks(text: string): string[] {
  const found = LEAK_MARKERS.filter((marker) => text.includes(marker));
  const frame = STACK_FRAME.exec(text);
  if (frame) found.push(`stack frame "${frame[0]}"`);
  return found;
}

/**
 * Everything wrong with an error response: not JSON, not the route's error shape, an unknown code,
 * a status that is not the code's status, an internal path or a stack trace. Empty when it is fine.
 */
export function errorResponseProblems(path: string, status: number, text: string): string[] {
  const problems = findLeaks(text).map((leak) => `leaks ${leak}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, `body is not JSON: ${text.slice(0, 200)}`];
  }
  const code = errorCodeOf(path, body);
  if (code === undefined)
    return [...problems, `not the ${dialectOf(path)} error shape: ${text.slice(0, 200)}`];
  if (!KNOWN_CODES.has(code)) problems.push(`unknown code ${code}`);
  const expected = HTTP_STATUS_BY_CODE[code as keyof typeof HTTP_STATUS_BY_CODE];
  if (expected !== status) problems.push(`status ${status} but code ${code} maps to ${expected}`);
  return problems;
}
