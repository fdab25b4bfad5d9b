import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; output: string[] } {
  const output: string[] = [];
  const stream = { isTTY, columns: 80, write: (chunk: string) => output.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, output };
}

describe('createProgress', () => {
  it('redraws one line on a terminal and clears it when done', () => {
    const { stream, output } = fakeStream(true);
    const progress = createProgress(stream);
    progress.plan(4);
    progress.advance(1, 'minilm · short × 8');
    const line = output.at(-1) ?? '';
    expect(line.startsWith('\r\u001b[2K')).toBe(true);
    expect(line.slice(5)).toMatch(/^█{7}░{21}\s+25% .*minilm · short × 8$/);
    expect(line.length).toBeLessThan(80 + 5);
    progress.done();
    expect(output.at(-1)).toBe('\r\x1b[2K');
  });

  it('stays silent when stderr is not a terminal', () => {
    const { stream, output } = fakeStream(false);
    const progress = createProgress(stream);
    progress.plan(2);
    progress.advance(2, 'x');
    progress.done();
    expect(output).toEqual([]);
  });
});
