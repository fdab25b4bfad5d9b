import { AkidbError } from '@akidb/core';
import type { Context } from 'hono';
import type { z } from 'zod';

/**
 * Reads the request body as JSON and checks it against `schema`. Malformed JSON and schema
 * violations are both `INPUT_INVALID` (HTTP 400); the zod issues go in `details.issues` and the
 * first offending field in `details.param`.
 *
 * @example
 * const body = await readBody(c, akidbEmbedRequestSchema);
 */
export async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new AkidbError('INPUT_INVALID', 'The request body is not valid UTF-8', {
      details: { param: null },
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AkidbError('INPUT_INVALID', 'The request body is not valid JSON', { details: { param: null } });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : '';
  throw new AkidbError(
    'INPUT_INVALID',
    `Invalid request body: ${where}${first?.message ?? 'does not match the schema'}`,
    {
      details: { issues, param: first?.path || null },
    },
  );
}
