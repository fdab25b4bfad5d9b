import { describe, expect, it } from 'vitest';
import { markdownTable, timesWithRange } from './markdownTable.js';
import { reproduceCommand } from './publishDocs.js';

describe('markdownTable', () => {
  it('pads columns like the formatter and right-aligns numeric ones', () => {
    const table = markdownTable(
      ['model', 'ratio'],
      [
        ['minilm', '0.98x (0.95–1.01)'],
        ['a|b', '–'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| model  |             ratio |',
      '| ------ | ----------------: |',
      '| minilm | 0.98x (0.95–1.01) |',
      '| a\\|b   |                 – |',
    ]);
  });

  it('formats ratios with and without a range', () => {
    expect(timesWithRange(1.234, [1.1, 1.3])).toBe('1.23x (1.10–1.30)');
    expect(timesWithRange(0.5, null)).toBe('0.50x');
    expect(timesWithRange(null, [1, 2])).toBe('–');
  });
});

describe('reproduceCommand', () => {
  it('drops the output dir and always publishes', () => {
    expect(reproduceCommand('bench --models a,b --out /tmp/x --publish-docs')).toBe(
      'pnpm --filter @akidb/bench bench --models a,b --publish-docs',
    );
    expect(reproduceCommand('bench')).toBe('pnpm --filter @akidb/bench bench --publish-docs');
  });
});
