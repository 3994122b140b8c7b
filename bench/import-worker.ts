/**
 * One measurement of ./imports.ts, in a process of its own so that its peak memory is its own:
 *
 *   node --import tsx bench/import-worker.ts bare-csv|ledger-csv|bare-iati|ledger-iati FILE DIR
 *
 * Prints `RESULT {"rows":…, "seconds":…, "maxRssMb":…}`. bare-* parse the file with the same
 * parser the importer uses and count its rows; ledger-* import it into a fresh SQLite ledger in
 * DIR (after the benchmark's setup commands, which are not timed).
 */
import { parse } from 'csv-parse';
import { XMLParser } from 'fast-xml-parser';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Ledger, systemClock } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { formats } from '../src/io/index.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { setupWire } from './workload.js';

const [mode, file, dir] = process.argv.slice(2) as [string, string, string];

async function bareCsv(): Promise<number> {
  let rows = 0;
  for await (const _record of createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }))) rows += 1;
  return rows - 1; // the header
}

/** Cuts the file at each activity's end and parses every activity, as a streaming reader must. */
async function bareIati(): Promise<number> {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'transaction' });
  let transactions = 0;
  let buffer = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    buffer += chunk as string;
    let end = buffer.indexOf('</iati-activity>');
    let start = 0;
    while (end !== -1) {
      const open = buffer.indexOf('<iati-activity', start);
      const activity = parser.parse(buffer.slice(open, end + '</iati-activity>'.length)) as { 'iati-activity': { transaction?: unknown[] } };
      transactions += activity['iati-activity'].transaction?.length ?? 0;
      start = end + '</iati-activity>'.length;
      end = buffer.indexOf('</iati-activity>', start);
    }
    buffer = buffer.slice(start);
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
