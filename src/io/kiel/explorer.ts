import { ensureParty } from '../parties.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { formatAmount } from '../../domain/money.js';
import { csvRecords, type CsvRecord } from '../csv/records.js';
import { fail, located, provenanceOf, type ImportRun } from '../format.js';
import {
  categories,
  cellOf,
  columnsOf,
  datasetName,
  donorByCode,
  euroCents,
  invalid,
  monthStart,
  partyOf,
  recordable,
  placeOf,
  publisher,
  recipientId,
  ukraine,
} from './shared.js';

/**
 * Kiel's data explorer file (data_explorer.csv, published with each release of the tracker's
 * website): one row per donor and month, `country, iso, year, month, total, financial,
 * humanitarian, military, commitments, to_be_allocated, gdp, pct_gdp`, amounts in € billion.
 *
 * Each non-zero cell of financial, humanitarian and military becomes one money contribution of
 * the donor to Ukraine, dated the first day of the month, with the id
 * `kiel:r<release>:<iso>:<yyyy>-<mm>:<category>`, so importing the file again changes nothing.
 *
 * Stage: these columns are Kiel's allocations, "aid delivered or specified for delivery". Kiel
 * does not say which of the two a figure is, nor whether money was paid, so the records enter
 * `committed` (specified for a recipient), never `disbursed` or `delivered`: claiming a payment the
 * source does not report would overstate the pipeline. Kiel's commitments that are not yet
 * allocated appear only as the aggregate columns below, never as a flow of their own.
 *
 * Not imported: `total` (the sum of the three categories), `commitments` and `to_be_allocated`
 * (Kiel's commitments of the month, which include the allocations, and their difference; the
 * latter is negative whenever more was allocated than committed that month). Recording them would
 * count the aid twice; each non-zero such cell is counted as skipped. `gdp` and `pct_gdp` are
 * Kiel's reference GDP, not aid.
 *
 * Negative category cells would be Kiel's corrections of earlier months. The ledger has no
 * negative contribution and the row does not say which record to reduce, so they are skipped
 * and counted (release 29 has none).
 */

export const explorerColumns = ['country', 'iso', 'year', 'month', 'total', 'financial', 'humanitarian', 'military', 'commitments', 'to_be_allocated'] as const;
const aggregateColumns = ['total', 'commitments', 'to_be_allocated'] as const;

/**
 * The release of data_explorer.csv, from the release_info.csv Kiel publishes beside it
 * (`"release","period","date","label"` and one row). The data file itself does not say.
 */
export async function explorerRelease(file: string): Promise<string> {
  const info = join(dirname(file), 'release_info.csv');
  if (!existsSync(info)) {
    invalid(`${file}: the Kiel release is not known: put the release_info.csv published with ${basename(file)} beside it (columns "release","period","date","label")`, 'release');
  }
  let columns: Map<string, number> | undefined;
  for await (const record of csvRecords(info)) {
    if (!columns) {
      columns = columnsOf(record.cells);
      if (!columns.has('release')) invalid(`${info}:${record.line}: expected a column "release" (Kiel's release_info.csv)`, 'release');
      continue;
    }
    const release = cellOf(record, columns, 'release');
    if (!/^\d{1,4}$/.test(release)) fail(placeOf(record, columns, 'release'), 'release', `"${release}" is not a release number such as 29`);
    return release;
  }
  return invalid(`${info}: no release row under the header`, 'release');
}

export async function* explorerCommands(
  file: string,
  columns: ReadonlyMap<string, number>,
  rows: AsyncIterable<CsvRecord>,
  run: ImportRun,
): AsyncGenerator<CommandEnvelope> {
  const release = await explorerRelease(file);
  const dataset = datasetName(release);
  for await (const record of rows) {
    const cell = (name: string) => cellOf(record, columns, name);
    const place = (name: string) => placeOf(record, columns, name);
    const iso = cell('iso');
    const donor = donorByCode(iso, cell('country'));
    if (!donor) fail(place('iso'), 'iso', `"${iso}" is not an ISO 3166 alpha-3 country code nor a donor organisation Kiel lists (EU)`);
    const yearText = cell('year');
    const monthText = cell('month');
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) fail(place('year'), 'year', `"${yearText}" is not a year such as 2022`);
    if (!/^\d{1,2}$/.test(monthText) || Number(monthText) < 1 || Number(monthText) > 12) fail(place('month'), 'month', `"${monthText}" is not a month from 1 to 12`);
    const at = monthStart(Number(yearText), Number(monthText));
    const yearMonth = at.slice(0, 7);
    for (const name of aggregateColumns) {
      const value = cell(name);
      const cents = euroCents(value, 9);
      if (cents === undefined) fail(place(name), name, `"${value}" is not a number of € billion`);
      if (cents !== 0n) run.skip('aggregate columns total, commitments and to_be_allocated (sums and differences of the category columns; recording them would count the aid twice)');
    }
    for (const category of categories) {
      const value = cell(category);
      const cents = euroCents(value, 9);
      if (cents === undefined) fail(place(category), category, `"${value}" is not a number of € billion`);
      if (!recordable(run, cents)) continue;
      const provenance = provenanceOf(dataset, file, `line ${record.line}`, publisher, `${donor.code}/${yearMonth}/${category}`);
      yield* ensureParty(run, partyOf(donor), 'donor', `kiel:r${release}`, provenance, `${place('iso')} iso`);
      yield* ensureParty(run, partyOf(ukraine), 'recipient', `kiel:r${release}`, provenance, `${place('iso')} recipient`);
      const id = `kiel:r${release}:${donor.code}:${yearMonth}:${category}`;
      yield located(`${place(category)} ${category}`, () =>
        parseCommand({
          id,
          type: 'RecordContribution',
          contributionId: id,
          donorId: donor.partyId,
          kind: 'money',
          stage: 'committed',
          value: { amount: formatAmount(cents, 'EUR'), currency: 'EUR' },
          at,
          category,
          description: `${category[0]?.toUpperCase()}${category.slice(1)} aid to Ukraine allocated by ${donor.name} in ${yearMonth} (${dataset})`,
          recipientId,
          provenance,
        }),
      );
    }
  }
}
