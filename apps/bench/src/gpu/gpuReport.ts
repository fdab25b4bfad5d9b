import type { TokenThroughput } from './bareOrtRun.js';
import type { CoresResult, CoresScaling } from './coresPlan.js';
import { coresPlanLabel } from './coresPlan.js';
import type { NodePlacement } from './placement.js';
import type { ProfileSummary } from './profileSummary.js';
import type { ProviderRun } from './providerRun.js';

/** sentence-transformers / torch figures from `anchor.json`. */
export interface Anchor {
  readonly device: string;
  readonly gpu: string | null;
  readonly torch: string;
  readonly textsPerSecond: readonly { batch: number; textsPerSecond: number; p50Ms?: number }[];
  readonly tokensPerSecond: readonly {
    precision: string;
    batch: number;
    seq: number;
    tokensPerSecond: number;
  }[];
}

/** Everything one GPU bench run measured (written as gpu-report.json). */
export interface GpuReport {
  readonly dryRun: boolean;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly build: Readonly<Record<string, unknown>> | null;
  readonly anchor: Anchor | null;
  readonly providerRuns: readonly ProviderRun[];
  readonly bareTokens: readonly TokenThroughput[];
  readonly placements: readonly ({ variant: string; ep: string } & NodePlacement & { error?: string })[];
  readonly profiles: readonly { variant: string; ep: string; summary: ProfileSummary }[];
  /** The replicas x threads check on the CPU (absent in reports written before it existed). */
  readonly cores?: readonly CoresResult[];
  readonly coresScaling?: CoresScaling | undefined;
  readonly errors: readonly string[];
}

/** Least cosine each variant must reach against sentence-transformers. */
export function parityFloor(variant: string): number {
  return variant.includes('fp16') ? 0.999 : 0.9999;
}

const num = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function throughputTable(report: GpuReport): string {
  const runs = report.providerRuns.filter((run) => run.executionProvider !== null);
  const batches = [...new Set(runs.flatMap((run) => run.throughput.map((t) => t.batch)))].sort(
    (a, b) => a - b,
  );
  const header = ['batch', ...runs.map((run) => `${run.variant} on ${run.executionProvider}`)];
  if (report.anchor) header.push(`sentence-transformers (${report.anchor.device})`);
  const rows = batches.map((batch) => {
    const cells = runs.map((run) => {
      const t = run.throughput.find((x) => x.batch === batch);
      return t?.p50Ms === undefined
        ? num(t?.textsPerSecond)
        : `${num(t.textsPerSecond)} (p50 ${num(t.p50Ms, 1)} ms)`;
    });
    if (report.anchor) {
      const a = report.anchor.textsPerSecond.find((x) => x.batch === batch);
      cells.push(
        a?.p50Ms === undefined
          ? num(a?.textsPerSecond)
          : `${num(a.textsPerSecond)} (p50 ${num(a.p50Ms, 1)} ms)`,
      );
    }
    return [String(batch), ...cells];
  });
  return table(header, rows);
}

function parityTable(report: GpuReport): string {
  const rows = report.providerRuns.map((run) => {
    if (run.executionProvider === null)
      return [run.variant, run.requested, '–', '–', `unavailable: ${run.unavailable ?? ''}`];
    const floor = parityFloor(run.variant);
    const ok = (run.minCosine ?? 0) >= floor;
    return [run.variant, run.executionProvider, num(run.minCosine, 7), `≥ ${floor}`, ok ? 'pass' : 'FAIL'];
  });
  return table(['variant', 'provider', 'least cosine vs sentence-transformers', 'needed', ''], rows);
}

function tokensTable(report: GpuReport): string {
  const keys = [...new Set(report.bareTokens.map((t) => `${t.variant} on ${t.ep}`))];
  const torch = report.anchor?.tokensPerSecond ?? [];
  const precisions = [...new Set(torch.map((t) => t.precision))];
  const batches = [...new Set([...report.bareTokens.map((t) => t.batch), ...torch.map((t) => t.batch)])].sort(
    (a, b) => a - b,
  );
  const header = [
    'rows × 128 tokens',
    ...keys,
    ...precisions.map((p) => `torch ${p} (${report.anchor?.device})`),
  ];
  const rows = batches.map((batch) => [
    String(batch),
    ...keys.map((key) =>
      num(
        report.bareTokens.find((t) => `${t.variant} on ${t.ep}` === key && t.batch === batch)
          ?.tokensPerSecond,
      ),
    ),
    ...precisions.map((p) => num(torch.find((t) => t.precision === p && t.batch === batch)?.tokensPerSecond)),
  ]);
  return table(header, rows);
}

function placementTable(report: GpuReport): string {
  const rows = report.placements.map((p) => {
    const counts = Object.entries(p.nodesByProvider).map(
      ([ep, n]) => `${ep.replace('ExecutionProvider', '')} ${n}`,
    );
    const fallback = Object.entries(p.fallbackOps).map(([op, n]) => `${op} ×${n}`);
    return [
      p.variant,
      p.ep,
      counts.join(', ') || '–',
      fallback.join(', ') || 'none',
      String(p.copies.length),
      p.error ?? '',
    ];
  });
  return table(['variant', 'provider', 'nodes per provider', 'not on the provider', 'copies', 'error'], rows);
}

function profileSection(report: GpuReport): string {
  return report.profiles
    .map(({ variant, ep, summary }) => {
      const top = summary.topOps.map((o) => [
        o.op,
        o.provider.replace('ExecutionProvider', ''),
        String(o.calls),
        num(o.ms, 2),
      ]);
      return [
        `**${variant} on ${ep}**: ${summary.runs} runs, ${num(summary.runMs, 1)} ms in model_run; kernel ms by provider: ${JSON.stringify(summary.kernelMsByProvider)}`,
        '',
        table(['op', 'provider', 'calls', 'ms'], top),
      ].join('\n');
    })
    .join('\n\n');
}

function coresSection(report: GpuReport): string {
  const results = report.cores ?? [];
  if (results.length === 0) return 'not run';
  const rows = results.map((r) => [
    coresPlanLabel(r.plan),
    r.replicas === undefined ? '–' : `${r.replicas} x ${r.threads}`,
    r.pinned ? 'yes' : 'no',
    num(r.textsPerSecond),
    r.error ?? '',
  ]);
  const scaling = report.coresScaling;
  const verdict =
    scaling === undefined
      ? 'The planned layouts did not both run: no ratio.'
      : `Planned layout on ${scaling.toCpus} cores ÷ on ${scaling.fromCpus}: ${num(scaling.ratio, 2)}x ` +
        (scaling.fromCpus === 2 && scaling.toCpus >= 16
          ? `(target ≥ ${scaling.target}x: ${scaling.ratio >= scaling.target ? 'met' : 'missed'}).`
          : `(the ≥ ${scaling.target}x target is for 16 cores against 2; not judged here).`);
  return [
    'In-process provider on the CPU, batches of 32 short texts, two calls in flight per replica; each layout in ' +
      'its own process, pinned to its cores where `taskset` exists.',
    '',
    table(['layout', 'replicas x threads', 'pinned', 'texts/s', 'error'], rows),
    '',
    verdict,
  ].join('\n');
}

/** The report as markdown: cores, throughput, parity, tokens/s next to torch, node placement, profile. */
export function renderGpuMarkdown(report: GpuReport): string {
  const title = report.dryRun
    ? '# GPU bench: dry run on a machine without a GPU (no GPU figures)'
    : '# GPU bench';
  const machine = Object.entries(report.machine)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  return [
    title,
    '',
    machine,
    '',
    '## Replicas x threads on the CPU (short texts)',
    '',
    coresSection(report),
    '',
    '## Texts/s end to end (short texts, STS-B-shaped corpus)',
    '',
    throughputTable(report),
    '',
    '## Parity',
    '',
    parityTable(report),
    '',
    '## Bare ONNX Runtime tokens/s at 128-token rows',
    '',
    tokensTable(report),
    '',
    '## Node placement (ORT verbose log)',
    '',
    placementTable(report),
    '',
    '## Profile (enableProfiling)',
    '',
    profileSection(report) || 'none',
    '',
    report.errors.length > 0 ? `## Errors\n\n${report.errors.map((e) => `- ${e}`).join('\n')}\n` : '',
  ].join('\n');
}
