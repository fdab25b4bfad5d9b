import type { EncodedText } from '@akidb/core';
import type { Job, RepetitionPolicy } from '../measure/interleave.js';
import { interleave } from '../measure/interleave.js';
import { median } from '../measure/stats.js';
import type { BareOrtContender } from '../peers/bareOrt.js';
import { planFeed } from '../peers/batching.js';
import type { OursContender, ProfiledSample } from '../peers/ours.js';
import type { Breakdown } from '../report/reportTypes.js';

/** A named list of texts to profile ours on. */
export interface Workload {
  name: string;
  texts: readonly string[];
}

/**
 * Where ours' time goes: the provider's own tokenize / inference / pooling timings, padding and
 * tensor building timed on the same inputs, and bare `session.run` on the same (length-sorted)
 * batches, all interleaved round by round.
 *
 * @example
 * const rows = await runBreakdown(ours, bareOrt, [{ name: 'mixed corpus', texts: corpus }], policy);
 */
export async function runBreakdown(
  ours: OursContender,
  bareOrt: BareOrtContender,
  workloads: readonly Workload[],
  policy: RepetitionPolicy,
): Promise<Breakdown[]> {
  const rows: Breakdown[] = [];
  for (const workload of workloads) {
    const profile: ProfiledSample[] = [];
    const samples = await interleave(
      [
        { id: 'ours', job: ours.profiledJob(workload.texts, profile) },
        { id: 'bare', job: bareOrt.feedJob(workload.texts, 'length') },
        { id: 'tensor', job: tensorJob(bareOrt, workload.texts) },
      ],
      policy,
    );
    const measured = profile.slice(-(samples.get('ours')?.length ?? 0));
    const wallMs = median(measured.map((s) => s.wallMs));
    const tokenizeMs = median(measured.map((s) => s.tokenizeMs));
    const inferenceMs = median(measured.map((s) => s.inferenceMs));
    const poolingMs = median(measured.map((s) => s.poolingMs));
    const tensorMs = median(samples.get('tensor') ?? [0]);
    rows.push({
      workload: workload.name,
      wallMs,
      tokenizeMs,
      tensorMs,
      inferenceMs,
      poolingMs,
      otherMs: Math.max(0, wallMs - tokenizeMs - tensorMs - inferenceMs - poolingMs),
      bareOrtMs: median(samples.get('bare') ?? [0]),
    });
  }
  return rows;
}

/** Pads the texts' encodings into length-sorted batches of 32 and wraps them as tensors. */
function tensorJob(bareOrt: BareOrtContender, texts: readonly string[]): Job {
  const encoded = bareOrt.encode(texts);
  const batches = planFeed(
    encoded.map((e) => e.tokenCount),
    32,
    'length',
  ).map((positions) => positions.map((p) => encoded[p] as EncodedText));
  return async () => {
    const started = performance.now();
    for (const rows of batches) bareOrt.buildFeed(rows);
    return performance.now() - started;
  };
}
