import { z } from 'zod';
import type { TeiErrorBody } from '../errorBodies.js';

/** Body of TEI's `POST /embed`, defaults applied and the direction lower-cased. */
export interface TeiEmbedRequest {
  inputs: string | string[];
  normalize: boolean;
  truncate: boolean;
  truncation_direction: 'left' | 'right';
  prompt_name?: string | null | undefined;
  dimensions?: number | null | undefined;
}

export const teiEmbedRequestSchema: z.ZodType<TeiEmbedRequest> = z.object({
  inputs: z.union([z.string(), z.array(z.string())]),
  normalize: z.boolean().default(true),
  truncate: z.boolean().default(true).describe('Default true here (TEI defaults to false)'),
  truncation_direction: z
    .enum(['Left', 'Right', 'left', 'right'])
    .default('Right')
    .transform((value) => (value.toLowerCase() === 'left' ? ('left' as const) : ('right' as const))),
  prompt_name: z.string().min(1).nullish(),
  dimensions: z.number().int().positive().nullish(),
});

export const teiEmbedResponseSchema: z.ZodType<number[][]> = z.array(z.array(z.number()));

export const teiErrorSchema: z.ZodType<TeiErrorBody> = z.object({
  error: z.string(),
  error_type: z
    .string()
    .describe('TEI category: Validation, Empty, Overloaded, Tokenizer, Unhealthy or Backend'),
  code: z.string().describe('Our stable error code'),
});
