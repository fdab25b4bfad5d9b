import { z } from 'zod';
import type { OpenAiErrorBody } from '../errorBodies.js';
import { type UsageBody, usageSchema } from './commonSchemas.js';

/** Body of `POST /v1/embeddings`, defaults applied. */
export interface OpenAiEmbeddingsRequest {
  input: string | string[] | number[] | number[][];
  model?: string | undefined;
  encoding_format: 'float' | 'base64';
  dimensions?: number | undefined;
  user?: string | undefined;
}

const tokenIds = z.array(z.number().int());
export const openAiEmbeddingsRequestSchema: z.ZodType<OpenAiEmbeddingsRequest> = z.object({
  input: z
    .union([z.string(), z.array(z.string()), tokenIds, z.array(tokenIds)])
    .describe(
      'A text, texts, a token-id array or token-id arrays (ids used as given; at most maxInputs items)',
    ),
  model: z.string().min(1).optional().describe('Model id or alias; the default model when absent'),
  encoding_format: z
    .enum(['float', 'base64'])
    .default('float')
    .describe('base64 = little-endian float32 bytes'),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional().describe('Accepted and ignored'),
});

/** Response of `POST /v1/embeddings`. */
export interface OpenAiEmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: UsageBody;
}

export const openAiEmbeddingsResponseSchema: z.ZodType<OpenAiEmbeddingsResponse> = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      object: z.literal('embedding'),
      index: z.number().int(),
      embedding: z
        .union([z.array(z.number()), z.string()])
        .describe('Numbers, or base64 when encoding_format=base64'),
    }),
  ),
  model: z.string(),
  usage: usageSchema,
});

/** Response of `GET /v1/models`. */
export interface OpenAiModelsList {
  object: 'list';
  data: { id: string; object: 'model'; created: number; owned_by: string }[];
}

export const openAiModelsListSchema: z.ZodType<OpenAiModelsList> = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() }),
  ),
});

export const openAiErrorSchema: z.ZodType<OpenAiErrorBody> = z.object({
  error: z.object({
    message: z.string(),
    type: z
      .string()
      .describe('invalid_request_error, authentication_error, rate_limit_error or server_error'),
    param: z.string().nullable(),
    code: z.string().describe('Our stable error code, e.g. MODEL_NOT_FOUND'),
  }),
});
