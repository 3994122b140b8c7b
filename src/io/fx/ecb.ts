import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { DomainError } from '../../domain/errors.js';
import { csvRecords } from '../csv/records.js';

/**
 * The ECB's euro reference rates (eurofxref.csv / eurofxref-hist.csv): a header
 * `Date, USD, JPY, …` and one row per day, each cell the units of that currency per euro.
 * Every rate becomes a `RecordFxRate` EUR → currency whose id names the source, date and
 * currency, so importing the same file again changes nothing. Cells reading "N/A" or empty are
 * days the ECB published no rate for that currency: skipped and counted, never read as 1.0.
 */

export interface FxImportCounts {
  skipped: number;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const ratePattern = /^\d{1,12}(\.\d{1,12})?$/;

export async function* ecbRates(file: string, counts: FxImportCounts): AsyncGenerator<CommandEnvelope> {
  let header: readonly string[] | undefined;
  for await (const record of csvRecords(file)) {
    const cells = record.cells.map((cell) => cell.trim());
    if (!header) {
      header = cells;
      if (header[0] !== 'Date') throw new DomainError('VALIDATION_FAILED', `${file}:${record.line}: column 1 is "${header[0] ?? ''}", expected the ECB layout's "Date"`, 'Date');
      continue;
    }
    const date = cells[0] ?? '';
    if (!datePattern.test(date)) throw new DomainError('VALIDATION_FAILED', `${file}:${record.line}:1 Date: "${date}" is not a date such as 2025-08-01`, 'Date');
    for (let column = 1; column < cells.length; column += 1) {
      const quote = header[column] ?? '';
      const rate = cells[column] ?? '';
      if (quote === '' && rate === '') continue; // the ECB's files end every line with a comma
      if (rate === '' || rate === 'N/A') {
        counts.skipped += 1;
        continue;
      }
      const where = `${file}:${record.line}:${column + 1} ${quote}`;
      if (!ratePattern.test(rate)) throw new DomainError('VALIDATION_FAILED', `${where}: "${rate}" is not a positive decimal rate`, quote);
      try {
        yield parseCommand({ id: `fx:ecb:${date}:EUR:${quote}`, type: 'RecordFxRate', date, base: 'EUR', quote, rate });
      } catch (error) {
        if (error instanceof DomainError) throw new DomainError(error.code, `${where}: ${error.message}`, quote);
        throw error;
      }
    }
  }
  if (!header) throw new DomainError('VALIDATION_FAILED', `${file}: empty; expected the ECB layout (Date, USD, JPY, …)`);
}
