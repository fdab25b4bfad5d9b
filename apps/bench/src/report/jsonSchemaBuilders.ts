import type { JsonSchema } from './jsonSchema.js';

// Building blocks of the report schemas (reportSchema.ts, serverSchema.ts).

export const num: JsonSchema = { type: 'number' };
export const nonNegative: JsonSchema = { type: 'number', minimum: 0 };
export const int: JsonSchema = { type: 'integer', minimum: 0 };
export const str: JsonSchema = { type: 'string' };
export const bool: JsonSchema = { type: 'boolean' };

/** `schema`, or `null`. */
export const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [...(Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object']), 'null'],
});

/** An array of `items`, at least `minItems` long. */
export const arr = (items: JsonSchema, minItems = 0): JsonSchema => ({ type: 'array', items, minItems });

/** A closed object: every property required except those in `optional`, no others allowed. */
export const obj = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  additionalProperties: false,
});
