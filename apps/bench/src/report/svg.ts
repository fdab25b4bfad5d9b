/** One line of a line chart. */
export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  color: string;
  dash?: string;
}

/** A line chart: x on a log2 axis (batch sizes, client counts), y linear or log10. */
export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  series: LineSeries[];
  /** Horizontal guides, e.g. a goal ratio. */
  guides?: { y: number; label: string }[];
}

/** A bar chart of named values. */
export interface BarChartSpec {
  title: string;
  yLabel: string;
  bars: { name: string; value: number; color: string }[];
}

const W = 760;
const H = 420;
const M = { left: 72, right: 230, top: 44, bottom: 56 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders a line chart as standalone SVG. Each series is a `<g class="series" data-series="…">`,
 * which is what tests and readers key on.
 *
 * @example
 * const svg = lineChart({ title: 'p50 latency', xLabel: 'batch', yLabel: 'ms', series });
 */
export function lineChart(spec: LineChartSpec): string {
  const points = spec.series.flatMap((series) => series.points);
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const ys = [...points.map((p) => p.y), ...(spec.guides ?? []).map((g) => g.y)].filter(
    (y) => y > 0 || !spec.yLog,
  );
  const xScale = logScale(xs[0] ?? 1, xs[xs.length - 1] ?? 2, 2, M.left, M.left + PLOT_W);
  const yTicks = spec.yLog ? logTicks(Math.min(...ys), Math.max(...ys)) : linearTicks(0, Math.max(...ys, 0));
  const yLow = yTicks[0] ?? 0;
  const yHigh = yTicks[yTicks.length - 1] ?? 1;
  const yScale = spec.yLog
    ? logScale(yLow, yHigh, 10, M.top + PLOT_H, M.top)
    : (y: number) => M.top + PLOT_H - ((y - yLow) / (yHigh - yLow || 1)) * PLOT_H;
  const parts: string[] = [frame(spec.title, spec.xLabel, spec.yLabel)];
  parts.push(
    axisTicks(
      xs.map((x) => [xScale(x), formatNumber(x)]),
      yTicks.map((y) => [yScale(y), formatNumber(y)]),
    ),
  );
  for (const guide of spec.guides ?? []) {
    const y = yScale(guide.y).toFixed(1);
    parts.push(
      `<g class="guide"><line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#dc2626" stroke-dasharray="4 4"/>` +
        `<text x="${M.left + PLOT_W - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#dc2626">${escapeXml(guide.label)}</text></g>`,
    );
  }
  // Drawn last to first, so the first series (ours) lies on top; the legend keeps the given order.
  const drawn: string[] = [];
  spec.series.forEach((series, index) => {
    const path = series.points.map(
      (p, i) => `${i === 0 ? 'M' : 'L'}${xScale(p.x).toFixed(1)},${yScale(p.y).toFixed(1)}`,
    );
    const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
    const dots = series.points
      .map(
        (p) =>
          `<circle cx="${xScale(p.x).toFixed(1)}" cy="${yScale(p.y).toFixed(1)}" r="3" fill="${series.color}"/>`,
      )
      .join('');
    drawn.unshift(
      `<g class="series" data-series="${escapeXml(series.name)}"><path d="${path.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>${dots}</g>`,
    );
    parts.push(legendEntry(index, series.name, series.color, series.dash));
  });
  return wrap(spec.title, [...parts, ...drawn]);
}

/**
 * Renders a bar chart as standalone SVG, one `<g class="series" data-series="…">` per bar.
 *
 * @example
 * const svg = barChart({ title: 'texts/s', yLabel: 'texts/s', bars: [{ name: 'AkiDB', value: 310, color }] });
 */
export function barChart(spec: BarChartSpec): string {
  const ticks = linearTicks(0, Math.max(...spec.bars.map((bar) => bar.value), 0));
  const top = ticks[ticks.length - 1] ?? 1;
  const yScale = (y: number): number => M.top + PLOT_H - (y / top) * PLOT_H;
  const slot = PLOT_W / Math.max(1, spec.bars.length);
  const parts: string[] = [frame(spec.title, '', spec.yLabel)];
  parts.push(
    axisTicks(
      [],
      ticks.map((y) => [yScale(y), formatNumber(y)]),
    ),
  );
  spec.bars.forEach((bar, index) => {
    const x = M.left + index * slot + slot * 0.15;
    const y = yScale(bar.value);
    const label = `<text x="${(x + slot * 0.35).toFixed(1)}" y="${(y - 5).toFixed(1)}" text-anchor="middle">${formatNumber(bar.value)}</text>`;
    parts.push(
      `<g class="series" data-series="${escapeXml(bar.name)}"><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(M.top + PLOT_H - y).toFixed(1)}" fill="${bar.color}"/>${label}</g>`,
    );
    parts.push(legendEntry(index, bar.name, bar.color));
  });
  return wrap(spec.title, parts);
}

function wrap(title: string, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function frame(title: string, xLabel: string, yLabel: string): string {
  const cy = M.top + PLOT_H / 2;
  return (
    `<g class="frame"><text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>` +
    `<rect x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#9ca3af"/>` +
    `<text x="${M.left + PLOT_W / 2}" y="${H - 14}" text-anchor="middle">${escapeXml(xLabel)}</text>` +
    `<text x="18" y="${cy}" text-anchor="middle" transform="rotate(-90 18 ${cy})">${escapeXml(yLabel)}</text></g>`
  );
}

function axisTicks(xTicks: [number, string][], yTicks: [number, string][]): string {
  const x = xTicks.map(
    ([px, label]) =>
      `<text x="${px.toFixed(1)}" y="${M.top + PLOT_H + 18}" text-anchor="middle">${label}</text>`,
  );
  const y = yTicks.map(
    ([py, label]) =>
      `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}" stroke="#e5e7eb"/>` +
      `<text x="${M.left - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end">${label}</text>`,
  );
  return `<g class="ticks">${[...y, ...x].join('')}</g>`;
}

function legendEntry(index: number, name: string, color: string, dash?: string): string {
  const x = M.left + PLOT_W + 14;
  const y = M.top + 8 + index * 18;
  const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
  return (
    `<g class="legend"><line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"${dashAttr}/>` +
    `<text x="${x + 28}" y="${y + 4}">${escapeXml(name)}</text></g>`
  );
}

function logScale(low: number, high: number, base: number, from: number, to: number): (v: number) => number {
  const a = Math.log(low) / Math.log(base);
  const b = Math.log(high) / Math.log(base);
  return (v) =>
    b === a ? (from + to) / 2 : from + ((Math.log(v) / Math.log(base) - a) / (b - a)) * (to - from);
}

/** 0 and 4-6 "nice" steps (1, 2 or 5 × 10^k) up to at least `high`. */
export function linearTicks(low: number, high: number): number[] {
  const span = high - low || 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let t = Math.floor(low / step) * step; t < high + step; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** 1-2-5 ticks per decade covering [low, high]. */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const m of [1, 2, 5]) ticks.push(Number((m * 10 ** exponent).toPrecision(12)));
  }
  const lowTick = ticks.filter((t) => t <= low).pop() ?? ticks[0] ?? 1;
  const highTick = ticks.find((t) => t >= high) ?? ticks[ticks.length - 1] ?? 10;
  return ticks.filter((t) => t >= lowTick && t <= highTick);
}

/** Short human number: 3 significant digits, k for thousands. */
export function formatNumber(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(0)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  if (value >= 100 || Number.isInteger(value)) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return Number(value.toPrecision(2)).toString();
}
