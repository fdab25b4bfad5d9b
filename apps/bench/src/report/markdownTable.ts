/** Cells that read as numbers (right-aligned). */
const NUMERIC = /^[-+]?[\d.,]+(x|%| ms| µs| MB)?( \([\d.]+–[\d.]+\))?$|^–$/;

/**
 * A GitHub-flavoured markdown table, padded and aligned the way the repo's formatter (Biome) lays
 * tables out, so generated docs pass `pnpm lint` as written. `|` in cells is escaped; columns whose
 * cells all look numeric are right-aligned.
 *
 * @example
 * markdownTable(['model', 'texts/s'], [['minilm', '812']]);
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string): string => cell.replace(/\|/g, '\\|');
  const header = headers.map(escapeCell);
  const body = rows.map((row) => headers.map((_, i) => escapeCell(row[i] ?? '')));
  const right = headers.map(
    (_, column) => body.length > 0 && body.every((row) => NUMERIC.test(row[column] ?? '')),
  );
  const widths = header.map((cell, column) =>
    Math.max(3, width(cell), ...body.map((row) => width(row[column] ?? ''))),
  );
  const pad = (cell: string, column: number): string => {
    const fill = ' '.repeat((widths[column] ?? 0) - width(cell));
    return right[column] ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((w, column) => (right[column] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(header), `| ${rule.join(' | ')} |`, ...body.map(line)].join('\n');
}

/** Characters a cell takes in a monospace table (code points; the report uses no wide ones). */
function width(text: string): number {
  return [...text].length;
}

/** A number with fixed decimals, or `–` when absent. */
export function fixed(value: number | null | undefined, digits = 1, suffix = ''): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${value.toFixed(digits)}${suffix}`;
}

/** A ratio like `1.18x`, or `–`. */
export function times(value: number | null | undefined): string {
  return fixed(value, 2, 'x');
}

/** A ratio with its interquartile range, like `0.98x (0.95–1.01)`, or `–`. */
export function timesWithRange(
  value: number | null | undefined,
  range: readonly [number, number] | null | undefined,
): string {
  if (value === null || value === undefined) return '–';
  return range ? `${times(value)} (${range[0].toFixed(2)}–${range[1].toFixed(2)})` : times(value);
}

/** A fraction (0..1) as a percentage, or `–`. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A plain-text table for the console: columns padded, numbers right-aligned. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        /^[-+]?[\d.]/.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
