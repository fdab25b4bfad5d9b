import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { miniLmBatch, miniLmModelPath, rejectionOf } from './testModels.js';
import { isWorkerLoss, spawnSessionWorker, WorkerSessionHost } from './workerSessionHost.js';

const OPTIONS = { intraOpNumThreads: 1, executionProviders: [{ name: 'cpu' }] };

/** MiniLM feeds for `runEncoder`-free use of the native session. */
function feeds(batchSize: number, seqLength: number) {
  const batch = miniLmBatch(batchSize, seqLength);
  const dims = [batchSize, seqLength];
  return {
    input_ids: new Tensor('int64', batch.inputIds as BigInt64Array, dims),
    attention_mask: new Tensor('int64', batch.attentionMask as BigInt64Array, dims),
    token_type_ids: new Tensor('int64', new BigInt64Array(batchSize * seqLength), dims),
  };
}

/** A stand-in worker speaking the protocol: answers `create` with a one-input model, then exits on `run`. */
const DIES_ON_RUN = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => {
  if (request.op !== 'create') process.exit(9);
  const meta = [{ name: 'input_ids', isTensor: true, type: 'int64', shape: ['b', 's'] }];
  parentPort.postMessage({
    id: request.id,
    ok: true,
    value: { inputNames: ['input_ids'], outputNames: ['out'], inputMetadata: meta, outputMetadata: [] },
  });
});`;

describe('WorkerSessionHost', () => {
  it('creates, runs and releases a session in its worker, then ends the worker on close', async () => {
    let worker: Worker | undefined;
    const host = new WorkerSessionHost(miniLmModelPath(), (gate) => {
      worker = spawnSessionWorker(gate);
      return worker;
    });
    const session = await host.create(miniLmModelPath(), OPTIONS);
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    const results = await session.run(feeds(2, 8), ['last_hidden_state'], () => true);
    expect(results.last_hidden_state?.dims).toEqual([2, 8, 384]);
    expect(results.last_hidden_state?.data).toBeInstanceOf(Float32Array);
    await session.release();
    expect(worker?.threadId).toBeGreaterThan(0);
    await host.close();
    expect(await host.exited).toBe(1);
    expect(worker?.threadId).toBe(-1);
  });

  it('fails a run with INFERENCE_FAILED when the worker dies during it, and later runs at once', async () => {
    const host = new WorkerSessionHost(miniLmModelPath(), () => new Worker(DIES_ON_RUN, { eval: true }));
    const session = await host.create(miniLmModelPath(), OPTIONS);
    const error = await rejectionOf(session.run(feeds(1, 4), undefined, () => true));
    expect(error.code).toBe('INFERENCE_FAILED');
    expect(error.message).toBe('The run did not complete: the ONNX session worker exited (code 9).');
    expect((await rejectionOf(session.run(feeds(1, 4), undefined, () => true))).code).toBe(
      'INFERENCE_FAILED',
    );
    // Nothing is left to free: releasing and closing succeed.
    await expect(session.release()).resolves.toBeUndefined();
    await expect(host.close()).resolves.toBeUndefined();
  });

  it('reports a worker that died as lost, and its failed runs as worker losses', async () => {
    const host = new WorkerSessionHost(miniLmModelPath(), () => new Worker(DIES_ON_RUN, { eval: true }));
    const session = await host.create(miniLmModelPath(), OPTIONS);
    const error = await rejectionOf(session.run(feeds(1, 4), undefined, () => true));
    expect(isWorkerLoss(error)).toBe(true);
    expect(await host.lost).toBe('exited (code 9)');
    await host.close();
  });

  it('terminate() during real runs ends the worker without aborting the process; ORT errors are no loss', async () => {
    const host = new WorkerSessionHost(miniLmModelPath());
    const session = await host.create(miniLmModelPath(), OPTIONS);
    const ortError = await session
      .run({ input_ids: feeds(1, 4).input_ids }, undefined, () => true)
      .catch((e: unknown) => e);
    expect(ortError).toBeInstanceOf(Error);
    expect(isWorkerLoss(ortError)).toBe(false);
    const runs = [1, 2, 3].map(() => session.run(feeds(8, 128), undefined, () => true));
    const outcomes = Promise.allSettled(runs);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await host.terminate();
    expect(await host.lost).toBe('was terminated');
    const settled = await outcomes;
    // Queued runs fail as worker losses; the one in progress is let finish (terminating the thread inside
    // onnxruntime-node would abort the process), and its answer is delivered only if it comes first.
    for (const result of settled) {
      if (result.status === 'fulfilled') expect(result.value.last_hidden_state?.dims).toEqual([8, 128, 384]);
      else expect(isWorkerLoss(result.reason)).toBe(true);
    }
    expect(settled[2]?.status).toBe('rejected');
    expect(isWorkerLoss(await session.run(feeds(1, 4), undefined, () => true).catch((e: unknown) => e))).toBe(
      true,
    );
    await expect(host.close()).resolves.toBeUndefined();
  });

  it('fails a run still pending when the real worker is terminated', async () => {
    let worker: Worker | undefined;
    const host = new WorkerSessionHost(miniLmModelPath(), (gate) => {
      worker = spawnSessionWorker(gate);
      return worker;
    });
    const session = await host.create(miniLmModelPath(), OPTIONS);
    // Terminated before the run reaches it: terminating a worker while it is inside onnxruntime-node
    // aborts the whole process (see nativeCallGate.ts), which is what the next test guards against.
    void worker?.terminate();
    const error = await rejectionOf(session.run(feeds(1, 4), undefined, () => true));
    expect(error.code).toBe('INFERENCE_FAILED');
    expect(error.message).toContain('exited');
    await expect(host.close()).resolves.toBeUndefined();
  });

  it('lets process.exit() during a batch exit normally, after the native call returns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'akidb-session-exit-'));
    try {
      const script = join(dir, 'exitDuringBatch.mts');
      const createSessionUrl = new URL('./createSession.ts', import.meta.url).href;
      writeFileSync(
        script,
        [
          `import { createSession } from ${JSON.stringify(createSessionUrl)};`,
          `const session = await createSession(${JSON.stringify(miniLmModelPath())}, { intraOpNumThreads: 1 });`,
          'const n = 32 * 128;',
          'const batch = { inputIds: new BigInt64Array(n).fill(2000n), attentionMask: new BigInt64Array(n).fill(1n) };',
          'void session.runEncoder({ ...batch, batchSize: 32, seqLength: 128 });',
          'setTimeout(() => process.exit(7), 50);',
        ].join('\n'),
      );
      // tsx (a dev dependency of the workspace) runs the TypeScript sources, as vitest does here.
      const child = spawnSync(process.execPath, ['--conditions=@akidb/source', '--import', 'tsx', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(child.stderr).not.toContain('terminate called');
      expect(child.signal).toBeNull();
      expect(child.status).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails a pending create with MODEL_LOAD_FAILED when the worker exits, naming only the model file', async () => {
    const host = new WorkerSessionHost(
      miniLmModelPath(),
      () =>
        new Worker("require('node:worker_threads').parentPort.once('message', () => process.exit(3));", {
          eval: true,
        }),
    );
    const error = await rejectionOf(host.create(miniLmModelPath(), OPTIONS));
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toBe(
      'Could not load ONNX model "model.onnx": the ONNX session worker exited (code 3).',
    );
    expect(await host.exited).toBe(3);
  });

  it('fails a pending create with MODEL_LOAD_FAILED when the worker throws', async () => {
    const host = new WorkerSessionHost(
      miniLmModelPath(),
      () =>
        new Worker(
          "require('node:worker_threads').parentPort.once('message', () => { throw new Error('boom'); });",
          { eval: true },
        ),
    );
    const error = await rejectionOf(host.create(miniLmModelPath(), OPTIONS));
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.message).toContain('crashed (boom)');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('passes ONNX Runtime load errors back as errors with the original message', async () => {
    const host = new WorkerSessionHost('missing.onnx');
    try {
      const error = await host.create('/nonexistent/missing.onnx', OPTIONS).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/missing\.onnx/);
    } finally {
      await host.close();
    }
  });
});
