import type { CommandEnvelope } from '../../contract/commands.js';
import { csvRecords, type CsvRecord } from '../csv/records.js';
import type { Importer, ImportRun } from '../format.js';
import { bilateralColumns, bilateralCommands } from './bilateral.js';
import { explorerColumns, explorerCommands } from './explorer.js';
import { columnsOf, invalid, missingColumns } from './shared.js';

export { kielExporter } from './export.js';

/**
 * The Kiel Institute's Ukraine Support Tracker. Two layouts are read, each recognised by its
 * header: the website's data_explorer.csv (donor × month, € billion, with release_info.csv
 * beside it) and the flattened sub-activity sheet bilateral_activities.csv (Norwegian headers).
 * The tracker's other files are aggregates of the same aid (weapons, procurement_trends,
 * total_allocations, eu_aid_shares): importing them beside the others would count it twice, so
 * they are refused by name.
 */

const readable = `data_explorer.csv (${explorerColumns.join(', ')}, …) and bilateral_activities.csv (${bilateralColumns.join(', ')}, …)`;

/** Kiel's aggregate files, by a column only they have. */
const aggregates: readonly { readonly column: string; readonly name: string; readonly what: string }[] = [
  { column: 'number_of_weapons', name: 'weapons.csv', what: 'heavy weapons per donor and category' },
  { column: 'stockpile', name: 'procurement_trends.csv', what: 'military aid per month by source' },
  { column: 'total_allocations', name: 'total_allocations.csv', what: 'all donors’ allocations per month' },
  { column: 'eu_share_pct_gdp', name: 'eu_aid_shares.csv', what: 'EU members’ shares of EU aid' },
];

type Layout = 'explorer' | 'bilateral' | 'release info';

function layoutOf(file: string, header: CsvRecord): { layout: Layout; columns: Map<string, number> } {
  const columns = columnsOf(header.cells);
  const where = `${file}:${header.line}`;
  const aggregate = aggregates.find((entry) => columns.has(entry.column));
  if (aggregate) {
    invalid(
      `${where}: this is Kiel's ${aggregate.name} (${aggregate.what}), an aggregate of the aid the tracker's other files list; importing it would count that aid twice. The Kiel layouts aidtrace reads are ${readable}`,
      aggregate.column,
    );
  }
  if (columns.has('release') && columns.has('period')) return { layout: 'release info', columns };
  const candidates = [
    { layout: 'explorer' as const, name: 'data_explorer.csv', missing: missingColumns(columns, explorerColumns) },
    { layout: 'bilateral' as const, name: 'bilateral_activities.csv', missing: missingColumns(columns, bilateralColumns) },
  ];
  const complete = candidates.find((candidate) => candidate.missing.length === 0);
  if (complete) return { layout: complete.layout, columns };
  const closest = candidates.reduce((best, candidate) => (candidate.missing.length < best.missing.length ? candidate : best));
  return invalid(
    `${where}: the header (${header.cells.slice(0, 6).join(', ')}${header.cells.length > 6 ? ', …' : ''}) is not a Kiel layout aidtrace reads (${readable}); closest is ${closest.name}, which lacks ${closest.missing.map((name) => `"${name}"`).join(', ')}`,
    closest.missing[0],
  );
}

async function* kielFile(file: string, run: ImportRun): AsyncGenerator<CommandEnvelope> {
  const records = csvRecords(file);
  const first = await records.next();
  if (first.done) invalid(`${file}: empty; expected one of the Kiel layouts ${readable}`);
  const { layout, columns } = layoutOf(file, first.value);
  const rows: AsyncIterable<CsvRecord> = { [Symbol.asyncIterator]: () => records };
  if (layout === 'explorer') yield* explorerCommands(file, columns, rows, run);
  else if (layout === 'bilateral') yield* bilateralCommands(file, columns, rows, run);
  else {
    // release_info.csv is read with the data_explorer.csv beside it; given on its own it adds nothing.
    await records.return(undefined);
    run.skip('release_info.csv (read with the data_explorer.csv beside it)');
  }
}

export const kielImporter: Importer = {
  describe: `Kiel Ukraine Support Tracker: ${readable}`,
  async *read(files, run) {
    for (const file of files) yield* kielFile(file, run);
  },
};
