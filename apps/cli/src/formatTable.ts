/** How a column's cells line up. */
export type ColumnAlign = 'left' | 'right';

/** A column of {@link formatTable}: its header and alignment (default left). */
export interface TableColumn {
  header: string;
  align?: ColumnAlign;
}

/**
 * Lays out rows as a plain-text table: a header line, columns two spaces apart, each as wide as its
 * widest cell. The last column is never padded, so lines carry no trailing spaces and a long last
 * cell (a reason, a path) does not widen the others.
 *
 * @example
 * formatTable([{ header: 'ID' }, { header: 'DIM', align: 'right' }], [['minilm', '384']]);
 * // 'ID      DIM\nminilm  384'
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const lines = [columns.map((column) => column.header), ...rows];
  const widths = columns.map((_, index) => Math.max(...lines.map((line) => (line[index] ?? '').length)));
  return lines
    .map((line) =>
      columns
        .map((column, index) => {
          const cell = line[index] ?? '';
          if (index === columns.length - 1 && column.align !== 'right') return cell;
          const width = widths[index] ?? 0;
          return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
