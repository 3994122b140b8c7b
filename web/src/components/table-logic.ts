import type { ReactNode } from 'react';

/** What a table needs to know of a column; pure, so sorting and CSV are tested without a browser. */
export interface Column<T> {
  readonly key: string;
  readonly header: string;
  /** The cell's text for sorting, filtering and CSV: exact values, decimal strings for money. */
  readonly value: (row: T) => string | number | null;
  /** What the cell shows; the value by default. */
  readonly render?: (row: T) => ReactNode;
  readonly align?: 'left' | 'right';
  /** Compare as a decimal number (amounts, counts) rather than as text. */
  readonly numeric?: boolean;
}

/** Compares decimal strings exactly: "-5.00" < "10.5" < "100". */
export function compareDecimal(a: string, b: string): number {
  const parse = (text: string) => {
    const negative = text.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
    return { negative, value: BigInt(whole + fraction.padEnd(12, '0').slice(0, 12)) };
  };
  const x = parse(a);
  const y = parse(b);
  const sx = x.negative ? -x.value : x.value;
  const sy = y.negative ? -y.value : y.value;
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

export function cellText(value: string | number | null): string {
  return value === null ? '' : String(value);
}

function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(cellText(c.value(row)))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

