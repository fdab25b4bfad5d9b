import type { EmbedRequest } from '@akidb/core';
import type { EmbedClient, EmbedResponse } from './embedClient.js';
import { errorFromResponse, malformedResponse, textsRequired } from './errors.js';

/** Where the server is and how to reach it. */
export interface HttpClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string | URL;
  /** Sent as `Authorization: Bearer <apiKey>` when the server requires a key. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Readonly<Record<string, string>>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

interface EmbedBody {
  model: string;
  dimension: number;
  embeddings: number[][];
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * An {@link EmbedClient} over an AkiDB server's `POST /api/v1/embed`. Server errors come back as `AkidbError`s
 * with the server's code. A literal `prompt` is prepended to each text here (the route takes only named
 * prompts), which is what the service does with it. It sends texts; token ids are `INPUT_INVALID`.
 *
 * @example
 * const client = createHttpClient({ baseUrl: 'http://127.0.0.1:8080' });
 * const { embeddings } = await client.embed({ texts: ['hello'] });
 */
export function createHttpClient(options: HttpClientOptions): EmbedClient {
  const base = String(options.baseUrl);
  const url = new URL('api/v1/embed', base.endsWith('/') ? base : `${base}/`);
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;

  return {
    async embed(request: EmbedRequest): Promise<EmbedResponse> {
      const { prompt, texts } = request;
      if (texts === undefined || request.tokenIds !== undefined) throw textsRequired();
      const body = {
        model: request.model,
        texts: prompt === undefined ? texts : texts.map((text) => prompt + text),
        normalize: request.normalize,
        truncate: request.truncate,
        truncation_direction: request.truncationDirection,
        prompt_name: prompt === undefined ? request.promptName : undefined,
        dimensions: request.dimensions,
      };
      const response = await fetchImpl(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (!response.ok) throw await errorFromResponse(response);
      return fromBody((await response.json()) as EmbedBody, texts.length);
    },
  };
}

function fromBody(body: EmbedBody, expected: number): EmbedResponse {
  if (!Array.isArray(body?.embeddings) || body.embeddings.length !== expected) {
    throw malformedResponse(`expected ${expected} vectors`);
  }
  return {
    model: body.model,
    dimension: body.dimension,
    embeddings: body.embeddings.map((vector) => Float32Array.from(vector)),
    usage: { promptTokens: body.usage.prompt_tokens, totalTokens: body.usage.total_tokens },
  };
}
