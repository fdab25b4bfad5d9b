import type { ErrorDialect } from './errorBodies.js';

/** One documented route. */
export interface OpenApiOperation {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  dialect: ErrorDialect;
  requestSchema?: string;
  success: { status: number; description: string; schema?: string; contentType?: string };
  /** Error statuses the route can answer with (401 is added when an API key is set). */
  errors: readonly number[];
  /** Non-error responses besides the success one (e.g. `/ready`'s 503). */
  otherResponses?: readonly { status: number; description: string; schema: string }[];
  /** Whether the success response carries the `x-akidb-*` timing headers. */
  timingHeaders?: boolean;
}

const EMBED_ERRORS = [400, 404, 413, 429, 500, 503, 504] as const;

/** Every route the server serves, as the OpenAPI document describes it. */
export const OPEN_API_OPERATIONS: readonly OpenApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/embed',
    operationId: 'akidbEmbed',
    summary: 'Embed texts',
    tag: 'AkiDB',
    dialect: 'akidb',
    requestSchema: 'AkidbEmbedRequest',
    success: {
      status: 200,
      description: 'One vector per text, in input order',
      schema: 'AkidbEmbedResponse',
    },
    errors: EMBED_ERRORS,
    timingHeaders: true,
  },
  {
    method: 'get',
    path: '/api/v1/models',
    operationId: 'akidbListModels',
    summary: 'List models with their state',
    tag: 'AkiDB',
    dialect: 'akidb',
    success: { status: 200, description: 'Every known model', schema: 'AkidbModelsResponse' },
    errors: [500],
  },
  {
    method: 'post',
    path: '/api/v1/tokenize',
    operationId: 'akidbTokenize',
    summary: 'Tokenize texts with a model tokenizer',
    tag: 'AkiDB',
    dialect: 'akidb',
    requestSchema: 'AkidbTokenizeRequest',
    success: { status: 200, description: 'Token ids and strings per text', schema: 'AkidbTokenizeResponse' },
    errors: [400, 404, 413, 500, 503, 504],
  },
  {
    method: 'post',
    path: '/v1/embeddings',
    operationId: 'openAiCreateEmbeddings',
    summary: 'Create embeddings (OpenAI-compatible)',
    tag: 'OpenAI',
    dialect: 'openai',
    requestSchema: 'OpenAiEmbeddingsRequest',
    success: { status: 200, description: 'OpenAI embedding list', schema: 'OpenAiEmbeddingsResponse' },
    errors: EMBED_ERRORS,
    timingHeaders: true,
  },
  {
    method: 'get',
    path: '/v1/models',
    operationId: 'openAiListModels',
    summary: 'List models (OpenAI-compatible)',
    tag: 'OpenAI',
    dialect: 'openai',
    success: { status: 200, description: 'OpenAI model list', schema: 'OpenAiModelsList' },
    errors: [500],
  },
  {
    method: 'post',
    path: '/embed',
    operationId: 'teiEmbed',
    summary: 'Embed texts with the default model (TEI-compatible)',
    tag: 'TEI',
    dialect: 'tei',
    requestSchema: 'TeiEmbedRequest',
    success: { status: 200, description: 'One vector per input', schema: 'TeiEmbedResponse' },
    errors: EMBED_ERRORS,
    timingHeaders: true,
  },
  {
    method: 'get',
    path: '/info',
    operationId: 'teiInfo',
    summary: 'The default model and the server limits (TEI-compatible)',
    tag: 'TEI',
    dialect: 'tei',
    success: { status: 200, description: 'Model and router facts', schema: 'TeiInfo' },
    errors: [500, 503],
  },
  {
    method: 'post',
    path: '/decode',
    operationId: 'teiDecode',
    summary: "Token ids back to text with the default model's tokenizer (TEI-compatible)",
    tag: 'TEI',
    dialect: 'tei',
    requestSchema: 'TeiDecodeRequest',
    success: { status: 200, description: 'One text per list of ids', schema: 'TeiDecodeResponse' },
    errors: [400, 413, 500, 503, 504],
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    tag: 'Operations',
    dialect: 'akidb',
    success: { status: 200, description: 'Alive', schema: 'Health' },
    errors: [],
  },
  {
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    summary: 'Readiness: the default model is loaded (503 until it is)',
    tag: 'Operations',
    dialect: 'akidb',
    success: { status: 200, description: 'Ready', schema: 'Ready' },
    otherResponses: [{ status: 503, description: 'The default model is not loaded yet', schema: 'Ready' }],
    errors: [],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    tag: 'Operations',
    dialect: 'akidb',
    success: { status: 200, description: 'Prometheus text exposition format', contentType: 'text/plain' },
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This document',
    tag: 'Operations',
    dialect: 'akidb',
    success: { status: 200, description: 'OpenAPI 3.1 document', contentType: 'application/json' },
    errors: [],
  },
];
