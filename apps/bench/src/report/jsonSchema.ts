/** The subset of JSON Schema (2020-12) the report schema uses. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  description?: string;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/**
 * Checks `value` against `schema` and returns every violation as `path: problem` (empty when
 * valid). Supports type, properties, required, additionalProperties, items, minItems, enum,
 * minimum and maximum; numbers must be finite.
 *
 * @example
 * const problems = validateJson(JSON.parse(text), REPORT_SCHEMA);
 */
export function validateJson(value: unknown, schema: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => hasType(value, type))) {
      return [`${path}: expected ${types.join(' | ')}, got ${describe(value)}`];
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`${path}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`${path}: ${value} > ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      problems.push(`${path}: ${value.length} items, expected at least ${schema.minItems}`);
    }
    const items = schema.items;
    if (items) {
      value.forEach((item, i) => {
        problems.push(...validateJson(item, items, `${path}[${i}]`));
      });
    }
  } else if (isObject(value)) {
    problems.push(...validateObject(value, schema, path));
  }
  return problems;
}

function validateObject(value: Record<string, unknown>, schema: JsonSchema, path: string): string[] {
  const problems: string[] = [];
  for (const key of schema.required ?? []) {
    if (!(key in value)) problems.push(`${path}: missing "${key}"`);
  }
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key];
    if (childSchema) problems.push(...validateJson(child, childSchema, `${path}.${key}`));
    else if (schema.additionalProperties === false) problems.push(`${path}: unexpected "${key}"`);
    else if (typeof schema.additionalProperties === 'object') {
      problems.push(...validateJson(child, schema.additionalProperties, `${path}.${key}`));
    }
  }
  return problems;
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}
