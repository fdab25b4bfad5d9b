/**
 * Shows whether `allowSpinning` reaches ONNX Runtime: CPU time the process burns while idle right after
 * a batch, with spinning unset (ORT's default), on and off. Not a benchmark; run it on a quiet machine.
 *
 *   node --conditions=@akidb/source --import tsx packages/session/scripts/measureSpinning.ts [threads]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createSession } from '../src/createSession.js';
import { miniLmBatch, miniLmModelPath } from '../src/testModels.js';

const threads = Number(process.argv[2] ?? 2);
const IDLE_MS = 300;
const ROUNDS = 5;

for (const allowSpinning of [undefined, true, false]) {
  const session = await createSession(miniLmModelPath(), {
    intraOpNumThreads: threads,
    ...(allowSpinning === undefined ? {} : { allowSpinning }),
  });
  const idleCpuMs: number[] = [];
  const runCpuMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const beforeRun = process.cpuUsage();
    await session.runEncoder(miniLmBatch(8, 64, round + 1));
    const ran = process.cpuUsage(beforeRun);
    runCpuMs.push((ran.user + ran.system) / 1000);
    const before = process.cpuUsage();
    await sleep(IDLE_MS);
    const used = process.cpuUsage(before);
    idleCpuMs.push((used.user + used.system) / 1000);
  }
  await session.release();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  console.log(
    `allowSpinning=${String(allowSpinning).padEnd(9)} threads=${threads}: ` +
      `CPU during ${IDLE_MS} ms idle after a batch, median ${median(idleCpuMs).toFixed(1)} ms ` +
      `(${idleCpuMs.map((ms) => ms.toFixed(1)).join(', ')}); CPU of the 8x64 batch, median ${median(runCpuMs).toFixed(1)} ms`,
  );
}
