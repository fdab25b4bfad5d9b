import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from './svg.js';
import { seriesNames, xmlProblems } from './xmlWellFormed.js';

describe('xmlProblems', () => {
  it('accepts well-formed documents', () => {
    expect(
      xmlProblems('<?xml version="1.0"?>\n<svg a="1"><g><path d="M0,0"/></g><text>a &amp; b</text></svg>\n'),
    ).toEqual([]);
  });

  it('finds nesting, escaping and root problems', () => {
    expect(xmlProblems('<svg><g></svg>')).toContain('</svg> closes <g>');
    expect(xmlProblems('<svg><text>a & b</text></svg>').join()).toMatch(/unescaped &/);
    expect(xmlProblems('<svg></svg><svg></svg>')).toContain('2 root elements');
    expect(xmlProblems('<svg><g x=1></g></svg>').join()).toMatch(/malformed tag/);
  });
});

describe('charts', () => {
  it('renders line and bar charts as well-formed SVG with one group per series', () => {
    const line = lineChart({
      title: 'p50 <latency> & "batch"',
      xLabel: 'batch',
      yLabel: 'ms',
      yLog: true,
      series: [
        {
          name: 'AkiDB · short',
          color: '#000',
          points: [
            { x: 1, y: 2 },
            { x: 8, y: 9 },
            { x: 32, y: 30 },
          ],
        },
        {
          name: 'bare ORT · short',
          color: '#111',
          dash: '2 4',
          points: [
            { x: 1, y: 1.8 },
            { x: 32, y: 28 },
          ],
        },
      ],
      guides: [{ y: 5, label: 'goal' }],
    });
    expect(xmlProblems(line)).toEqual([]);
    expect(seriesNames(line).sort()).toEqual(['AkiDB · short', 'bare ORT · short']);
    const bars = barChart({
      title: 'texts/s',
      yLabel: 'texts/s',
      bars: [{ name: 'A & B', value: 12, color: '#000' }],
    });
    expect(xmlProblems(bars)).toEqual([]);
    expect(seriesNames(bars)).toEqual(['A & B']);
  });
});
