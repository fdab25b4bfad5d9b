import { describe, expect, it } from 'vitest';
import { formatTable } from './formatTable.js';

describe('formatTable', () => {
  it('pads columns to their widest cell, right-aligns where asked and leaves the last column unpadded', () => {
    const table = formatTable(
      [{ header: 'ID' }, { header: 'DIM', align: 'right' }, { header: 'REASON' }],
      [
        ['all-minilm-l6-v2', '384', ''],
        ['qwen3-embedding-8b', '4096', 'no ONNX export'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'ID                   DIM  REASON',
      'all-minilm-l6-v2     384',
      'qwen3-embedding-8b  4096  no ONNX export',
    ]);
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable([{ header: 'ID' }, { header: 'STATE' }], [])).toBe('ID  STATE');
  });
});
