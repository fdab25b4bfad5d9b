import type { z } from 'zod';
import {
  akidbEmbedRequestSchema,
  akidbEmbedResponseSchema,
  akidbModelsResponseSchema,
  akidbTokenizeRequestSchema,
  akidbTokenizeResponseSchema,
} from './akidbSchemas.js';
import {
  akidbErrorSchema,
  healthSchema,
  readySchema,
  truncationDirectionSchema,
  usageSchema,
} from './commonSchemas.js';
import {
  openAiEmbeddingsRequestSchema,
  openAiEmbeddingsResponseSchema,
  openAiErrorSchema,
  openAiModelsListSchema,
} from './openAiSchemas.js';
import {
  teiDecodeRequestSchema,
  teiDecodeResponseSchema,
  teiEmbedRequestSchema,
  teiEmbedResponseSchema,
  teiErrorSchema,
  teiInfoResponseSchema,
} from './teiSchemas.js';

/** Every named schema of the OpenAPI document (`#/components/schemas/<id>`). */
export const SCHEMA_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Usage: usageSchema,
  TruncationDirection: truncationDirectionSchema,
  AkidbError: akidbErrorSchema,
  Health: healthSchema,
  Ready: readySchema,
  AkidbEmbedRequest: akidbEmbedRequestSchema,
  AkidbEmbedResponse: akidbEmbedResponseSchema,
  AkidbTokenizeRequest: akidbTokenizeRequestSchema,
  AkidbTokenizeResponse: akidbTokenizeResponseSchema,
  AkidbModelsResponse: akidbModelsResponseSchema,
  OpenAiEmbeddingsRequest: openAiEmbeddingsRequestSchema,
  OpenAiEmbeddingsResponse: openAiEmbeddingsResponseSchema,
  OpenAiModelsList: openAiModelsListSchema,
  OpenAiError: openAiErrorSchema,
  TeiEmbedRequest: teiEmbedRequestSchema,
  TeiEmbedResponse: teiEmbedResponseSchema,
  TeiError: teiErrorSchema,
  TeiDecodeRequest: teiDecodeRequestSchema,
  TeiDecodeResponse: teiDecodeResponseSchema,
  TeiInfo: teiInfoResponseSchema,
};
