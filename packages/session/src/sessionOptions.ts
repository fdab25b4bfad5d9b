import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { invalidInput } from './errors.js';
import type { GraphOptimizationLevel, ResolvedSessionSettings, SessionOptions } from './types.js';

const LEVELS: readonly GraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'all'];
const MODES: readonly string[] = ['sequential', 'parallel'];

function threads(option: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1 && value <= 1024)) {
    throw invalidInput(`${option} must be a whole number from 1 to 1024, got ${value}.`);
  }
  return value;
}

/** Applies defaults (intra = `os.availableParallelism()`, inter = 1, `'all'`, `'sequential'`) and checks them. */
export function resolveSettings(
  options: SessionOptions,
  cpuCount: number = availableParallelism(),
): ResolvedSessionSettings {
  const graphOptimizationLevel = options.graphOptimizationLevel ?? 'all';
  if (!LEVELS.includes(graphOptimizationLevel)) {
    throw invalidInput(
      `graphOptimizationLevel must be one of ${LEVELS.join(', ')}, got "${graphOptimizationLevel}".`,
    );
  }
  const executionMode = options.executionMode ?? 'sequential';
  if (!MODES.includes(executionMode)) {
    throw invalidInput(`executionMode must be "sequential" or "parallel", got "${executionMode}".`);
  }
  return {
    intraOpNumThreads: threads('intraOpNumThreads', options.intraOpNumThreads ?? cpuCount),
    interOpNumThreads: threads('interOpNumThreads', options.interOpNumThreads ?? 1),
    graphOptimizationLevel,
    executionMode,
  };
}

/**
 * `allowSpinning` as an ORT session config entry. onnxruntime-node flattens `extra` into dotted keys
 * (`session.intra_op.allow_spinning`) and passes each to `AddSessionConfigEntry`; values must be strings.
 */
function spinningEntry(allow: boolean): Record<string, unknown> {
  return { session: { intra_op: { allow_spinning: allow ? '1' : '0' } } };
}

/**
 * The onnxruntime-node session options for `settings` plus the pass-through flags. Execution
 * providers and the optimised-model path are added per load attempt.
 */
export function toOrtSessionOptions(
  settings: ResolvedSessionSettings,
  options: SessionOptions,
): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: settings.intraOpNumThreads,
    interOpNumThreads: settings.interOpNumThreads,
    graphOptimizationLevel: settings.graphOptimizationLevel,
    executionMode: settings.executionMode,
    ...(options.enableCpuMemArena === undefined ? {} : { enableCpuMemArena: options.enableCpuMemArena }),
    ...(options.enableMemPattern === undefined ? {} : { enableMemPattern: options.enableMemPattern }),
    ...(options.logSeverityLevel === undefined ? {} : { logSeverityLevel: options.logSeverityLevel }),
    ...(options.allowSpinning === undefined ? {} : { extra: spinningEntry(options.allowSpinning) }),
  };
}
