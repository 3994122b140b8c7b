import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { DomainError } from '../../domain/errors.js';
import { csvRecords } from '../csv/records.js';
import type { Exporter, Importer, ImportRun } from '../format.js';
import { fail, located, provenanceOf, rowsOf } from '../format.js';
import { csvLine } from '../csv/write.js';

/**
 * The ECB's euro reference rates (eurofxref.csv / eurofxref-hist.csv): a header
 * `Date, USD, JPY, …` and one row per day, each cell the units of that currency per euro.
 * Every rate becomes a `RecordFxRate` EUR → currency whose id names the source, date and
 * currency, so importing the same file again changes nothing. Cells reading "N/A" or empty are
 * days the ECB published no rate for that currency: skipped and counted, never read as 1.0.
 */

const dataset = 'ECB euro foreign exchange reference rates';
const publisher = 'European Central Bank';
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const ratePattern = /^\d{1,12}(\.\d{1,12})?$/;

export async function* ecbRates(file: string, run: ImportRun): AsyncGenerator<CommandEnvelope> {
  let header: readonly string[] | undefined;
  for await (const record of csvRecords(file)) {
    const cells = record.cells.map((cell) => cell.trim());
    if (!header) {
      header = cells;
      if (header[0] !== 'Date') throw new DomainError('VALIDATION_FAILED', `${file}:${record.line}: column 1 is "${header[0] ?? ''}", expected the ECB layout's "Date"`, 'Date');
      continue;
    }
    const date = cells[0] ?? '';
    if (!datePattern.test(date)) fail(`${file}:${record.line}:1`, 'Date', `"${date}" is not a date such as 2025-08-01`);
    for (let column = 1; column < cells.length; column += 1) {
      const quote = header[column] ?? '';
      const rate = cells[column] ?? '';
      if (quote === '' && rate === '') continue; // the ECB's files end every line with a comma
      if (rate === '' || rate === 'N/A') {
        run.skip('days without a rate for a currency ("N/A")');
        continue;
      }
      const where = `${file}:${record.line}:${column + 1}`;
      if (!ratePattern.test(rate)) fail(where, quote, `"${rate}" is not a positive decimal rate`);
      yield located(`${where} ${quote}`, () =>
        parseCommand({
          id: `fx:ecb:${date}:EUR:${quote}`,
          type: 'RecordFxRate',
          date,
          base: 'EUR',
          quote,
          rate,
          provenance: provenanceOf(dataset, file, `line ${record.line}, column ${column + 1}`, publisher),
        }),
      );
    }
  }
  if (!header) throw new DomainError('VALIDATION_FAILED', `${file}: empty; expected the ECB layout (Date, USD, JPY, …)`);
}

export const fxImporter: Importer = {
  describe: 'euro reference rates in the ECB layout (Date, USD, JPY, …)',
  async *read(files, run) {
    for (const file of files) yield* ecbRates(file, run);
  },
};

/** The ledger's euro rates in the ECB layout, newest day first; "N/A" where a day has no rate for a currency. */
export const fxExporter: Exporter = {
  describe: 'euro reference rates in the ECB layout',
  mediaType: 'text/csv; charset=utf-8',
  async write(ledger, out) {
    const rows = await rowsOf(ledger, 'fxRate');
    const byDate = new Map<string, Map<string, string>>();
    const currencies = new Set<string>();
    for (const row of rows) {
      if (row.base !== 'EUR') continue;
      currencies.add(row.quote);
      let day = byDate.get(row.date);
      if (!day) byDate.set(row.date, (day = new Map()));
      day.set(row.quote, row.rate);
    }
    const columns = [...currencies].sort();
    await out(csvLine(['Date', ...columns]));
    for (const date of [...byDate.keys()].sort().reverse()) {
      const day = byDate.get(date) as Map<string, string>;
      await out(csvLine([date, ...columns.map((quote) => day.get(quote) ?? 'N/A')]));
    }
  },
};
