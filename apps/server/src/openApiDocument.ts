import { z } from 'zod';
import { OPEN_API_OPERATIONS, type OpenApiOperation } from './openApiOperations.js';
import { SCHEMA_COMPONENTS } from './schemas/schemaComponents.js';
import { TIMING_HEADERS } from './timingHeaders.js';

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  /** Describe bearer auth as required (the server runs with an API key). */
  apiKey: boolean;
}

const ERROR_SCHEMA = { akidb: 'AkidbError', openai: 'OpenAiError', tei: 'TeiError' } as const;

/**
 * The OpenAPI 3.1 document of every route. Schemas are generated from the same zod schemas the
 * routes validate with (`z.toJSONSchema`, JSON Schema 2020-12, the dialect OpenAPI 3.1 uses).
 */
export function buildOpenApiDocument(options: OpenApiOptions): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMA_COMPONENTS)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  const schemas: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
    schemas[id] = rest;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPEN_API_OPERATIONS) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method] = describeOperation(
      operation,
      options,
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AkiDB Embeddings server',
      version: '0.1.0',
      description:
        'Text embeddings over HTTP: the AkiDB API, an OpenAI-compatible API and a TEI-compatible API.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The configured API key' },
      },
    },
  };
}

function describeOperation(operation: OpenApiOperation, options: OpenApiOptions): Record<string, unknown> {
  const contentType = operation.success.contentType ?? 'application/json';
  const responses: Record<string, unknown> = {
    [String(operation.success.status)]: {
      description: operation.success.description,
      ...(operation.timingHeaders ? { headers: timingHeaders() } : {}),
      content: { [contentType]: { schema: schemaOf(operation.success.schema, contentType) } },
    },
  };
  for (const other of operation.otherResponses ?? []) {
    responses[String(other.status)] = {
      description: other.description,
      content: { 'application/json': { schema: schemaOf(other.schema) } },
    };
  }
  const errorSchema = schemaOf(ERROR_SCHEMA[operation.dialect]);
  const secured = options.apiKey && operation.path !== '/health';
  for (const status of [...operation.errors, ...(secured ? [401] : [])]) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      ...(status === 429
        ? { headers: { 'retry-after': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/json': { schema: errorSchema } },
    };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    ...(secured ? { security: [{ bearerAuth: [] }] } : { security: [] }),
    ...(operation.requestSchema
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(operation.requestSchema) } },
          },
        }
      : {}),
    responses,
  };
}

function schemaOf(id: string | undefined, contentType = 'application/json'): Record<string, unknown> {
  if (id !== undefined) return { $ref: `#/components/schemas/${id}` };
  return contentType === 'application/json' ? { type: 'object' } : { type: 'string' };
}

function timingHeaders(): Record<string, unknown> {
  return Object.fromEntries(
    TIMING_HEADERS.map((name) => [name, { description: `Timing: ${name}`, schema: { type: 'string' } }]),
  );
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (malformed JSON, schema violation, empty/too long/too many inputs, bad dimensions)',
  401: 'Missing or wrong API key',
  404: 'Unknown or not installed model',
  413: 'Request body too large',
  429: 'Queue full; retry after Retry-After seconds',
  500: 'Internal error',
  503: 'Model could not be loaded, or the server is shutting down',
  504: 'Request timed out',
};
