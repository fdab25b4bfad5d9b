import { z } from 'zod';
import type { TeiErrorBody } from '../errorBodies.js';
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
