/**
 * Import throughput and memory: a generated CSV of commands and a generated IATI 2.03 file,
 * each imported into a fresh SQLite ledger beside a bare parse of the same file by the
 * importer's own reader (CSV records numbered by line; IATI activities cut from the stream,
 * checked as XML and parsed), without the ledger, in the same run.
 * Every measurement runs in a process of its own (./import-worker.ts), so its peak RSS is its
 * own; each file is measured at its full size and at a quarter of it, so that memory growing
 * with the file shows.
 *
 *   npx tsx bench/imports.ts [--rows 1000000]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { transferWire } from './workload.js';

export interface ImportMeasure {
  readonly rows: number;
  readonly seconds: number;
  readonly maxRssMb: number;
}

export interface ImportFigures {
  readonly format: 'csv' | 'iati';
  readonly rows: number;
  readonly ours: ImportMeasure;
  readonly bare: ImportMeasure;
  /** The same at a quarter of the rows, for memory. */
  readonly oursQuarter: ImportMeasure;
  readonly bareQuarter: ImportMeasure;
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Transfers donor → package as plain CSV commands. */
export function* csvLines(rows: number): Generator<string> {
  yield 'id,type,fromAccount,toAccount,amount.amount,amount.currency,valueDate\n';
  for (let i = 0; i < rows; i += 1) {
    const t = transferWire(i, 'csv');
    yield `${t.id},${t.type},${t.fromAccount},${t.toAccount},${t.amount.amount},EUR,${t.valueDate}\n`;
  }
}

const donorsIati = ['XM-DAC-7', 'XM-DAC-3', 'XM-DAC-5', 'XM-DAC-6', 'XM-DAC-12'];

/** Activities of ten transactions each: pledges, commitments and disbursements from five donors to Ukraine. */
export function* iatiLines(transactions: number): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00Z">\n';
  const perActivity = 10;
  for (let a = 0; a * perActivity < transactions; a += 1) {
    const donor = donorsIati[a % donorsIati.length] as string;
    const id = `${donor}-BENCH-${String(a).padStart(7, '0')}`;
    let body =
      ` <iati-activity last-updated-datetime="2026-01-01T00:00:00Z" xml:lang="en" default-currency="EUR">\n` +
      `  <iati-identifier>${id}</iati-identifier>\n` +
      `  <reporting-org ref="${donor}" type="10"><narrative>Donor ${donor}</narrative></reporting-org>\n` +
      `  <title><narrative>Benchmark activity ${a}</narrative></title>\n` +
      `  <description><narrative>Generated for the import benchmark.</narrative></description>\n` +
      `  <participating-org ref="${donor}" role="1" type="10"><narrative>Donor ${donor}</narrative></participating-org>\n` +
      `  <activity-status code="2"/>\n` +
      `  <activity-date iso-date="2025-01-01" type="2"/>\n` +
      `  <recipient-country code="UA" percentage="100"/>\n` +
      `  <sector vocabulary="1" code="72010" percentage="100"/>\n`;
    for (let t = 0; t < perActivity && a * perActivity + t < transactions; t += 1) {
      const i = a * perActivity + t;
      const type = t === 0 ? 12 : t < 4 ? 2 : 3;
      const day = String((i % 28) + 1).padStart(2, '0');
      body +=
        `  <transaction ref="${id}-T${t}">\n` +
        `   <transaction-type code="${type}"/>\n` +
        `   <transaction-date iso-date="2025-03-${day}"/>\n` +
        `   <value currency="EUR" value-date="2025-03-${day}">${(i % 9973) + 1}.${String(i % 100).padStart(2, '0')}</value>\n` +
        `   <provider-org ref="${donor}"><narrative>Donor ${donor}</narrative></provider-org>\n` +
        `   <receiver-org ref="UA-GOV"><narrative>Government of Ukraine</narrative></receiver-org>\n` +
        `  </transaction>\n`;
    }
    yield `${body} </iati-activity>\n`;
  }
  yield '</iati-activities>\n';
}

function measure(mode: string, file: string, dir: string): ImportMeasure {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-worker.ts'), mode, file, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = /^RESULT (.*)$/m.exec(result.stdout)?.[1];
  if (result.status !== 0 || line === undefined) throw new Error(`${mode} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as ImportMeasure;
}

export async function importFigures(rows: number): Promise<ImportFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrace-bench-import-'));
  try {
    const figures: ImportFigures[] = [];
    for (const format of ['csv', 'iati'] as const) {
      const files = { full: join(dir, `full.${format}`), quarter: join(dir, `quarter.${format}`) };
      const lines = format === 'csv' ? csvLines : iatiLines;
      await writeLines(files.full, lines(rows));
      await writeLines(files.quarter, lines(Math.floor(rows / 4)));
      const run = (mode: string, file: string) => {
        const work = mkdtempSync(join(dir, 'db-'));
        try {
          return measure(mode, file, work);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      };
      const bare = run(`bare-${format}`, files.full);
      const ours = run(`ledger-${format}`, files.full);
      const bareQuarter = run(`bare-${format}`, files.quarter);
      const oursQuarter = run(`ledger-${format}`, files.quarter);
      figures.push({ format, rows, ours: { ...ours, rows: bare.rows }, bare, oursQuarter: { ...oursQuarter, rows: bareQuarter.rows }, bareQuarter });
      rmSync(files.full);
      rmSync(files.quarter);
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  for (const f of await importFigures(Number(values.rows))) {
    const rate = (m: ImportMeasure) => Math.round(m.rows / m.seconds);
    console.log(
      `${f.format}: ${rate(f.ours)} rows/s imported vs ${rate(f.bare)} rows/s bare parse (ratio ${(rate(f.ours) / rate(f.bare)).toFixed(3)}); ` +
        `peak RSS ${Math.round(f.ours.maxRssMb)} MB at ${f.ours.rows} rows, ${Math.round(f.oursQuarter.maxRssMb)} MB at ${f.oursQuarter.rows}; ` +
        `bare ${Math.round(f.bare.maxRssMb)} / ${Math.round(f.bareQuarter.maxRssMb)} MB`,
    );
  }
}
