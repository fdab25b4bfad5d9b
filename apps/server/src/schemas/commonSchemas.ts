import { z } from 'zod';
import type { AkidbErrorBody } from '../errorBodies.js';

/** `{ prompt_tokens, total_tokens }`, as in the OpenAI API. */
export interface UsageBody {
  prompt_tokens: number;
  total_tokens: number;
}

export const usageSchema: z.ZodType<UsageBody> = z
  .object({
    prompt_tokens: z.number().int().describe('Tokens fed to the model, special tokens included'),
    total_tokens: z.number().int().describe('Same as prompt_tokens (embeddings produce no tokens)'),
  })
  .describe('Token accounting, as in the OpenAI API');

export const akidbErrorSchema: z.ZodType<AkidbErrorBody> = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. MODEL_NOT_FOUND'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional().describe('Structured facts about the error'),
  }),
});

export const healthSchema: z.ZodType<{ status: 'ok' }> = z.object({ status: z.literal('ok') });

/** Body of `GET /ready`. */
export interface ReadyBody {
  status: 'ready' | 'not_ready';
  model: string;
}

export const readySchema: z.ZodType<ReadyBody> = z.object({
  status: z.enum(['ready', 'not_ready']),
  model: z.string().describe('The default model'),
});

export const truncationDirectionSchema: z.ZodType<'left' | 'right'> = z
  .enum(['left', 'right'])
  .describe('Which end of a too-long input is cut (default right)');

/** Wire encodings of embeddings: float arrays, base64 float32, or quantized (see `encodeEmbeddings`). */
export type EncodingFormat = 'float' | 'base64' | 'int8' | 'uint8' | 'binary' | 'ubinary';

export const encodingFormatSchema: z.ZodType<EncodingFormat> = z
  .enum(['float', 'base64', 'int8', 'uint8', 'binary', 'ubinary'])
  .describe(
    'float = numbers; base64 = little-endian float32 bytes; int8 / uint8 = integers from the model calibration ranges (sentence-transformers quantize_embeddings); binary / ubinary = one bit per dimension (x > 0), packed most significant bit first, base64',
  );

export const longInputSchema: z.ZodType<'error' | 'chunk'> = z
  .enum(['error', 'chunk'])
  .describe(
    'Inputs longer than the model max tokens when truncate is false: error = 400 INPUT_TOO_LONG; chunk = embedded in overlapping windows, token-weighted mean, normalised (truncate then defaults to false)',
  );

export const truncateSchema: z.ZodType<boolean | undefined> = z
  .boolean()
  .optional()
  .describe(
    'Cut inputs longer than the model max tokens (default true, false with long_input=chunk); false = 400 INPUT_TOO_LONG unless long_input=chunk',
  );
