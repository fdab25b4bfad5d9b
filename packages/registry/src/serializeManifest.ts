import type { ManifestFile, ModelManifest } from './manifestTypes.js';

function fileJson(file: ManifestFile): Record<string, unknown> {
  const { path, role, size, sha256, remotePath } = file;
  return remotePath === undefined ? { path, role, size, sha256 } : { path, role, size, sha256, remotePath };
}

/**
 * The canonical JSON text of a manifest: fields in the documented order, two-space indent, trailing
 * newline; `default` only when true. Extra properties on the object (such as a registry entry's
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
    prompts: m.prompts,
    defaultPrompt: m.defaultPrompt,
    languages: m.languages,
    license: m.license,
    quantization: m.quantization,
    matryoshkaDimensions: m.matryoshkaDimensions,
    memoryMB: m.memoryMB,
    source:
      m.source.type === 'hub'
        ? { type: 'hub', repo: m.source.repo, revision: m.source.revision }
        : {
            type: 'pypi',
            package: m.source.package,
            version: m.source.version,
          },
    files: m.files.map(fileJson),
    unavailable: m.unavailable,
  };
  if (m.default) json.default = true;
  return `${JSON.stringify(json, null, 2)}\n`;
}
