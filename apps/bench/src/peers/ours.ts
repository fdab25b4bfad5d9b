import type { EmbedTimings } from '@akidb/core';
import type { OnnxEmbeddingProvider } from '@akidb/embedding-provider';
import { loadOnnxEmbeddingProvider } from '@akidb/embedding-provider';
import type { Job } from '../measure/interleave.js';
import { timed } from '../measure/interleave.js';
import type { Contender, ThreadSettings } from './contender.js';

/** One timed call of ours with the provider's own account of where the time went. */
export interface ProfiledSample extends EmbedTimings {
  wallMs: number;
}

/** AkiDB's provider: tokenize, length-sort, batch (32), pad, infer, pool, normalise. */
export class OursContender implements Contender {
  readonly id = 'ours' as const;
  readonly provider: OnnxEmbeddingProvider;

  private constructor(provider: OnnxEmbeddingProvider) {
    this.provider = provider;
  }

  /** Loads the model in `modelDir` with `threads`, as the server would (`runIn` unset: its default). */
  static async load(
    modelDir: string,
    threads: ThreadSettings,
    runIn: 'worker' | 'main' | null = null,
  ): Promise<OursContender> {
    const provider = await loadOnnxEmbeddingProvider({
      modelDir,
      session: { ...threads, executionProviders: ['cpu'], ...(runIn ? { runIn } : {}) },
    });
    return new OursContender(provider);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return (await this.provider.embed(texts)).embeddings;
  }

  async batchJob(texts: readonly string[]): Promise<Job> {
    return timed(() => this.provider.embed(texts));
  }

  async corpusJob(texts: readonly string[]): Promise<Job> {
    return timed(() => this.provider.embed(texts));
  }

  /** Like {@link batchJob}, and records the provider's timings of every run in `sink`. */
  profiledJob(texts: readonly string[], sink: ProfiledSample[]): Job {
    return async () => {
      const started = performance.now();
      const { timings } = await this.provider.embed(texts);
      const wallMs = performance.now() - started;
      sink.push({ ...timings, wallMs });
      return wallMs;
    };
  }

  async dispose(): Promise<void> {
    await this.provider.dispose();
  }
}
