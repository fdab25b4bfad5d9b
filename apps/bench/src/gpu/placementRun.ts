import * as ort from 'onnxruntime-node';
import { fullRows } from './bareOrtRun.js';
import type { NodePlacement } from './placement.js';
import { ortProviderClass, parsePlacement } from './placement.js';
import { runSelf } from './runSelf.js';

/** The flag that makes the bench entry run {@link placementChild} instead of the bench. */
export const PLACEMENT_CHILD_FLAG = '--placement-child';

/**
 * In a child process (ORT's verbose log is process-wide and goes to the console): loads `modelPath`
 * on `ep` at log level 0 and runs one small batch, so the log holds the node placement and copies.
 */
export async function placementChild(modelPath: string, ep: string): Promise<void> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 0,
  });
  await session.run(fullRows(session.inputNames, 2, 16));
  await session.release();
}

/** Runs {@link placementChild} in a new process of this same entry point and parses its log. */
export async function runPlacement(
  modelPath: string,
  ep: string,
): Promise<NodePlacement & { error?: string }> {
  const { code, output: log } = await runSelf([PLACEMENT_CHILD_FLAG, modelPath, ep]);
  const placement = parsePlacement(log, ortProviderClass(ep));
  const tail = log.trim().split('\n').slice(-3).join(' | ');
  return code === 0 ? placement : { ...placement, error: `exit ${code}: ${tail}` };
}
