import { z } from 'zod';
import type { TeiErrorBody } from '../errorBodies.js';
import type { TeiInfoBody } from '../teiInfo.js';
import { type EncodingFormat, encodingFormatSchema, longInputSchema } from './commonSchemas.js';

/** Body of TEI's `POST /embed`, defaults applied and the direction lower-cased. */
export interface TeiEmbedRequest {
  inputs: string | string[];
  normalize: boolean;
  truncate?: boolean | undefined;
  truncation_direction: 'left' | 'right';
  prompt_name?: string | null | undefined;
  dimensions?: number | null | undefined;
  encoding_format: EncodingFormat;
  long_input: 'error' | 'chunk';
}

export const teiEmbedRequestSchema: z.ZodType<TeiEmbedRequest> = z.object({
  inputs: z.union([z.string(), z.array(z.string())]),
  normalize: z.boolean().default(true),
  truncate: z
    .boolean()
    .optional()
    .describe('Default true here (TEI defaults to false), false with long_input=chunk'),
  truncation_direction: z
    .enum(['Left', 'Right', 'left', 'right'])
    .default('Right')
    .transform((value) => (value.toLowerCase() === 'left' ? ('left' as const) : ('right' as const))),
  prompt_name: z.string().min(1).nullish(),
  dimensions: z.number().int().positive().nullish(),
  encoding_format: encodingFormatSchema.default('float').describe('AkiDB extension; see the AkiDB route'),
  long_input: longInputSchema
    .default('error')
    .describe('AkiDB extension; windows per input in x-akidb-chunks'),
});

export const teiEmbedResponseSchema: z.ZodType<number[][] | string[]> = z
  .union([z.array(z.array(z.number())), z.array(z.string())])
  .describe('Numbers per input (float, int8, uint8), or base64 strings (base64, binary, ubinary)');

export const teiErrorSchema: z.ZodType<TeiErrorBody> = z.object({
  error: z.string(),
  error_type: z
    .string()
    .describe('TEI category: Validation, Empty, Overloaded, Tokenizer, Unhealthy or Backend'),
  code: z.string().describe('Our stable error code'),
});

/** Body of TEI's `POST /decode`: one list of ids, or a batch of them. */
export interface TeiDecodeRequest {
  ids: number[] | number[][];
  skip_special_tokens: boolean;
}

const tokenIdSchema = z.number().int().min(0).max(4_294_967_295);

export const teiDecodeRequestSchema: z.ZodType<TeiDecodeRequest> = z.object({
  ids: z
    .union([z.array(tokenIdSchema), z.array(z.array(tokenIdSchema)).min(1)])
    .describe('Token ids of one text, or a non-empty batch of them'),
  skip_special_tokens: z.boolean().default(true),
});

export const teiDecodeResponseSchema: z.ZodType<string[]> = z
  .array(z.string())
  .describe('One text per list of ids (one for a single list)');

export const teiInfoResponseSchema: z.ZodType<TeiInfoBody> = z.object({
  model_id: z.string(),
  model_sha: z.null(),
  model_dtype: z.string(),
  served_model_name: z.string(),
  model_type: z.object({ embedding: z.object({ pooling: z.string() }) }),
  max_concurrent_requests: z.number().int().describe('Most texts waiting per model before 429'),
  max_input_length: z.number().int().describe("The default model's max tokens"),
  max_batch_tokens: z.number().int(),
  max_batch_requests: z.number().int(),
  max_client_batch_size: z.number().int().describe('Most inputs per request'),
  auto_truncate: z.boolean(),
  tokenization_workers: z.number().int(),
  version: z.string(),
  sha: z.null(),
  docker_label: z.null(),
});
