import { median } from '../measure/stats.js';
import type { GoalResult, ModelReport } from './reportTypes.js';

/** The targets: throughput ratios AkiDB ÷ peer. */
export const GOALS = {
  equalWorkVsBareOrt: 0.97,
  mixedVsNaiveBareOrt: 1.15,
  mixedVsTransformersJs: 1.35,
} as const;

/**
 * Evaluates the goals for one model: at equal work (median over the grid's cells) against bare ORT,
 * and on the mixed corpus in arrival order against the naive bare-ORT feed and transformers.js.
 */
export function evaluateGoals(model: ModelReport): GoalResult[] {
  const equalWork = model.grid.map((cell) => cell.oursOverBareOrt).filter((r): r is number => r !== null);
  return [
    goal(
      model.id,
      'AkiDB ÷ bare ORT at equal work (median over grid cells)',
      GOALS.equalWorkVsBareOrt,
      equalWork.length ? median(equalWork) : null,
    ),
    goal(
      model.id,
      'AkiDB ÷ naive bare-ORT feed, mixed corpus in arrival order',
      GOALS.mixedVsNaiveBareOrt,
      model.mixed.oursOverBareNaive,
    ),
    goal(
      model.id,
      'AkiDB ÷ transformers.js, mixed corpus in arrival order',
      GOALS.mixedVsTransformersJs,
      model.mixed.oursOverTransformersJs,
    ),
  ];
}

function goal(model: string, name: string, target: number, value: number | null): GoalResult {
  return { model, goal: name, target, value, met: value === null ? null : value >= target };
}
