import type { LengthClass } from '../corpus/lengthPools.js';
import type { ContenderId } from '../peers/contender.js';
import { CONTENDER_LABELS } from '../peers/contender.js';
import { MIXED_LABELS } from './charts.js';
import { fixed, markdownTable, percent, times, timesWithRange } from './markdownTable.js';
import type { MixedFeed, ModelReport } from './reportTypes.js';

const CONTENDERS: readonly ContenderId[] = ['ours', 'bareOrt', 'transformersJs', 'fastembed'];

/** The markdown section of one model; charts are linked from `assets`. */
export function modelSection(model: ModelReport, assets: string): string {
  const parts = [
    `## ${model.id}`,
    `${model.modelFile}, ${model.modelMB.toFixed(1)} MB, ${model.quantization}, ${model.dimension} dimensions.`,
    '### Equal-work check',
    'Each peer embeds the same texts as ours before it is timed; only peers whose vectors match ours are timed.',
    markdownTable(
      ['peer', 'status', 'min cosine vs ours', 'load (ms)', 'why'],
      model.checks.map((check) => [
        CONTENDER_LABELS[check.peer],
        check.status,
        fixed(check.minCosine, 6),
        fixed(check.loadMs, 0),
        check.reason ?? '',
      ]),
    ),
    '### Throughput ratio, same texts in one call',
    'AkiDB (tokenize + infer + pool) ÷ peer, median of per-round ratios with their interquartile range; ' +
      '> 1 means AkiDB is faster. ' +
      'Bare ORT only runs `session.run` on tensors built ahead, so it is the ceiling.',
    ratioTable(model),
    `![latency vs batch size](${assets}latency-${model.id}.svg)`,
    `![ratios](${assets}ratios-${model.id}.svg)`,
    '### Latency and throughput per call',
    latencyTable(model),
    '### Mixed-length corpus, arrival order',
    mixedText(model),
    mixedTable(model),
    `![ours vs peers](${assets}peers-${model.id}.svg)`,
  ];
  if (model.breakdown.length > 0)
    parts.push('### Where the time goes (AkiDB, median per call)', breakdownTable(model));
  if (model.footprints.length > 0)
    parts.push('### Load time and memory (fresh process each)', footprintTable(model));
  if (model.cache) {
    const cache = model.cache;
    parts.push(
      `Through \`createEmbeddingService\`: first acquisition (load) ${cache.coldAcquireMs.toFixed(0)} ms; ` +
        `cache hit median ${cache.hitMedianUs.toFixed(1)} µs, p99 ${cache.hitP99Us.toFixed(1)} µs over ${cache.hits} hits.`,
    );
  }
  return parts.join('\n\n');
}

function ratioTable(model: ModelReport): string {
  const lengths = [...new Set(model.grid.map((cell) => cell.length))];
  const sizes = [...new Set(model.grid.map((cell) => cell.batchSize))];
  const headers = ['batch', ...lengths.flatMap((l) => [`÷ bare ORT, ${l}`, `÷ transformers.js, ${l}`])];
  const rows = sizes.map((size) => [
    String(size),
    ...lengths.flatMap((length) => {
      const cell = model.grid.find((c) => c.batchSize === size && c.length === length);
      return [
        timesWithRange(cell?.oursOverBareOrt, cell?.oursOverBareOrtRange),
        timesWithRange(cell?.oursOverTransformersJs, cell?.oursOverTransformersJsRange),
      ];
    }),
  ]);
  return markdownTable(headers, rows);
}

function latencyTable(model: ModelReport): string {
  const timed = CONTENDERS.filter((id) => model.grid.some((cell) => cell.results[id]));
  const headers = [
    'length',
    'batch',
    'tokens/text',
    'AkiDB p50 (ms)',
    'AkiDB p95',
    'AkiDB p99',
    'AkiDB texts/s',
    'AkiDB tokens/s',
    ...timed.filter((id) => id !== 'ours').map((id) => `${CONTENDER_LABELS[id]} p50`),
  ];
  const rows = model.grid.map((cell) => {
    const ours = cell.results.ours;
    return [
      cell.length as LengthClass,
      String(cell.batchSize),
      fixed(cell.meanTokens, 0),
      fixed(ours?.p50Ms, 2),
      fixed(ours?.p95Ms, 2),
      fixed(ours?.p99Ms, 2),
      fixed(ours?.textsPerSecond, 0),
      fixed(ours?.tokensPerSecond, 0),
      ...timed.filter((id) => id !== 'ours').map((id) => fixed(cell.results[id]?.p50Ms, 2)),
    ];
  });
  return markdownTable(headers, rows);
}

function mixedText(model: ModelReport): string {
  const mixed = model.mixed;
  return (
    `${mixed.texts} sentences, ${mixed.realTokens} real tokens. Fed naively (batches of 32 in arrival order, ` +
    `padded to the longest) ${percent(mixed.naivePaddingFraction)} of the tokens are padding; ` +
    `length-sorted, ${percent(mixed.sortedPaddingFraction)}. AkiDB gets the whole list in one call; ` +
    'transformers.js and fastembed get arrival-order batches of 32.'
  );
}

function mixedTable(model: ModelReport): string {
  const order: MixedFeed[] = ['ours', 'bareOrtSorted', 'bareOrtNaive', 'transformersJs', 'fastembed'];
  const ours = model.mixed.results.ours;
  const rows = order
    .filter((feed) => model.mixed.results[feed])
    .map((feed) => {
      const result = model.mixed.results[feed];
      const vsOurs = ours && result ? ours.textsPerSecond / result.textsPerSecond : null;
      return [
        MIXED_LABELS[feed],
        fixed(result?.p50Ms, 0),
        fixed(result?.textsPerSecond, 0),
        fixed(result?.tokensPerSecond, 0),
        feed === 'ours' ? '1.00x' : times(vsOurs),
      ];
    });
  const table = markdownTable(['feed', 'p50 (ms)', 'texts/s', 'tokens/s', 'AkiDB ÷ this'], rows);
  const m = model.mixed;
  return (
    `${table}\n\nPaired ratios (median, interquartile range over rounds): AkiDB ÷ naive bare ORT ` +
    `${timesWithRange(m.oursOverBareNaive, m.oursOverBareNaiveRange)}, AkiDB ÷ length-sorted bare ORT ` +
    `${times(m.oursOverBareSorted)}, length-sorted ÷ naive bare ORT ${times(m.sortedOverNaive)}, ` +
    `AkiDB ÷ transformers.js ${timesWithRange(m.oursOverTransformersJs, m.oursOverTransformersJsRange)}.`
  );
}

function breakdownTable(model: ModelReport): string {
  const rows = model.breakdown.map((b) => [
    b.workload,
    fixed(b.wallMs, 2),
    fixed(b.tokenizeMs, 2),
    fixed(b.tensorMs, 2),
    fixed(b.inferenceMs, 2),
    fixed(b.poolingMs, 2),
    fixed(b.otherMs, 2),
    fixed(b.bareOrtMs, 2),
    times(b.bareOrtMs / b.wallMs),
  ]);
  return markdownTable(
    [
      'workload',
      'wall',
      'tokenize',
      'pad + tensors',
      'inference',
      'pooling',
      'other',
      'bare ORT run',
      'bare ÷ wall',
    ],
    rows,
  );
}

function footprintTable(model: ModelReport): string {
  const rows = model.footprints.map((f) => [
    CONTENDER_LABELS[f.contender],
    fixed(f.coldLoadMs, 0),
    fixed(f.reloadMs, 0),
    fixed(f.baselineRssMB, 0),
    fixed(f.peakRssMB, 0),
    fixed(f.peakRssMB - f.baselineRssMB, 0),
  ]);
  return markdownTable(
    [
      'contender',
      'cold load (ms)',
      'reload (ms)',
      'RSS before load (MB)',
      'peak RSS (MB)',
      'peak − before (MB)',
    ],
    rows,
  );
}
