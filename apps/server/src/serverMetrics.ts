import type {
  BatchReport,
  CacheEventInfo,
  EmbeddingResult,
  ModelSummary,
  ServiceCacheStats,
  SessionPoolStats,
} from '@akidb/embedding-provider';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where the metrics read live state from at scrape time. */
export interface MetricSources {
  cacheStats?: () => ServiceCacheStats;
  queueDepths?: () => Map<string, number>;
  models?: () => ModelSummary[];
  replicaStats?: () => Map<string, SessionPoolStats>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const CACHE_COUNTERS = [
  ['hits', 'Model cache hits'],
  ['misses', 'Model cache misses'],
  ['loads', 'Models loaded'],
  ['loadFailures', 'Model loads that failed'],
  ['evictions', 'Models evicted'],
] as const;

/**
 * The server's Prometheus metrics, in a registry of their own (so several servers can live in one
 * process): HTTP requests, per-stage latency, batches, queue depth, tokens and the model cache.
 */
export class ServerMetrics {
  readonly registry: Registry = new Registry();
  readonly sources: MetricSources = {};
  readonly #requests: Counter<'route' | 'method' | 'status'>;
  readonly #requestSeconds: Histogram<'route' | 'method'>;
  readonly #inFlight: Gauge;
  readonly #stageSeconds: Histogram<'model' | 'stage'>;
  readonly #tokens: Counter<'model'>;
  readonly #batchSize: Histogram<'model'>;
  readonly #batchPaddedTokens: Histogram<'model'>;
  readonly #batchSeconds: Histogram<'model' | 'outcome'>;
  readonly #cacheEvents: Counter<'type' | 'model'>;
  readonly #modelLoadSeconds: Histogram<'model'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'akidb_' });
    this.#requests = new Counter({
      name: 'akidb_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: 'akidb_http_request_duration_seconds',
      help: 'HTTP request latency, end to end',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'akidb_http_requests_in_flight',
      help: 'HTTP requests being handled now (received, response not yet produced)',
      registers,
    });
    this.#stageSeconds = new Histogram({
      name: 'akidb_embed_stage_duration_seconds',
      help: 'Time of embedding requests per stage: queue, tokenize, inference',
      labelNames: ['model', 'stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#tokens = new Counter({
      name: 'akidb_tokens_total',
      help: 'Tokens embedded (special tokens included, after truncation)',
      labelNames: ['model'],
      registers,
    });
    this.#batchSize = new Histogram({
      name: 'akidb_batch_size',
      help: 'Texts per inference batch',
      labelNames: ['model'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.#batchPaddedTokens = new Histogram({
      name: 'akidb_batch_padded_tokens',
      help: 'Padded tokens (longest x rows) per inference batch',
      labelNames: ['model'],
      buckets: [64, 256, 1024, 4096, 16_384, 65_536],
      registers,
    });
    this.#batchSeconds = new Histogram({
      name: 'akidb_batch_duration_seconds',
      help: 'Inference time per batch',
      labelNames: ['model', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const sources = this.sources;
    new Gauge({
      name: 'akidb_queue_depth',
      help: 'Texts waiting for a batch, per model',
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const [model, depth] of sources.queueDepths?.() ?? []) this.set({ model }, depth);
      },
    });
    this.#cacheEvents = new Counter({
      name: 'akidb_model_cache_events_total',
      help: 'Model cache events (hit, miss, load, load_error, evict, dispose) by model',
      labelNames: ['type', 'model'],
      registers,
    });
    this.#modelLoadSeconds = new Histogram({
      name: 'akidb_model_load_duration_seconds',
      help: 'Time to load a model',
      labelNames: ['model'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    for (const [key, help] of CACHE_COUNTERS) {
      const name = key === 'loadFailures' ? 'load_failures' : key;
      new Counter({
        name: `akidb_model_cache_${name}_total`,
        help,
        registers,
        collect() {
          const stats = sources.cacheStats?.();
          if (!stats) return;
          this.reset();
          this.inc(stats[key]);
        },
      });
    }
    new Gauge({
      name: 'akidb_model_loaded_info',
      help: 'A loaded model and the execution provider actually running it (value 1)',
      labelNames: ['model', 'execution_provider'],
      registers,
      collect() {
        this.reset();
        for (const model of sources.models?.() ?? []) {
          if (model.loaded && model.executionProvider !== undefined) {
            this.set({ model: model.id, execution_provider: model.executionProvider }, 1);
          }
        }
      },
    });
    new Gauge({
      name: 'akidb_model_replicas',
      help: 'Session replicas of each loaded model, by state (alive, restarting)',
      labelNames: ['model', 'state'],
      registers,
      collect() {
        this.reset();
        for (const [model, stats] of sources.replicaStats?.() ?? []) {
          this.set({ model, state: 'alive' }, stats.alive);
          this.set({ model, state: 'restarting' }, stats.restarting);
        }
      },
    });
    new Gauge({
      name: 'akidb_model_replica_restarts',
      help: 'Replicas restarted after their worker died, per loaded model (since it was loaded)',
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const [model, stats] of sources.replicaStats?.() ?? []) this.set({ model }, stats.restarts);
      },
    });
    new Gauge({
      name: 'akidb_model_cache_bytes',
      help: 'Approximate memory of the loaded models',
      registers,
      collect() {
        const stats = sources.cacheStats?.();
        if (stats) this.set(stats.bytes);
      },
    });
    new Gauge({
      name: 'akidb_models_loaded',
      help: 'Models loaded now',
      registers,
      collect() {
        const stats = sources.cacheStats?.();
        if (stats) this.set(stats.loaded.length);
      },
    });
  }

  /** A request arrived (`+1`) or its response was produced (`-1`). */
  trackInFlight(delta: 1 | -1): void {
    this.#inFlight.inc(delta);
  }

  /** One finished HTTP request. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.#requests.inc({ route, method, status: String(status) });
    this.#requestSeconds.observe({ route, method }, seconds);
  }

  /** One successful embedding request: stage latencies and tokens. */
  observeEmbed(result: EmbeddingResult): void {
    const { model, timings } = result;
    this.#stageSeconds.observe({ model, stage: 'queue' }, timings.queueMs / 1000);
    this.#stageSeconds.observe({ model, stage: 'tokenize' }, timings.tokenizeMs / 1000);
    this.#stageSeconds.observe({ model, stage: 'inference' }, timings.inferenceMs / 1000);
    this.#tokens.inc({ model }, result.usage.promptTokens);
  }

  /** One inference batch of a model (the service's `onBatch`). */
  observeBatch(report: BatchReport): void {
    this.#batchSize.observe({ model: report.model }, report.rows);
    this.#batchPaddedTokens.observe({ model: report.model }, report.paddedTokens);
    this.#batchSeconds.observe(
      { model: report.model, outcome: report.ok ? 'ok' : 'error' },
      report.durationMs / 1000,
    );
  }

  /** A model cache event from the embedding service (`onCacheEvent`). */
  observeCacheEvent(event: CacheEventInfo): void {
    this.#cacheEvents.inc({ type: event.type, model: event.model });
    if (event.type === 'load' && event.durationMs !== undefined) {
      this.#modelLoadSeconds.observe({ model: event.model }, event.durationMs / 1000);
    }
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
