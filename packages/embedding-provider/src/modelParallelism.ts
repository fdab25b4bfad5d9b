import { availableParallelism } from 'node:os';
import type { ModelManifest } from '@akidb/registry';
import type { ExecutionProviderSpec, Parallelism } from '@akidb/session';
import { planParallelism } from '@akidb/session';

/** What decides a model's replicas and threads besides its size. */
export interface ParallelismSettings {
  /** Replicas asked for (default: planned). */
  replicas?: number | undefined;
  /** Intra-op threads per replica asked for (default: planned). */
  threads?: number | undefined;
  /** Execution providers in order of preference; a GPU first means one replica unless asked otherwise. */
  executionProviders?: readonly ExecutionProviderSpec[] | undefined;
  /** Cores to plan for (default `os.availableParallelism()`). */
  cores?: number | undefined;
}

/**
 * Replicas x threads for a model: explicit settings win; otherwise `planParallelism` decides from the
 * core count and the model's file size (several small replicas for a small model, one replica on every
 * core for a big one). A model preferring a non-CPU execution provider gets one replica: a GPU
 * session already runs a batch across the device.
 *
 * @example
 * modelParallelism(manifest, { cores: 16 }); // { replicas: 16, threads: 1 } for all-MiniLM-L6-v2
 */
export function modelParallelism(manifest: ModelManifest, settings: ParallelismSettings = {}): Parallelism {
  const cores = settings.cores ?? availableParallelism();
  const first = settings.executionProviders?.[0];
  const firstName = typeof first === 'string' ? first : first?.name;
  const onGpu = firstName !== undefined && firstName !== 'cpu';
  let modelBytes = 0;
  for (const file of manifest.files) {
    if (file.role === 'model' || file.role === 'model-data') modelBytes += file.size ?? 0;
  }
  return planParallelism({
    cores,
    modelBytes,
    ...(settings.replicas === undefined ? (onGpu ? { replicas: 1 } : {}) : { replicas: settings.replicas }),
    ...(settings.threads === undefined ? {} : { threads: settings.threads }),
  });
}
