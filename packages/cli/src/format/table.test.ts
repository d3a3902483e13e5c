import { describe, expect, it } from 'vitest';
import { renderTable, type Column } from './table.js';

interface Row {
  readonly name: string;
  readonly count: number;
}

const columns: readonly Column<Row>[] = [
  { header: 'NAME', cell: (row) => row.name },
  { header: 'N', align: 'right', cell: (row) => String(row.count) },
];

describe('renderTable', () => {
  it('pads columns to the widest cell, right-aligns numbers, leaves no trailing spaces', () => {
    expect(renderTable(columns, [{ name: 'alpha', count: 5 }, { name: 'b', count: 1200 }])).toBe(['NAME      N', 'alpha     5', 'b      1200'].join('\n'));
  });

  it('is just the header without rows', () => {
    expect(renderTable(columns, [])).toBe('NAME  N');
  });

  it('keeps a row on one line when a cell has newlines or tabs', () => {
    expect(renderTable(columns, [{ name: 'two\nlines\there', count: 1 }])).toBe(['NAME            N', 'two lines here  1'].join('\n'));
  });

  it('a last left-aligned column is not padded', () => {
    const reversed: readonly Column<Row>[] = [columns[1] as Column<Row>, columns[0] as Column<Row>];
    expect(renderTable(reversed, [{ name: 'x', count: 10 }, { name: 'longer', count: 2 }])).toBe([' N  NAME', '10  x', ' 2  longer'].join('\n'));
  });
});
