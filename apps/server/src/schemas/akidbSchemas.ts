import { z } from 'zod';
import { truncationDirectionSchema, type UsageBody, usageSchema } from './commonSchemas.js';

/** Body of `POST /api/v1/embed`, defaults applied. */
export interface AkidbEmbedRequest {
  model?: string | undefined;
  texts: string[];
  normalize: boolean;
  truncate: boolean;
  truncation_direction: 'left' | 'right';
  prompt_name?: string | undefined;
  dimensions?: number | undefined;
}

export const akidbEmbedRequestSchema: z.ZodType<AkidbEmbedRequest> = z.object({
  model: z.string().min(1).optional().describe('Model id or alias; the default model when absent'),
  texts: z.array(z.string()).describe('Texts to embed (at most maxInputs)'),
  normalize: z.boolean().default(true).describe('L2-normalise each vector'),
  truncate: z
    .boolean()
    .default(true)
    .describe('Cut inputs longer than the model max tokens; false = 400 INPUT_TOO_LONG'),
  truncation_direction: truncationDirectionSchema.default('right'),
  prompt_name: z.string().min(1).optional().describe('A prompt (prefix) named in the model manifest'),
  dimensions: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Matryoshka: keep the first n components, renormalised'),
});

/** Response of `POST /api/v1/embed`. */
export interface AkidbEmbedResponse {
  model: string;
  dimension: number;
  embeddings: number[][];
  usage: UsageBody;
}

export const akidbEmbedResponseSchema: z.ZodType<AkidbEmbedResponse> = z.object({
  model: z.string(),
  dimension: z.number().int(),
  embeddings: z.array(z.array(z.number())),
  usage: usageSchema,
});

/** Body of `POST /api/v1/tokenize`, defaults applied. */
export interface AkidbTokenizeRequest {
  model?: string | undefined;
  texts: string[];
  truncate: boolean;
  truncation_direction: 'left' | 'right';
  prompt_name?: string | undefined;
}

export const akidbTokenizeRequestSchema: z.ZodType<AkidbTokenizeRequest> = z.object({
  model: z.string().min(1).optional(),
  texts: z.array(z.string()),
  truncate: z.boolean().default(true),
  truncation_direction: truncationDirectionSchema.default('right'),
  prompt_name: z.string().min(1).optional(),
});

/** Response of `POST /api/v1/tokenize`. */
export interface AkidbTokenizeResponse {
  model: string;
  results: { ids: number[]; tokens: string[]; token_count: number }[];
  usage: UsageBody;
}

export const akidbTokenizeResponseSchema: z.ZodType<AkidbTokenizeResponse> = z.object({
  model: z.string(),
  results: z.array(
    z.object({
      ids: z
        .array(z.number().int())
        .describe('Token ids, special tokens included; can be sent back as OpenAI token input'),
      tokens: z.array(z.string()).describe('The vocabulary string of each id'),
      token_count: z.number().int(),
    }),
  ),
  usage: usageSchema,
});

/** One model in `GET /api/v1/models`. */
export interface AkidbModelSummary {
  id: string;
  aliases: string[];
  state: 'installed' | 'downloadable' | 'unavailable';
  reason?: string | undefined;
  dimension: number;
  max_tokens: number;
  pooling: string;
  memory_bytes: number;
  loaded: boolean;
  is_default: boolean;
  /** The execution provider running the model (`cpu`, `cuda`, `webgpu`, ...); only when loaded. */
  execution_provider?: string | undefined;
}

/** Response of `GET /api/v1/models`. */
export interface AkidbModelsResponse {
  default_model: string;
  models: AkidbModelSummary[];
}

export const akidbModelsResponseSchema: z.ZodType<AkidbModelsResponse> = z.object({
  default_model: z.string(),
  models: z.array(
    z.object({
      id: z.string(),
      aliases: z.array(z.string()),
      state: z.enum(['installed', 'downloadable', 'unavailable']),
      reason: z.string().optional(),
      dimension: z.number().int(),
      max_tokens: z.number().int(),
      pooling: z.string(),
      memory_bytes: z.number(),
      loaded: z.boolean(),
      is_default: z.boolean(),
      execution_provider: z
        .string()
        .optional()
        .describe('Execution provider actually running the model (cpu, cuda, webgpu, ...); only when loaded'),
    }),
  ),
});
