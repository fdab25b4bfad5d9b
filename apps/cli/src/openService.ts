import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAkidbHome } from '@akidb/core';
import type { EmbeddingService, EmbeddingServiceOptions } from '@akidb/embedding-provider';

/** The repo's committed manifests (`<repo>/models`), found from this file, not from the cwd. */
export const REPO_MODELS_DIR: string = fileURLToPath(new URL('../../../models', import.meta.url));

/** `parseArgs` options every command that opens the model service accepts. */
export const SERVICE_ARG_OPTIONS = {
  manifests: { type: 'string', multiple: true },
  home: { type: 'string' },
  offline: { type: 'boolean' },
} as const;

/** Help lines for {@link SERVICE_ARG_OPTIONS}. */
export const SERVICE_OPTIONS_HELP: string = `  --manifests <dir>  Manifest directory, repeatable (default $AKIDB_MODELS_DIR, else the repo's models/)
  --home <dir>       Model home (default $AKIDB_HOME, else ~/.cache/akidb)
  --offline          Never touch the network (also HF_HUB_OFFLINE=1 or AKIDB_OFFLINE=1)`;

/** Service options with the model home always resolved. */
export type CliServiceOptions = EmbeddingServiceOptions & { home: string; manifestsDirs: string[] };

/** The values of {@link SERVICE_ARG_OPTIONS} after parsing. */
export interface ServiceFlags {
  manifests?: string[] | undefined;
  home?: string | undefined;
  offline?: boolean | undefined;
}

/**
 * Service options from the flags and the environment: manifest directories from `--manifests`, else
 * `AKIDB_MODELS_DIR`, else the repo's `models/`; the home from `--home`, else `AKIDB_HOME`, else
 * `~/.cache/akidb`; the default model from `AKIDB_DEFAULT_MODEL` when set; `--offline` when given
 * (the service itself also honours `HF_HUB_OFFLINE` and `AKIDB_OFFLINE`). Relative paths are taken
 * from the current directory.
 */
export function serviceOptionsFrom(flags: ServiceFlags, env: NodeJS.ProcessEnv): CliServiceOptions {
  const fromEnv = env.AKIDB_MODELS_DIR?.trim();
  const manifestsDirs =
    flags.manifests && flags.manifests.length > 0
      ? flags.manifests.map((dir) => resolve(dir))
      : fromEnv
        ? [resolve(fromEnv)]
        : existsSync(REPO_MODELS_DIR)
          ? [REPO_MODELS_DIR]
          : [];
  const defaultModel = env.AKIDB_DEFAULT_MODEL?.trim();
  return {
    manifestsDirs,
    ...(defaultModel ? { defaultModel } : {}),
    home: flags.home === undefined ? resolveAkidbHome(env) : resolve(flags.home),
    ...(flags.offline ? { offline: true } : {}),
  };
}

/**
 * Opens the multi-model service. `@akidb/embedding-provider` (and with it ONNX Runtime) is loaded
 * here, on first use, so `--help` and usage errors stay fast.
 */
export async function openService(options: EmbeddingServiceOptions): Promise<EmbeddingService> {
  const { createEmbeddingService } = await import('@akidb/embedding-provider');
  return createEmbeddingService(options);
}
