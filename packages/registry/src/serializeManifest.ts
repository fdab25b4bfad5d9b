import type { ManifestFile, ManifestSource, ModelManifest } from './manifestTypes.js';

function sourceJson(source: ManifestSource): Record<string, unknown> {
  switch (source.type) {
    case 'hub':
      return { type: 'hub', repo: source.repo, revision: source.revision };
    case 'hub-convert': {
      const json: Record<string, unknown> = {
        type: 'hub-convert',
        repo: source.repo,
        revision: source.revision,
      };
      if (Object.keys(source.pins).length > 0) json.pins = source.pins;
      return json;
    }
    case 'random':
      return { type: 'random', family: source.family, shape: source.shape, seed: source.seed };
    case 'pypi':
      return { type: 'pypi', package: source.package, version: source.version };
  }
}

function fileJson(file: ManifestFile): Record<string, unknown> {
  const { path, role, size, sha256, remotePath } = file;
  return remotePath === undefined ? { path, role, size, sha256 } : { path, role, size, sha256, remotePath };
}

/**
 * The canonical JSON text of a manifest: fields in the documented order, two-space indent, trailing
 * newline; `appendToken` only when set, `default` only when true. Extra properties on the object (such as a registry entry's
 * `state`) are left out, so an installed `manifest.json` is always a plain manifest.
 *
 * @example
 * await writeFile(join(dir, 'manifest.json'), serializeManifest(entry));
 */
export function serializeManifest(manifest: ModelManifest): string {
  const m = manifest;
  const json: Record<string, unknown> = {
    id: m.id,
    aliases: m.aliases,
    family: m.family,
    description: m.description,
    parameters: m.parameters,
    dimension: m.dimension,
    maxTokens: m.maxTokens,
    pooling: m.pooling,
    normalize: m.normalize,
    paddingSide: m.paddingSide,
    ...(m.appendToken === null ? {} : { appendToken: m.appendToken }),
    prompts: m.prompts,
    defaultPrompt: m.defaultPrompt,
    languages: m.languages,
    license: m.license,
    quantization: m.quantization,
    matryoshkaDimensions: m.matryoshkaDimensions,
    memoryMB: m.memoryMB,
    source: sourceJson(m.source),
    files: m.files.map(fileJson),
    unavailable: m.unavailable,
  };
  if (m.default) json.default = true;
  return `${JSON.stringify(json, null, 2)}\n`;
}
