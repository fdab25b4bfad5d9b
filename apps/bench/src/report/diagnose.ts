import type { GoalResult, ModelReport } from './reportTypes.js';

/**
 * For each missed goal of `model`, a note saying where AkiDB's time goes relative to bare ORT,
 * from the breakdown: tokenization, padding and tensors, the session call beyond bare
 * `session.run` (thread hop, output copy), pooling, and the rest.
 *
 * @example
 * notes.push(...diagnose(model, goals));
 */
export function diagnose(model: ModelReport, goals: readonly GoalResult[]): string[] {
  const missed = goals.filter((goal) => goal.model === model.id && goal.met === false);
  if (missed.length === 0) return [];
  const rows = model.breakdown.map((b) => {
    const overhead = b.wallMs - b.bareOrtMs;
    const parts = [
      ['tokenize', b.tokenizeMs],
      ['pad + tensors', b.tensorMs],
      ['session call beyond bare run (thread hop, output copy)', b.inferenceMs - b.bareOrtMs],
      ['pooling', b.poolingMs],
      ['other', b.otherMs],
    ] as const;
    const split = parts.map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`).join(', ');
    return `${b.workload}: wall ${b.wallMs.toFixed(2)} ms vs bare ORT ${b.bareOrtMs.toFixed(2)} ms (${overhead >= 0 ? '+' : ''}${overhead.toFixed(2)} ms): ${split}`;
  });
  const names = missed.map(
    (goal) => `${goal.goal} (${goal.value?.toFixed(3)}x < ${goal.target.toFixed(2)}x)`,
  );
  return [
    `${model.id} missed ${names.join('; ')}. Where the time goes, median per call: ${rows.join(' | ') || 'no breakdown (bare ORT did not run)'}.`,
  ];
}
