import fc from 'fast-check';
import { SMALL_MODEL } from './support/inProcessServer.js';

/** Any JSON value, kept small (the server embeds whatever turns out valid). */
const anyJson = fc.jsonValue({ maxDepth: 3, depthSize: 'small' });

/** Text in every Unicode plane, control characters, lone surrogates and blanks included. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'binary-ascii', maxLength: 24 }),
  fc.constantFrom('', ' ', '\t\n', '\u0000', '\uD800', '\uDFFF x', '\u200B', '🙂', '日本語', 'שלום'),
);

const texts = fc.array(text, { maxLength: 6 });
const tokenIds = fc.array(fc.oneof(fc.integer({ min: -2, max: 31_000 }), fc.double()), { maxLength: 8 });

/** Valid values, or (`loose`) a broader set of plausible values and sometimes any JSON at all. */
const pickValue =
  (loose: boolean) =>
  (valid: fc.Arbitrary<unknown>, broad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    loose
      ? fc.oneof({ weight: 3, arbitrary: fc.oneof(valid, broad) }, { weight: 1, arbitrary: anyJson })
      : valid;

const nonBlank = text.filter((t) => t.trim() !== '');
const validTexts = fc.array(nonBlank, { minLength: 1, maxLength: 6 });
const validIds = fc.array(fc.integer({ min: 0, max: 30_521 }), { minLength: 1, maxLength: 8 });

/** Bodies shaped like each route's schema, every field present or not; `loose` mixes in wrong values. */
function shapedBodies(loose: boolean): Record<string, fc.Arbitrary<unknown>> {
  const value = pickValue(loose);
  const model = value(
    fc.constantFrom(SMALL_MODEL, 'minilm-l3', 'MINILM-L3'),
    fc.constantFrom('no-such-model', '../x', ''),
  );
  const dimensions = value(
    fc.integer({ min: 1, max: 384 }),
    fc.oneof(fc.integer({ min: -3, max: 400 }), fc.double({ min: -1, max: 400 })),
  );
  const bool = value(fc.boolean(), fc.constantFrom(0, 'true'));
  const direction = value(fc.constantFrom('left', 'right'), fc.constantFrom('Left', 'middle'));
  const optional = { requiredKeys: [] as [] };
  return {
    '/api/v1/embed': fc.record(
      {
        model,
        texts: value(validTexts, texts),
        normalize: bool,
        truncate: bool,
        truncation_direction: direction,
        prompt_name: value(fc.constant(undefined), fc.constantFrom('query', 'passage')),
        dimensions,
      },
      optional,
    ),
    '/api/v1/tokenize': fc.record(
      { model, texts: value(validTexts, texts), truncate: bool, truncation_direction: direction },
      optional,
    ),
    '/v1/embeddings': fc.record(
      {
        input: value(
          fc.oneof(nonBlank, validTexts, validIds, fc.array(validIds, { minLength: 1, maxLength: 4 })),
          fc.oneof(text, texts, tokenIds, fc.array(tokenIds, { maxLength: 4 })),
        ),
        model,
        encoding_format: value(fc.constantFrom('float', 'base64'), fc.constant('hex')),
        dimensions,
        user: value(fc.string({ maxLength: 8 }), fc.integer()),
      },
      optional,
    ),
    '/embed': fc.record(
      {
        inputs: value(fc.oneof(nonBlank, validTexts), fc.oneof(text, texts)),
        normalize: bool,
        truncate: bool,
        truncation_direction: value(fc.constantFrom('Left', 'Right', 'left', 'right'), fc.constant('up')),
        prompt_name: value(fc.constant(null), fc.constant('query')),
        dimensions: value(
          fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 384 })),
          fc.integer({ min: -3, max: 0 }),
        ),
      },
      optional,
    ),
  };
}

const STRICT = shapedBodies(false);
const LOOSE = shapedBodies(true);

/** The fuzzed routes. */
export const FUZZED_ROUTES: readonly string[] = Object.keys(STRICT);

/**
 * Request bodies for `path`: schema-shaped records (right types, or wrong types mixed in), arbitrary JSON values,
 * arbitrary text (mostly not JSON) and arbitrary bytes.
 */
export function bodyFor(path: string): fc.Arbitrary<unknown> {
  const strict = STRICT[path];
  const loose = LOOSE[path];
  if (strict === undefined || loose === undefined) throw new Error(`no arbitrary for ${path}`);
  return fc.oneof(
    { weight: 3, arbitrary: strict },
    { weight: 4, arbitrary: loose },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  );
}
