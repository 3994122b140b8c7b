import { divRound, formatAmount, groupThousands } from '../domain/money.js';

export { toJson, toJsonValue } from '../contract/wire.js';

/**
 * Presentation of reports for people: aligned text tables, amounts rounded to whole units with
 * thousands separators. JSON for machines is the wire form in contract/wire.ts.
 */

/** Whole major units with thousands separators: 123456789n EUR → "1,234,568". */
export function wholeUnits(amountMinor: bigint, currency: string): string {
  const digits = formatAmount(1n, currency).split('.')[1]?.length ?? 0;
  return groupThousands(divRound(amountMinor, 10n ** BigInt(digits)).toString());
}

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly align?: 'left' | 'right';
}

/** Renders rows as an aligned plain-text table. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], footer?: readonly string[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const all = [columns.map((column) => column.header), ...cells, ...(footer ? [footer] : [])];
  const widths = columns.map((_, index) => Math.max(...all.map((line) => (line[index] ?? '').length)));
  const format = (line: readonly string[]) =>
    line
      .map((cell, index) => (columns[index]?.align === 'right' ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const lines = [format(all[0] as string[]), rule, ...(cells.length === 0 ? ['(none yet)'] : cells.map(format))];
  if (footer) lines.push(rule, format(footer));
  return lines.join('\n');
}
