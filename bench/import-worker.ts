/**
 * One measurement of ./imports.ts, in a process of its own so that its peak memory is its own:
 *
 *   node --import tsx bench/import-worker.ts bare-csv|ledger-csv|bare-iati|ledger-iati FILE DIR
 *
 * Prints `RESULT {"rows":…, "seconds":…, "maxRssMb":…}`. bare-* read the file with the
 * importer's own reader and count its rows; ledger-* import it into a fresh SQLite ledger in
 * DIR (after the benchmark's setup commands, which are not timed).
 */
import { join } from 'node:path';
import { Ledger, systemClock } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { csvRecords } from '../src/io/csv/records.js';
import { childrenNamed, parseActivity, rawActivities } from '../src/io/iati/xml.js';
import { formats } from '../src/io/index.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { setupWire } from './workload.js';

const [mode, file, dir] = process.argv.slice(2) as [string, string, string];

/** The CSV importer's own reader (csv-parse, records numbered by line), without the ledger. */
async function bareCsv(): Promise<number> {
  let rows = 0;
  for await (const _record of csvRecords(file)) rows += 1;
  return rows - 1; // the header
}

/** The IATI importer's own reader: activities cut from the stream, checked as XML and parsed, without the ledger. */
async function bareIati(): Promise<number> {
  let transactions = 0;
  for await (const raw of rawActivities(file, () => undefined)) {
    transactions += childrenNamed(parseActivity(file, raw), 'transaction').length;
  }
  return transactions;
}

async function ledgerImport(format: 'csv' | 'iati'): Promise<number> {
  const store = SqliteStore.open(join(dir, `${format}.db`));
  const ledger = await Ledger.open(store, systemClock);
  if (format === 'csv') await ledger.execute(setupWire.map(parseCommand), { actor: 'bench' });
  const started = process.hrtime.bigint();
  const summary = await importFiles(ledger, formats[format].importer, [file], { actor: 'bench' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return report(summary.created + summary.alreadyInLedger, seconds, summary);
}

function report(rows: number, seconds: number, extra: unknown = undefined): number {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`RESULT ${JSON.stringify({ rows, seconds, maxRssMb, extra })}`);
  return rows;
}

async function timed(work: () => Promise<number>): Promise<void> {
  const started = process.hrtime.bigint();
  const rows = await work();
  report(rows, Number(process.hrtime.bigint() - started) / 1e9);
}

switch (mode) {
  case 'bare-csv':
    await timed(bareCsv);
    break;
  case 'bare-iati':
    await timed(bareIati);
    break;
  case 'ledger-csv':
    await ledgerImport('csv');
    break;
  case 'ledger-iati':
    await ledgerImport('iati');
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
