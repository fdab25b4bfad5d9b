import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AkidbError, modelDirectory, resolveAkidbHome } from '@akidb/core';
import { isOfflineEnv, isValidModelId, type ModelManifest } from '@akidb/registry';
import { cancelledError, invalidModelIdError } from './errors.js';
import type { ModelConverter } from './installConverted.js';
import { type InstallConfig, installModel } from './installModel.js';
import { type ModelStatus, modelStatus } from './modelStatus.js';
import { createProgressPrinter, type DownloadProgress } from './progressPrinter.js';
import { SingleFlight } from './singleFlight.js';

/** Options of {@link createModelStore}; every one has a default. */
export interface ModelStoreOptions {
  /** Model home (default `resolveAkidbHome()`: `$AKIDB_HOME` or `~/.cache/akidb`). */
  home?: string;
  /** Hub base URL (default `HF_ENDPOINT`, else `https://huggingface.co`). */
  endpoint?: string;
  /** Never touch the network (default: `HF_HUB_OFFLINE=1` or `AKIDB_OFFLINE=1`). */
  offline?: boolean;
  /** Hub token sent as `Authorization: Bearer` (default `HF_TOKEN`). */
  token?: string;
  /** The fetch to use (default the global one). */
  fetch?: typeof globalThis.fetch;
  /** Draw progress on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Also receive every progress event. */
  onProgress?: (event: DownloadProgress) => void;
  /** Abort an attempt after this long without receiving a byte (default 30 000 ms). */
  timeoutMs?: number;
  /** Extra attempts for stalls, cut connections, network errors, 5xx and 429 (default 3). */
  retries?: number;
  /** Delay before the first retry, doubling each time (default 1000 ms). */
  retryDelayMs?: number;
  /**
   * Converts `hub-convert` models (safetensors to ONNX) once their source repo is downloaded into
   * `<home>/sources/`. Without one, such models must already be installed (`akidb models pull`).
   */
  converter?: ModelConverter;
}

/** Per-call options of `ensure` and `pull`. */
export interface EnsureOptions {
  signal?: AbortSignal;
  /** Override the store's `progress` setting for this call. */
  progress?: boolean;
}

/** Installs, verifies and removes models under `<home>/models/<id>/`. */
export interface ModelStore {
  readonly home: string;
  readonly endpoint: string;
  readonly offline: boolean;
  /** The verified model dir; downloads what is missing (single-flight per model). */
  ensure(manifest: ModelManifest, options?: EnsureOptions): Promise<string>;
  /** `ensure` with progress on stderr (a bar on a TTY, a line per file otherwise), for the CLI. */
  pull(manifest: ModelManifest, options?: EnsureOptions): Promise<string>;
  /** Per-file present/missing/size, without hashing or network. */
  status(manifest: ModelManifest): Promise<ModelStatus>;
  /** Deletes an installed model; resolves `false` when it was not installed. */
  remove(id: string): Promise<boolean>;
}

/**
 * Creates a model store. Missing files of Hub models are downloaded from
 * `${endpoint}/${repo}/resolve/${revision}/${remotePath}` with resume, retries, a stall timeout and
 * sha256 verification; nothing is ever fetched when offline.
 *
 * @example
 * const registry = await loadRegistry({ manifestsDirs: ['models'] });
 * const store = createModelStore();
 * const dir = await store.ensure(registry.get('bge-small'));
 */
export function createModelStore(options: ModelStoreOptions = {}): ModelStore {
  const env = process.env;
  const home = options.home ?? resolveAkidbHome(env);
  const endpoint = (options.endpoint ?? (env.HF_ENDPOINT?.trim() || 'https://huggingface.co')).replace(
    /\/+$/,
    '',
  );
  const offline = options.offline ?? isOfflineEnv(env);
  const token = options.token ?? env.HF_TOKEN?.trim();
  const headers: Record<string, string> = { 'User-Agent': 'akidb-model-store' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const printer = createProgressPrinter(process.stderr);
  const flights = new SingleFlight<string>();
  const base: Omit<InstallConfig, 'onProgress'> = {
    endpoint,
    offline,
    fetch: options.fetch ?? globalThis.fetch,
    headers,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 1000,
    converter: options.converter,
    sourcesDir: join(home, 'sources'),
  };

  const ensure = (manifest: ModelManifest, call: EnsureOptions = {}): Promise<string> => {
    const draw = call.progress ?? options.progress ?? process.stderr.isTTY === true;
    const onProgress = (event: DownloadProgress): void => {
      if (draw) printer(event);
      options.onProgress?.(event);
    };
    const dir = modelDirectory(manifest.id, home);
    return flights.run(
      manifest.id,
      call.signal,
      (reason) => cancelledError(manifest.id, reason),
      (signal) => installModel(manifest, dir, { ...base, onProgress }, signal),
    );
  };

  return {
    home,
    endpoint,
    offline,
    ensure,
    pull: (manifest, call = {}) => ensure(manifest, { ...call, progress: call.progress ?? true }),
    async status(manifest) {
      if (!isValidModelId(manifest.id)) throw invalidModelIdError(manifest.id);
      return modelStatus(manifest, modelDirectory(manifest.id, home));
    },
    async remove(id) {
      if (!isValidModelId(id)) {
        throw new AkidbError(
          'MODEL_NOT_FOUND',
          `${JSON.stringify(id.slice(0, 100))} is not a valid model id`,
          {
            details: { model: id },
          },
        );
      }
      await flights.settled(id);
      const dir = modelDirectory(id, home);
      const existed = await stat(dir).then(
        () => true,
        () => false,
      );
      await rm(dir, { recursive: true, force: true });
      return existed;
    },
  };
}
