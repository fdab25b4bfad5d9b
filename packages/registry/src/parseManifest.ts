import { z } from 'zod';
import { type ManifestIssue, manifestInvalid } from './errors.js';
import type { ManifestFile, ModelManifest } from './manifestTypes.js';
import { isValidModelId, MAX_MODEL_ID_LENGTH } from './modelId.js';

const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9._-]*';
const RELATIVE_PATH = new RegExp(`^${SEGMENT}(/${SEGMENT})*$`);
const HUB_REPO = new RegExp(`^${SEGMENT}/${SEGMENT}$`);
const REVISION = new RegExp(`^${SEGMENT}$`);
const SHA256 = /^[0-9a-fA-F]{64}$/;
const RESERVED_PATHS = new Set(['manifest.json']);

const text = z.string().trim().min(1, { error: 'must not be empty' });
const positiveInt = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

const relativePath = z
  .string()
  .max(300, { error: 'path is too long' })
  .regex(RELATIVE_PATH, { error: 'expected a relative path of [A-Za-z0-9._-] segments' })
  .refine((path) => !path.split('/').some((segment) => segment === '..' || segment.endsWith('.part')), {
    error: 'must not contain ".." or end a segment with ".part"',
  });

const sha256 = z
  .string()
  .regex(SHA256, { error: 'expected 64 hex chars' })
  .transform((hash) => hash.toLowerCase());

const fileSchema = z.object({
  path: relativePath.refine((path) => !RESERVED_PATHS.has(path), { error: 'manifest.json is reserved' }),
  role: z.enum(['model', 'model-data', 'tokenizer', 'tokenizer-config', 'config', 'special-tokens', 'other']),
  size: z
    .number({ error: 'expected a byte count' })
    .int({ error: 'expected a whole byte count' })
    .nonnegative({ error: 'expected a byte count >= 0' })
    .nullable()
    .default(null),
  sha256: sha256.nullable().default(null),
  remotePath: relativePath.optional(),
});

const hubRepo = z.string().regex(HUB_REPO, { error: 'expected "org/name"' });
const hubRevision = z
  .string()
  .regex(REVISION, { error: 'expected a branch, tag or commit' })
  .refine((revision) => !revision.includes('..'), { error: 'must not contain ".."' })
  .default('main');

const sourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pypi'), package: text, version: text }),
  z.object({ type: z.literal('hub'), repo: hubRepo, revision: hubRevision }),
  z.object({
    type: z.literal('hub-convert'),
    repo: hubRepo,
    revision: hubRevision,
    pins: z
      .record(
        relativePath,
        z.object({
          size: z.number().int().nonnegative().nullable().default(null),
          sha256,
        }),
      )
      .default({}),
  }),
  z.object({
    type: z.literal('random'),
    family: text,
    shape: text,
    seed: z.number().int({ error: 'expected an integer seed' }),
  }),
]);

const manifestSchema = z
  .object({
    id: z
      .string()
      .max(MAX_MODEL_ID_LENGTH, { error: `at most ${MAX_MODEL_ID_LENGTH} chars` })
      .refine(isValidModelId, {
        error: 'expected lowercase [a-z0-9._-], starting with a letter or digit, no ".."',
      }),
    aliases: z.array(text.max(200)).default([]),
    family: text,
    description: text,
    parameters: positiveInt,
    dimension: positiveInt,
    maxTokens: positiveInt,
    pooling: z.enum(['mean', 'cls', 'last', 'max']),
    normalize: z.boolean(),
    paddingSide: z.enum(['left', 'right']),
    appendToken: text.nullable().default(null),
    prompts: z.record(z.string(), z.string()).default({}),
    defaultPrompt: z.string().nullable().default(null),
    languages: z.array(text).min(1, { error: 'list at least one language' }),
    license: text,
    quantization: z
      .string()
      .regex(/^[a-z0-9]+$/, { error: 'expected a lowercase name such as fp32 or int8' }),
    matryoshkaDimensions: z.array(positiveInt).min(1).nullable().default(null),
    memoryMB: z.number().positive({ error: 'expected a positive number' }),
    source: sourceSchema,
    files: z.array(fileSchema).min(1, { error: 'list at least one file' }),
    unavailable: text.nullable().default(null),
    default: z.boolean().default(false),
  })
  .superRefine((manifest, ctx) => {
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (manifest.defaultPrompt !== null && !Object.hasOwn(manifest.prompts, manifest.defaultPrompt)) {
      issue(['defaultPrompt'], `"${manifest.defaultPrompt}" is not a key of prompts`);
    }
    manifest.matryoshkaDimensions?.forEach((dim, index, all) => {
      if (dim > manifest.dimension)
        issue(['matryoshkaDimensions', index], `exceeds dimension ${manifest.dimension}`);
      const previous = all[index - 1];
      if (previous !== undefined && dim <= previous)
        issue(['matryoshkaDimensions', index], 'must be ascending');
    });
    const seenAliases = new Set<string>();
    manifest.aliases.forEach((alias, index) => {
      const key = alias.toLowerCase();
      if (seenAliases.has(key)) issue(['aliases', index], `duplicate alias "${alias}"`);
      seenAliases.add(key);
    });
    if (!manifest.files.some((file) => file.role === 'model')) issue(['files'], 'no file has role "model"');
    const seenPaths = new Set<string>();
    manifest.files.forEach((file, index) => {
      if (seenPaths.has(file.path)) issue(['files', index, 'path'], `duplicate path "${file.path}"`);
      seenPaths.add(file.path);
      // Unavailable models may lack pins; converted models get theirs from the local conversion.
      if (manifest.unavailable !== null || manifest.source.type === 'hub-convert') return;
      const why = 'required unless "unavailable" gives a reason or the source is "hub-convert"';
      if (file.size === null) issue(['files', index, 'size'], why);
      if (file.sha256 === null) issue(['files', index, 'sha256'], why);
    });
  });

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
}

/**
 * Validates a manifest (a parsed JSON value or the JSON text) and returns it with defaults filled in.
 * Throws `MANIFEST_INVALID` naming `fileName` and each bad field, e.g.
 * `models/foo.json: files[0].sha256: expected 64 hex chars`.
 *
 * @example
 * const manifest = parseManifest(await readFile(path, 'utf8'), 'models/bge-small-en-v1.5.json');
 */
export function parseManifest(json: unknown, fileName: string): ModelManifest {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (cause) {
      throw manifestInvalid(
        fileName,
        [{ path: '', message: `not valid JSON (${(cause as Error).message})` }],
        cause,
      );
    }
  }
  const result = manifestSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issues: ManifestIssue[] = result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: describe(issue),
    }));
    throw manifestInvalid(fileName, issues, result.error);
  }
  const { files, ...rest } = result.data;
  return {
    ...rest,
    files: files.map(
      ({ remotePath, ...file }): ManifestFile => (remotePath === undefined ? file : { ...file, remotePath }),
    ),
  };
}
