import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { listSupportedBackends } from 'onnxruntime-node';
import { invalidInput } from './errors.js';
import type { ExecutionProviderSpec } from './types.js';

/** A backend as reported by onnxruntime-node's `listSupportedBackends()`. */
export interface SupportedBackend {
  readonly name: string;
  /** False when the provider needs runtime libraries installed next to the binding (CUDA, TensorRT). */
  readonly bundled: boolean;
}

/** One execution provider of this onnxruntime-node build, as seen on this platform. */
export interface ExecutionProviderInfo extends SupportedBackend {
  /** Whether the provider can run on this OS at all (CoreML only on macOS, DirectML only on Windows…). */
  readonly platformSupported: boolean;
  /** Bundled, or its runtime libraries (e.g. `libonnxruntime_providers_cuda.so`) sit next to the binding. */
  readonly installed: boolean;
  /** The provider libraries looked for when not bundled. */
  readonly libraries: readonly string[];
}

/** A preference-list entry with its name normalised to lower case. */
export interface NormalizedProvider {
  readonly name: string;
  readonly spec: ExecutionProviderSpec;
}

const PLATFORMS: Readonly<Record<string, readonly NodeJS.Platform[]>> = {
  coreml: ['darwin'],
  dml: ['win32'],
  cuda: ['linux', 'win32'],
  tensorrt: ['linux', 'win32'],
};

function isPlatformSupported(name: string, platform: NodeJS.Platform): boolean {
  const platforms = PLATFORMS[name];
  return platforms === undefined || platforms.includes(platform);
}

/** Where onnxruntime-node keeps its native binding and provider libraries for this platform. */
export function bindingDirectory(): string | undefined {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    return join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** The shared libraries ONNX Runtime loads for a non-bundled provider on `platform`. */
export function providerLibraries(name: string, platform: NodeJS.Platform): string[] {
  const file = (stem: string): string =>
    platform === 'win32' ? `${stem}.dll` : platform === 'darwin' ? `lib${stem}.dylib` : `lib${stem}.so`;
  return [file('onnxruntime_providers_shared'), file(`onnxruntime_providers_${name}`)];
}

/**
 * The execution providers this onnxruntime-node build ships, whether this OS can run them, and
 * whether their runtime libraries are installed. Being listed does not prove a provider works
 * (CUDA also needs the CUDA runtime and a GPU): `createSession` actually tries it.
 */
export function listExecutionProviders(
  backends: readonly SupportedBackend[] = listSupportedBackends(),
  platform: NodeJS.Platform = process.platform,
  libraryDirectory: string | undefined = bindingDirectory(),
): readonly ExecutionProviderInfo[] {
  return backends.map((b) => {
    const libraries = b.bundled ? [] : providerLibraries(b.name, platform);
    const installed =
      b.bundled ||
      libraryDirectory === undefined ||
      libraries.every((file) => existsSync(join(libraryDirectory, file)));
    return {
      name: b.name,
      bundled: b.bundled,
      platformSupported: isPlatformSupported(b.name, platform),
      installed,
      libraries,
    };
  });
}

/** Why `name` is not worth trying here, or undefined when it should be tried. */
export function unavailableReason(
  name: string,
  providers: readonly ExecutionProviderInfo[],
): string | undefined {
  const info = providers.find((p) => p.name === name);
  if (info === undefined) {
    return `not included in this onnxruntime-node build (it has: ${providers.map((p) => p.name).join(', ')})`;
  }
  if (!info.platformSupported) {
    return 'not supported on this operating system';
  }
  if (!info.installed) {
    return (
      `its runtime libraries are not installed (${info.libraries.join(', ')} missing next to the ` +
      "onnxruntime-node binding; run onnxruntime-node's install script with network access)"
    );
  }
  return undefined;
}

/** Names of the providers worth trying here. */
export function availableProviderNames(providers: readonly ExecutionProviderInfo[]): string[] {
  return providers.filter((p) => p.platformSupported && p.installed).map((p) => p.name);
}

/** The name of a preference-list entry, lower-cased. */
export function providerName(spec: ExecutionProviderSpec): string {
  const name = typeof spec === 'string' ? spec : spec.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidInput('Each execution provider needs a non-empty name, e.g. "cpu" or { name: "cuda" }.');
  }
  return name.trim().toLowerCase();
}

/**
 * Normalises the preference list: lower-case names, duplicates dropped (first wins), and `cpu`
 * appended as the last resort unless `strict`.
 */
export function normalizePreference(
  specs: readonly ExecutionProviderSpec[],
  strict: boolean,
): NormalizedProvider[] {
  if (specs.length === 0) {
    throw invalidInput('executionProviders must name at least one provider, e.g. ["cpu"].');
  }
  const out: NormalizedProvider[] = [];
  for (const spec of specs) {
    const name = providerName(spec);
    if (!out.some((p) => p.name === name)) {
      out.push({ name, spec });
    }
  }
  if (!strict && !out.some((p) => p.name === 'cpu')) {
    out.push({ name: 'cpu', spec: 'cpu' });
  }
  return out;
}
