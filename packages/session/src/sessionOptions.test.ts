import { describe, expect, it } from 'vitest';
import { resolveSettings, toOrtSessionOptions } from './sessionOptions.js';

describe('resolveSettings', () => {
  it('defaults intra-op threads to the CPU count, inter-op to 1, optimisation to all, sequential', () => {
    expect(resolveSettings({}, 12)).toEqual({
      intraOpNumThreads: 12,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
  });

  it('keeps explicit values', () => {
    const options = { intraOpNumThreads: 3, interOpNumThreads: 2, graphOptimizationLevel: 'basic' } as const;
    expect(resolveSettings({ ...options, executionMode: 'parallel' }, 12)).toEqual({
      ...options,
      executionMode: 'parallel',
    });
  });

  it('rejects thread counts that are not whole numbers from 1, and unknown levels', () => {
    expect(() => resolveSettings({ intraOpNumThreads: 0 })).toThrow(/intraOpNumThreads/);
    expect(() => resolveSettings({ interOpNumThreads: 1.5 })).toThrow(/interOpNumThreads/);
    expect(() => resolveSettings({ graphOptimizationLevel: 'max' as never })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});

describe('toOrtSessionOptions', () => {
  const settings = resolveSettings({}, 4);

  it('sets threads, level and mode explicitly and passes the memory flags through only when given', () => {
    expect(toOrtSessionOptions(settings, {})).toEqual({
      intraOpNumThreads: 4,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
    expect(
      toOrtSessionOptions(settings, {
        enableCpuMemArena: false,
        enableMemPattern: true,
        logSeverityLevel: 3,
      }),
    ).toMatchObject({ enableCpuMemArena: false, enableMemPattern: true, logSeverityLevel: 3 });
  });

  it('maps allowSpinning to the session config entry session.intra_op.allow_spinning, only when given', () => {
    expect(toOrtSessionOptions(settings, {})).not.toHaveProperty('extra');
    expect(toOrtSessionOptions(settings, { allowSpinning: false }).extra).toEqual({
      session: { intra_op: { allow_spinning: '0' } },
    });
    expect(toOrtSessionOptions(settings, { allowSpinning: true }).extra).toEqual({
      session: { intra_op: { allow_spinning: '1' } },
    });
  });
});
