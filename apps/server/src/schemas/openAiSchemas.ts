import { z } from 'zod';
import type { OpenAiErrorBody } from '../errorBodies.js';
import {
  type EncodingFormat,
  encodingFormatSchema,
  longInputSchema,
  truncateSchema,
  type UsageBody,
  usageSchema,
} from './commonSchemas.js';

/** Body of `POST /v1/embeddings`, defaults applied. */
export interface OpenAiEmbeddingsRequest {
  input: string | string[] | number[] | number[][];
  model?: string | undefined;
  encoding_format: EncodingFormat;
  dimensions?: number | undefined;
  user?: string | undefined;
  truncate?: boolean | undefined;
  long_input: 'error' | 'chunk';
}

const tokenIds = z.array(z.number().int());
export const openAiEmbeddingsRequestSchema: z.ZodType<OpenAiEmbeddingsRequest> = z.object({
  input: z
    .union([z.string(), z.array(z.string()), tokenIds, z.array(tokenIds)])
    .describe(
      'A text, texts, a token-id array or token-id arrays (ids used as given; at most maxInputs items)',
    ),
  model: z.string().min(1).optional().describe('Model id or alias; the default model when absent'),
  encoding_format: encodingFormatSchema.default('float'),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional().describe('Accepted and ignored'),
  truncate: truncateSchema,
  long_input: longInputSchema.default('error'),
});

/** Response of `POST /v1/embeddings`. */
export interface OpenAiEmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string; chunks?: number | undefined }[];
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
        .describe('Numbers (float, int8, uint8), or base64 (base64, binary, ubinary)'),
      chunks: z.number().int().optional().describe('Windows the input was embedded in (long_input=chunk)'),
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
