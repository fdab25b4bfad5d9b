import type { ChildRpc } from '../measure/childRpc.js';
import { forkRpc } from '../measure/childRpc.js';
import type { Job } from '../measure/interleave.js';
import type { Contender } from './contender.js';
import type { FastembedInit } from './fastembedChild.js';

/**
 * fastembed (Node), driven in a child process. It takes no thread settings (ONNX Runtime's
 * default: one thread per physical core), so the report says so next to its numbers.
 */
export class FastembedContender implements Contender {
  readonly id = 'fastembed' as const;
  readonly loadMs: number;
  readonly #child: ChildRpc;
  #nextKey = 0;

  private constructor(child: ChildRpc, loadMs: number) {
    this.#child = child;
    this.loadMs = loadMs;
  }

  static async load(init: FastembedInit): Promise<FastembedContender> {
    const child = forkRpc(new URL('./fastembedChild.ts', import.meta.url));
    try {
      const { loadMs } = await child.call<{ loadMs: number }>('init', init);
      return new FastembedContender(child, loadMs);
    } catch (error) {
      await child.close();
      throw error;
    }
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors = await this.#child.call<number[][]>('embed', texts);
    return vectors.map((vector) => Float32Array.from(vector));
  }

  async batchJob(texts: readonly string[]): Promise<Job> {
    return this.#prepare(texts, texts.length);
  }

  async corpusJob(texts: readonly string[]): Promise<Job> {
    return this.#prepare(texts, 32);
  }

  async dispose(): Promise<void> {
    await this.#child.close();
  }

  /** Sends the texts ahead; the job only names them, and the child times the embedding itself. */
  async #prepare(texts: readonly string[], batchSize: number): Promise<Job> {
    const key = String(this.#nextKey++);
    await this.#child.call('prepare', { key, texts, batchSize });
    return () => this.#child.call<number>('run', key);
  }
}
