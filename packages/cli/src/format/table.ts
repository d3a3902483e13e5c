/** One column of a terminal table: its header, how to show a row's cell, and its alignment. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

/**
 * A plain-text table: a header line, then one line per row, columns separated by two spaces and
 * padded to their widest cell (numbers right-aligned when asked). No trailing spaces.
 */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.cell(row))));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index]?.length ?? 0)));
  const render = (line: readonly string[]): string =>
    columns
      .map((column, index) => {
        const text = line[index] ?? '';
        const width = widths[index] ?? text.length;
        return column.align === 'right' ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

/** A cell never breaks the table: newlines and tabs become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
