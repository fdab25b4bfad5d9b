// Measures the embedding cache, long inputs and the response size per encoding, with the real model.
//
//   pnpm data:bench [--model all-minilm-l6-v2] [--texts 10000]
//
// 1. 10,000 distinct STS-B train sentences embedded through service.embed (requests of 256 texts), then the
//    same again: the second run is answered by the cache. 2. Latency of a one-text request that hits.
// 3. A fresh service over the LMDB store written in 1 (a restart): the same texts from disk.
// 4. Bytes of a /v1/embeddings response of 32 texts in each encoding_format (in-process Hono fetch).
// Numbers are only meaningful on an otherwise idle machine.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { modelDirectory } from '@akidb/core';
import { createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { createServer } from '@akidb/server';
import { readStsb } from './stsb.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'all-minilm-l6-v2' },
    texts: { type: 'string', default: '10000' },
  },
});
const model = values.model;
const manifestsDirs = [new URL('../../../models', import.meta.url).pathname];
const texts = [...new Set(readStsb('train').flatMap((pair) => [pair.sentence1, pair.sentence2]))].slice(
  0,
  Number(values.texts),
);
const store = mkdtempSync(join(tmpdir(), 'akidb-bench-cache-'));
// A home holding only the prepared model, whatever else the shared model home holds.
const home = mkdtempSync(join(tmpdir(), 'akidb-bench-home-'));
mkdirSync(join(home, 'models'));
symlinkSync(modelDirectory(model), join(home, 'models', model), 'dir');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function embedAll(service: EmbeddingService): Promise<{ seconds: number; hits: number }> {
  const started = performance.now();
  let hits = 0;
  for (let at = 0; at < texts.length; at += 256) {
    const result = await service.embed({ model, texts: texts.slice(at, at + 256) });
    hits += result.cacheHits ?? 0;
  }
  return { seconds: (performance.now() - started) / 1000, hits };
}

const open = () =>
  createEmbeddingService({
    manifestsDirs,
    home,
    offline: true,
    embeddingCache: { maxMemoryBytes: 512 * 1024 * 1024, store: { path: store } },
  });

say(`model ${model}, ${texts.length} distinct texts (STS-B train)`);
const service = await open();
await service.preload([model]);
const first = await embedAll(service);
say(
  `first run:  ${first.seconds.toFixed(2)} s (${(texts.length / first.seconds).toFixed(0)} texts/s), ${first.hits} hits`,
);
const second = await embedAll(service);
say(
  `second run: ${second.seconds.toFixed(3)} s, ${second.hits} hits, ${(first.seconds / second.seconds).toFixed(0)}x faster`,
);

const latencies: number[] = [];
for (let i = 0; i < 2000; i++) {
  const text = texts[i % texts.length] as string;
  const started = performance.now();
  await service.embed({ model, texts: [text] });
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const at = (q: number) => (latencies[Math.floor(q * (latencies.length - 1))] as number).toFixed(3);
say(`one-text hit through service.embed: median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
say(`cache: ${JSON.stringify(service.embeddingCacheStats())}`);
await service.close();

const restarted = await open();
const fromDisk = await embedAll(restarted);
say(
  `after a restart (LMDB store): ${fromDisk.seconds.toFixed(3)} s, ${fromDisk.hits} hits, model loaded: ${restarted.isLoaded(model)}`,
);
await restarted.close();
rmSync(store, { recursive: true, force: true });

const server = await createServer({ logLevel: 'silent', manifestsDirs, home });
const sample = texts.slice(0, 32);
say('response bytes of POST /v1/embeddings, 32 texts:');
for (const format of ['float', 'base64', 'int8', 'uint8', 'binary', 'ubinary']) {
  const response = await server.app.fetch(
    new Request('http://bench/v1/embeddings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: sample, encoding_format: format }),
    }),
  );
  const bytes = (await response.arrayBuffer()).byteLength;
  say(`  ${format.padEnd(8)} ${String(bytes).padStart(7)} bytes (${response.status})`);
}
await server.context.service.close();
rmSync(home, { recursive: true, force: true });
