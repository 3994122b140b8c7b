/**
 * RFC 4180 CSV of flat records: one column per scalar field (in first-seen order), CRLF line
 * ends, fields quoted when they hold a comma, quote or line break. Nested lists stay in JSON.
 * A cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading quote mark
 * unless it is a number.
 */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (!seen.has(name) && (value === null || typeof value !== 'object')) {
        seen.add(name);
        columns.push(name);
      }
    }
  }
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((name) => cell(row[name])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV line of cells, quoted and guarded as in `toCsv`, ending in CRLF. */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(cell).join(',')}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
