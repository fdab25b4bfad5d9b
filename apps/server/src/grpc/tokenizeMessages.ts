import type { ServerContext } from '../serverContext.js';
import type {
  TeiDecodeRequest,
  TeiDecodeResponse,
  TeiEncodeRequest,
  TeiEncodeResponse,
} from './teiMessages.js';

/**
 * `Tokenize` for one message: `service.tokenize` (as `embed` tokenizes: prompt and truncation applied, special
 * tokens included), then `service.decode` of each id alone with special tokens skipped: an id that decodes to
 * nothing is special. `add_special_tokens: false` leaves those out. `text` is the vocabulary string of each
 * token; no offsets are given.
 */
export async function tokenizeMessage(
  ctx: ServerContext,
  request: TeiEncodeRequest,
  signal: AbortSignal,
): Promise<TeiEncodeResponse> {
  const { model, results } = await ctx.service.tokenize({
    texts: [request.inputs ?? ''],
    ...(request.prompt_name === undefined ? {} : { promptName: request.prompt_name }),
    signal,
  });
  const row = results[0] ?? { ids: [], tokens: [] };
  const alone = await ctx.service.decode({ model, ids: row.ids.map((id) => [id]), skipSpecialTokens: true });
  const tokens = row.ids.map((id, index) => ({
    id,
    text: row.tokens[index] ?? '',
    special: alone.texts[index] === '',
  }));
  return { tokens: request.add_special_tokens === true ? tokens : tokens.filter((token) => !token.special) };
}

/** `Decode` for one message: one `service.decode` call. */
export async function decodeMessage(
  ctx: ServerContext,
  request: TeiDecodeRequest,
): Promise<TeiDecodeResponse> {
  const { texts } = await ctx.service.decode({
    ids: [request.ids ?? []],
    skipSpecialTokens: request.skip_special_tokens ?? false,
  });
  return { text: texts[0] ?? '' };
}
