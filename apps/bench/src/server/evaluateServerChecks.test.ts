import { describe, expect, it } from 'vitest';
import type { ServerCheck } from '../report/serverReportTypes.js';
import { evaluateServerChecks } from './evaluateServerChecks.js';
import { testComparison, testLevel } from './testComparison.js';

function byId(checks: ServerCheck[]): Record<string, ServerCheck> {
  return Object.fromEntries(checks.map((check) => [check.id, check]));
}

describe('evaluateServerChecks', () => {
  it('derives every check of the issue from the levels and the yardstick', () => {
    const { contenders, inProcess } = testComparison();
    const checks = byId(evaluateServerChecks(contenders, inProcess));
    expect(Object.keys(checks)).toEqual([
      'server-64-vs-in-process',
      'batching-on-off-32',
      'never-falls-8-64',
      'vs-infinity-onnx-32x1',
      'vs-infinity-onnx-64x1',
      'vs-infinity-onnx-4x32',
      'idle-p50-vs-in-process',
    ]);
    // 64 clients: (690 + 710) / 2 = 700 texts/s against 800 in-process: 0.875 ≥ 0.85.
    expect(checks['server-64-vs-in-process']).toMatchObject({ value: 0.875, met: true, comparison: '>=' });
    expect(checks['server-64-vs-in-process']?.perRound).toEqual([690 / 800, 710 / 800]);
    // 700 on ÷ 350 off = 2.0 ≥ 1.8.
    expect(checks['batching-on-off-32']).toMatchObject({ value: 2, met: true });
    // 8 → 32 → 64: 600, 700, 700: least step 1.0, never falls.
    expect(checks['never-falls-8-64']).toMatchObject({ value: 1, met: true });
    // 700 ÷ 400 = 1.75 met; 700 ÷ 500 = 1.4 missed; 720 ÷ 450 = 1.6 met.
    expect(checks['vs-infinity-onnx-32x1']).toMatchObject({ value: 1.75, met: true });
    expect(checks['vs-infinity-onnx-64x1']).toMatchObject({ value: 1.4, met: false });
    expect(checks['vs-infinity-onnx-4x32']).toMatchObject({ value: 1.6, met: true });
    // p50 2 ms ÷ 1.6 ms = 1.25 ≤ 1.3: an upper bound.
    expect(checks['idle-p50-vs-in-process']).toMatchObject({ comparison: '<=', met: true });
    expect(checks['idle-p50-vs-in-process']?.value).toBeCloseTo(1.25, 10);
  });

  it('sees throughput fall between 8 and 64 clients in any step, per round too', () => {
    const { contenders, inProcess } = testComparison();
    const ours = contenders[0];
    if (!ours) throw new Error('fixture');
    ours.levels[3] = testLevel(64, 1, [630, 700]);
    const check = byId(evaluateServerChecks(contenders, inProcess))['never-falls-8-64'];
    expect(check?.value).toBeCloseTo(665 / 700, 10);
    expect(check?.met).toBe(false);
    expect(check?.perRound).toEqual([630 / 700, 1]);
  });

  it('says what is missing instead of guessing when a side was not measured', () => {
    const { contenders } = testComparison();
    const skipped = contenders.map((c) =>
      c.id === 'infinityOnnx'
        ? { ...c, status: 'skipped' as const, reason: 'venv not prepared', levels: [] }
        : c,
    );
    const checks = byId(evaluateServerChecks(skipped, null));
    expect(checks['server-64-vs-in-process']).toMatchObject({
      value: null,
      met: null,
      missing: 'no in-process yardstick in this run',
    });
    expect(checks['vs-infinity-onnx-32x1']?.missing).toBe('Infinity ONNX skipped: venv not prepared');
    expect(checks['batching-on-off-32']?.met).toBe(true);
  });

  it('needs two single-text levels between 8 and 64 clients for the monotonic check', () => {
    const { contenders, inProcess } = testComparison();
    const ours = contenders[0];
    if (!ours) throw new Error('fixture');
    ours.levels = ours.levels.filter((l) => l.clients !== 8 && l.clients !== 32);
    const check = byId(evaluateServerChecks(contenders, inProcess))['never-falls-8-64'];
    expect(check?.missing).toMatch(/fewer than two/);
  });
});
