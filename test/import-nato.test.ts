import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spendingReport } from '../src/application/reports/spending.js';
import { DomainError } from '../src/domain/errors.js';
import { natoExporter, natoImporter } from '../src/io/nato/index.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { temporaryLedgers } from './support/ledgers.js';

/** NATO's defence expenditure tables: the real share-of-GDP table when present, and the project's own fixtures. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const fixtures = join(import.meta.dirname, 'fixtures', 'nato');
const shared = join(import.meta.dirname, '..', '..', 'shared', 'data', 'nato');
const realShares = join(shared, 'defence_per.csv');
const realCommentaries = join(shared, 'country_commentaries.csv');
const present = existsSync(realShares) && existsSync(realCommentaries);
if (!present && process.env.CI === 'true') throw new Error(`${shared}: NATO's sample tables are missing, and CI must not skip them`);
if (!present) console.warn(`import-nato: ${shared} is absent; the tests on NATO's real tables are skipped`);

const { dir, fresh } = temporaryLedgers('nato');

interface Share {
  country: string;
  year: number;
  percentOfGdp: string;
  estimate: number;
}
const shares = async (store: SqliteStore) => (await store.readTable('defenceShare')) as unknown as Share[];
const shareOf = (rows: readonly Share[], country: string, year: number) => rows.find((row) => row.country === country && row.year === year);

/** A percentage string as ten-thousandths, rounded half to even from as many decimals as it has (the test's own arithmetic). */
function tenThousandths(text: string): bigint {
  const [whole = '', fraction = ''] = text.split('.');
  const all = BigInt(whole + fraction);
  if (fraction.length <= 4) return all * 10n ** BigInt(4 - fraction.length);
  const divisor = 10n ** BigInt(fraction.length - 4);
  const quotient = all / divisor;
  const twice = (all % divisor) * 2n;
  return twice > divisor || (twice === divisor && quotient % 2n === 1n) ? quotient + 1n : quotient;
}

/** A simple CSV table without quoted fields, split by hand: header and rows of trimmed cells. */
function plainTable(text: string) {
  const [header = [], ...rows] = text.split(/\r?\n/).filter((line) => line !== '').map((line) => line.split(',').map((cell) => cell.trim()));
  return { header, rows };
}

async function exported(store: SqliteStore): Promise<string> {
  let text = '';
  await natoExporter.write(store, (piece) => void (text += piece), {});
  return text;
}

async function rejected(files: readonly string[]): Promise<{ error: DomainError; seq: number; rows: number }> {
  const { store, ledger } = await fresh();
  const error = await importFiles(ledger, natoImporter, files).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { error: error as DomainError, seq: (await store.head()).seq, rows: (await shares(store)).length + (await store.readTable('spending')).length };
}

describe.skipIf(!present)("NATO's share-of-GDP table (defence_per.csv)", async () => {
  const { header, rows } = plainTable(present ? readFileSync(realShares, 'utf8') : '');
  const aggregates = rows.filter((row) => row[0]?.startsWith('NATO'));
  const allies = rows.filter((row) => !row[0]?.startsWith('NATO'));
  const figures = allies.reduce((sum, row) => sum + row.slice(1).filter((cell) => cell !== '').length, 0);
  const empty = allies.length * (header.length - 1) - figures;
  const { store, ledger } = await fresh();

  it('a dry run counts what it would create and writes nothing', async () => {
    const summary = await importFiles(ledger, natoImporter, [realShares], { dryRun: true });
    expect(summary).toMatchObject({ created: figures, alreadyInLedger: 0, dryRun: true });
    expect((await store.head()).seq).toBe(0);
    expect(await shares(store)).toHaveLength(0);
  });

  it('imports every ally and year, skips the two aggregate rows, and keeps each share to 4 decimals', async () => {
    // Iceland, which has no armed forces, is not in NATO's table: 31 allies, 2014 to 2024.
    expect([allies.length, header.length - 1, aggregates.length]).toEqual([31, 11, 2]);
    const summary = await importFiles(ledger, natoImporter, [realShares]);
    expect(summary.created).toBe(figures);
    expect(summary.alreadyInLedger).toBe(0);
    expect(summary.merged).toEqual({});
    expect(summary.skipped).toEqual({
      'aggregate rows (NATO Europe and Canada, NATO Total)': 2,
      ...(empty > 0 ? { 'empty cells (no figure published)': empty } : {}),
    });
    const table = await shares(store);
    expect(table).toHaveLength(figures);
    expect(new Set(table.map((row) => row.country)).size).toBe(allies.length);
    // 3.788951289 → 3.7890 (half to even, to 4 decimals); 2024 is marked "e", 2023 not.
    expect(shareOf(table, 'POL', 2024)).toEqual({ country: 'POL', year: 2024, percentOfGdp: '3.7890', estimate: 1 });
    expect(shareOf(table, 'POL', 2023)).toMatchObject({ percentOfGdp: '3.2704', estimate: 0 });
    expect(shareOf(table, 'DNK', 2023)?.percentOfGdp).toBe('2.0002');
    expect(shareOf(table, 'DEU', 2024)?.percentOfGdp).toBe('2.0037');
    // A figure with 4 decimals or fewer is kept as written.
    expect(shareOf(table, 'ALB', 2023)?.percentOfGdp).toBe('1.75');
    expect(shareOf(table, 'SVK', 2024)).toBeDefined();
    expect(shareOf(table, 'TUR', 2024)).toBeDefined();
    expect(shareOf(table, 'MKD', 2024)).toBeDefined();
    // Every cell of the file, rounded by the test's own arithmetic, is in the ledger.
    const codes: Record<string, string> = { Poland: 'POL', Germany: 'DEU', Estonia: 'EST', 'United States': 'USA', Türkiye: 'TUR' };
    for (const row of allies.filter((r) => (r[0] ?? '') in codes)) {
      for (const [index, heading] of header.slice(1).entries()) {
        const cell = row[index + 1] ?? '';
        if (cell === '') continue;
        const share = shareOf(table, codes[row[0] ?? ''] ?? '', Number.parseInt(heading, 10));
        expect(tenThousandths(share?.percentOfGdp ?? '')).toBe(tenThousandths(cell));
        expect(share?.estimate).toBe(heading.endsWith('e') ? 1 : 0);
      }
    }
  });

  it('files each share with its dataset, file, line, column and the row and column it was read from', async () => {
    const provenance = (await store.readTable('provenance')) as unknown as Record<string, unknown>[];
    const poland = 1 + rows.findIndex((row) => row[0] === 'Poland') + 1;
    expect(provenance.filter((row) => row.dataset === 'NATO defence expenditure (share of GDP)')).toHaveLength(figures);
    expect(provenance.find((row) => row.recordId === 'POL:2024')).toMatchObject({
      recordKind: 'spending',
      dataset: 'NATO defence expenditure (share of GDP)',
      file: 'defence_per.csv',
      locator: `line ${poland}, column ${header.length}`,
      publisher: 'NATO',
      publisherRef: 'Poland, 2024e',
    });
  });

  it('importing the file again changes nothing', async () => {
    const before = await store.head();
    const summary = await importFiles(ledger, natoImporter, [realShares]);
    expect(summary).toMatchObject({ created: 0, alreadyInLedger: figures });
    expect(await store.head()).toEqual(before);
  });

  it('exports the same figures in the same layout, and the export imports to the same records', async () => {
    const text = await exported(store);
    const out = plainTable(text);
    expect(out.header).toEqual(header);
    expect(out.rows).toHaveLength(allies.length);
    expect(out.rows.map((row) => row[0])).toEqual(allies.map((row) => row[0]));
    for (const [r, row] of allies.entries()) {
      for (let c = 1; c < header.length; c += 1) {
        const cell = row[c] ?? '';
        const written = out.rows[r]?.[c] ?? '';
        expect(written === '' ? null : tenThousandths(written), `${row[0]} ${header[c]}`).toBe(cell === '' ? null : tenThousandths(cell));
      }
    }
    const file = join(dir, 'defence_per-export.csv');
    writeFileSync(file, text);
    const again = await fresh();
    const summary = await importFiles(again.ledger, natoImporter, [file]);
    expect(summary.created).toBe(figures);
    expect(await shares(again.store)).toEqual(await shares(store));
  });

  it('the spending report lists each reported share with its targets, compared exactly', async () => {
    const table = await shares(store);
    const report = spendingReport({ spending: [], defenceShares: table });
    expect(report.rows).toHaveLength(figures);
    for (const row of report.rows) {
      const value = tenThousandths(row.sharePercent);
      expect(row).toMatchObject({ reported: true, spendingMinor: null, gdpMinor: null, currency: null });
      expect([row.meets2Percent, row.meets3_5Percent, row.meets5Percent]).toEqual([value >= 20000n, value >= 35000n, value >= 50000n]);
    }
    const poland = report.rows.find((row) => row.country === 'POL' && row.year === 2024);
    expect(poland).toMatchObject({ sharePercent: '3.7890', estimate: true, meets2Percent: true, meets3_5Percent: true, meets5Percent: false });
  });

  it("refuses the country commentaries (derived figures and prose in multi-line fields), naming the file and the layouts it reads", async () => {
    const { error, seq, rows: written } = await rejected([realShares, realCommentaries]);
    expect(error.message).toMatch(/country_commentaries\.csv:1: the columns "Country, Pct_GDP, Annual_Rank, Start_Pct, Total_Change, Meets_Target, Commentary" are not a NATO defence expenditure table/);
    expect(error.message).toMatch(/aidtrace reads "Country, 2014, …, 2024e" \(share of GDP per year\) or "Country, Year, Currency, Defence expenditure, GDP"/);
    expect([seq, written]).toEqual([0, 0]);
  });

  it('through the command line: import, then export to a file', () => {
    const db = join(dir, 'cli.db');
    const imported = spawnSync(process.execPath, [bin, 'import', 'nato', realShares, '--db', db], { encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`nato: ${figures.toLocaleString('en-GB')} records created, 0 already in the ledger`);
    expect(imported.stdout).toContain('skipped 2: aggregate rows (NATO Europe and Canada, NATO Total)');
    const file = join(dir, 'cli-export.csv');
    const written = spawnSync(process.execPath, [bin, 'export', 'nato', '--db', db, '--out', file], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    expect(plainTable(readFileSync(file, 'utf8')).header).toEqual(header);
  });
});

describe('NATO tables from the project fixtures', () => {
  const sharesFile = join(fixtures, 'shares-sample.csv');
  const amountsFile = join(fixtures, 'amounts-sample.csv');
  const sample = plainTable(readFileSync(sharesFile, 'utf8'));
  const sampleAllies = sample.rows.filter((row) => !row[0]?.startsWith('NATO'));
  const sampleFigures = sampleAllies.reduce((sum, row) => sum + row.slice(1).filter((cell) => cell !== '').length, 0);

  it('reads shares: empty cells and aggregates skipped, half-way cases rounded to even', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, natoImporter, [sharesFile]);
    const emptyCells = sampleAllies.length * (sample.header.length - 1) - sampleFigures;
    expect(summary.created).toBe(sampleFigures);
    expect(summary.skipped).toEqual({ 'aggregate rows (NATO Europe and Canada, NATO Total)': 2, 'empty cells (no figure published)': emptyCells });
    const table = await shares(store);
    expect(table).toHaveLength(sampleFigures);
    expect(shareOf(table, 'ISL', 2022)).toBeUndefined();
    // 1.99995 → 2.0000 (ties go to the even digit: 1.9999 is odd), 1.00015 → 1.0002, 1.00005 → 1.0000.
    expect([2022, 2023, 2024].map((year) => shareOf(table, 'SVK', year)?.percentOfGdp)).toEqual(['2.0000', '1.0002', '1.0000']);
    expect(shareOf(table, 'USA', 2024)).toMatchObject({ percentOfGdp: '5', estimate: 1 });
    expect(shareOf(table, 'TUR', 2024)).toBeUndefined();
  });

  it('reads amounts in millions into exact minor units, with their source; rows without an amount and aggregates skipped', async () => {
    const { store, ledger } = await fresh();
    const dry = await importFiles(ledger, natoImporter, [amountsFile], { dryRun: true });
    expect(dry.created).toBe(5);
    expect((await store.head()).seq).toBe(0);
    const summary = await importFiles(ledger, natoImporter, [amountsFile]);
    expect(summary).toMatchObject({
      created: 5,
      skipped: { 'rows without an amount (no figure published)': 1, 'aggregate rows (NATO Europe and Canada, NATO Total)': 1 },
    });
    const spending = (await store.readTable('spending')) as unknown as { country: string; year: number; currency: string; spendingMinor: bigint; gdpMinor: bigint; source: string | null }[];
    const find = (country: string, year: number) => spending.find((row) => row.country === country && row.year === year);
    expect(find('NLD', 2024)).toEqual({ country: 'NLD', year: 2024, currency: 'EUR', spendingMinor: 22_000_500_000_00n, gdpMinor: 1_100_000_000_000_00n, source: 'Illustrative figures' });
    // "118,000.5" million PLN, thousands separators read.
    expect(find('POL', 2024)).toMatchObject({ currency: 'PLN', spendingMinor: 118_000_500_000_00n, gdpMinor: 3_600_000_000_000_00n });
    // The yen has no minor unit: 7000000.123 million yen is exactly 7,000,000,123,000 yen.
    expect(find('JPN', 2024)).toMatchObject({ currency: 'JPY', spendingMinor: 7_000_000_123_000n });
    // No Source cell: the dataset names the source.
    expect(find('USA', 2024)?.source).toBe('NATO defence expenditure (amounts)');
    expect(find('FRA', 2024)).toBeUndefined();
    const provenance = (await store.readTable('provenance')) as unknown as Record<string, unknown>[];
    expect(provenance.find((row) => row.recordId === 'NLD:2024')).toMatchObject({ dataset: 'NATO defence expenditure (amounts)', file: 'amounts-sample.csv', locator: 'line 3', publisher: 'NATO', publisherRef: 'Netherlands, 2024' });
    const before = await store.head();
    expect(await importFiles(ledger, natoImporter, [amountsFile])).toMatchObject({ created: 0, alreadyInLedger: 5 });
    expect(await store.head()).toEqual(before);
  });

  it('exports shares computed from amounts to 4 decimals beside reported ones', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, natoImporter, [amountsFile, sharesFile]);
    const out = plainTable(await exported(store));
    expect(out.header).toEqual(['Country', '2022', '2023', '2024e']);
    const row = (name: string) => out.rows.find((r) => r[0] === name);
    // 17500.25 / 1000000 = 1.750025 % → 1.7500; 22000.5 / 1100000 = 2.00004545… % → 2.0000.
    expect(row('Netherlands')).toEqual(['Netherlands', '', '1.7500', '2.0000']);
    // Poland has a reported share and amounts for 2024: the reported share is written.
    expect(row('Poland')?.[3]).toBe('3.7890');
    expect(row('Japan')?.[3]).toBe('1.1667');
    expect(row('Slovak Republic')).toEqual(['Slovak Republic', '2.0000', '1.0002', '1.0000']);
    expect(out.rows.map((r) => r[0])).toEqual([...out.rows.map((r) => r[0] ?? '')].sort());
  });

  it('a spending report shows reported shares beside computed ones, with the targets compared exactly', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, natoImporter, [amountsFile, sharesFile]);
    const report = spendingReport({
      spending: (await store.readTable('spending')) as never,
      defenceShares: await shares(store),
    });
    const row = (country: string, year: number) => report.rows.find((r) => r.country === country && r.year === year);
    expect(row('SVK', 2022)).toMatchObject({ reported: true, sharePercent: '2.0000', meets2Percent: true, estimate: false });
    expect(row('USA', 2024)).toMatchObject({ reported: false, sharePercent: '3.21', reportedSharePercent: '5', estimate: true, meets2Percent: true, meets3_5Percent: false });
    expect(row('NLD', 2024)).toMatchObject({ reported: false, reportedSharePercent: null, meets2Percent: true });
    expect(report.rows.filter((r) => r.reported)).toHaveLength(sampleFigures - 2);
  });

  it('an unknown country is named by file, line and column, and nothing of any file is written', async () => {
    const { error, seq, rows } = await rejected([sharesFile, join(fixtures, 'bad-country.csv')]);
    expect(error.message).toMatch(/bad-country\.csv:7:1 Country: "Atlantis" is not a country aidtrace knows$/);
    expect([seq, rows]).toEqual([0, 0]);
  });

  it('a cell that is not a decimal is named by file, line, column and year', async () => {
    const { error, seq } = await rejected([join(fixtures, 'bad-share.csv')]);
    expect(error.message).toMatch(/bad-share\.csv:3:3 2023: "1,61" is not a percentage of GDP such as 2\.05/);
    expect(seq).toBe(0);
  });

  it('an amount finer than the currency allows is refused, not rounded', async () => {
    const { error, seq, rows } = await rejected([join(fixtures, 'bad-amount.csv')]);
    expect(error.code).toBe('AMOUNT_PRECISION');
    expect(error.message).toMatch(/bad-amount\.csv:3: spending\.amount: JPY has 0 decimal places/);
    expect([seq, rows]).toEqual([0, 0]);
  });

  it('a file of derived columns and prose in multi-line quoted fields is refused at its header', async () => {
    const { error, seq } = await rejected([join(fixtures, 'commentary-sample.csv')]);
    expect(error.message).toMatch(/^.*commentary-sample\.csv:1: the columns "Country, Pct_GDP, .*, Commentary" are not a NATO defence expenditure table \(derived figures and commentary/);
    expect(seq).toBe(0);
  });

  it('a share above 100 percent and a share shown twice for one ally are refused', async () => {
    const over = join(dir, 'over.csv');
    writeFileSync(over, 'Country,2024\nPoland,100.5\n');
    expect((await rejected([over])).error.message).toMatch(/over\.csv:2:2 2024: 100\.5 is more than 100 percent of GDP/);
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, 'Country,2024\nPoland,3.1\nPoland,3.2\n');
    expect((await rejected([twice])).error.message).toMatch(/twice\.csv:3:1 Country: Poland \(POL\) is already on line 2/);
  });
});
