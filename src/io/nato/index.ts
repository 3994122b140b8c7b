import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { DomainError } from '../../domain/errors.js';
import { divRound } from '../../domain/money.js';
import { alpha3, countryName } from '../countries.js';
import { csvRecords, type CsvRecord } from '../csv/records.js';
import { csvLine } from '../csv/write.js';
import type { Exporter, Importer, ImportRun } from '../format.js';
import { fail, located, provenanceOf, rowsOf } from '../format.js';
import { compare, decimalText, normalize, readDecimal, roundHalfEven, shift, type Decimal } from '../decimal.js';

/**
 * NATO's defence expenditure tables, as CSV. Two layouts, told apart by the header:
 *
 * - Share of GDP per ally and year (`defence_per.csv`): `Country, 2014, …, 2023, 2024e`, a
 *   trailing "e" marking the years NATO estimates. Every figure becomes a `RecordDefenceShare`
 *   with id `nato:share:<ISO3>:<year>`. The rows for NATO's aggregates ("NATO Europe and
 *   Canada", "NATO Total") are no state's figure: skipped and counted.
 * - Amounts per ally and year: `Country, Year, Currency, Defence expenditure, GDP[, Source]`,
 *   both amounts in millions of the currency (national currency or USD, as NATO publishes
 *   them). Every row becomes a `RecordDefenceSpending` with id `nato:spending:<ISO3>:<year>`.
 *
 * Countries are named in English or by ISO code; a state's id is its alpha-3 code. Ids come
 * from the country and year, so importing the same file again changes nothing.
 */

const publisher = 'NATO';
const shareDataset = 'NATO defence expenditure (share of GDP)';
const amountDataset = 'NATO defence expenditure (amounts)';

/** What the importer reads, for messages about files it does not. */
const layouts = '"Country, 2014, …, 2024e" (share of GDP per year) or "Country, Year, Currency, Defence expenditure, GDP" (amounts in millions)';

/** The domain keeps a share of GDP to at most 4 decimals. */
const sharePlaces = 4;
const hundred: Decimal = { units: 100n, scale: 0 };

/** NATO's figures are plain non-negative decimals ("2.003724285", "1234.5"): no sign, no exponent. */
const plainDecimal = (text: string): Decimal | undefined => (/^\d+(?:\.\d+)?$/.test(text) ? readDecimal(text) : undefined);

const yearHeader = /^(\d{4})(e?)$/i;
const aggregateRow = /^NATO\b/i;
const aggregateReason = 'aggregate rows (NATO Europe and Canada, NATO Total)';
const amountColumns = ['country', 'year', 'currency', 'defence expenditure', 'gdp'] as const;

/** A header cell without case, surrounding space or a unit in brackets: "GDP (million)" → "gdp". */
function columnName(cell: string): string {
  return cell.replace(/\s*[([].*$/, '').trim().toLowerCase();
}

type Layout = { readonly kind: 'shares'; readonly years: readonly { readonly year: number; readonly estimate: boolean }[] } | { readonly kind: 'amounts'; readonly withSource: boolean };

function layoutOf(file: string, header: readonly string[]): Layout {
  const names = header.map(columnName);
  while (names.length > 1 && names[names.length - 1] === '') names.pop(); // a trailing comma
  if (names[0] === 'country' && names.length > 1 && names.slice(1).every((name) => yearHeader.test(name))) {
    const seen = new Set<number>();
    const years = names.slice(1).map((name, index) => {
      const [, digits = '', e = ''] = yearHeader.exec(name) as RegExpExecArray;
      const year = Number.parseInt(digits, 10);
      if (seen.has(year)) fail(`${file}:1:${index + 2}`, name, `the year ${year} has a second column`);
      seen.add(year);
      return { year, estimate: e !== '' };
    });
    return { kind: 'shares', years };
  }
  if (amountColumns.every((name, index) => names[index] === name) && (names.length === 5 || (names.length === 6 && names[5] === 'source'))) {
    return { kind: 'amounts', withSource: names.length === 6 };
  }
  const shown = header.length > 8 ? [...header.slice(0, 8), '…'] : header;
  const derived = names.includes('commentary') ? ' (derived figures and commentary, not NATO\'s table)' : '';
  throw new DomainError('VALIDATION_FAILED', `${file}:1: the columns "${shown.join(', ')}" are not a NATO defence expenditure table${derived}; aidtrace reads ${layouts}`);
}

/** The ISO alpha-3 code of the row's country, or a located error. */
function countryOf(file: string, record: CsvRecord, name: string): string {
  const code = name === '' ? undefined : alpha3(name);
  if (code === undefined) fail(`${file}:${record.line}:1`, 'Country', name === '' ? 'empty; expected a country' : `"${name}" is not a country aidtrace knows`);
  return code;
}

/** Notes a country's row, so that a second row for it is an error (a table has one row per ally, or per ally and year). */
function once(seen: Map<string, number>, key: string, file: string, record: CsvRecord, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) fail(`${file}:${record.line}:1`, 'Country', `${what} is already on line ${first}`);
  seen.set(key, record.line);
}

function* shareCommands(file: string, record: CsvRecord, cells: readonly string[], layout: Extract<Layout, { kind: 'shares' }>, run: ImportRun, seen: Map<string, number>): Generator<CommandEnvelope> {
  const name = cells[0] ?? '';
  if (aggregateRow.test(name)) {
    run.skip(aggregateReason);
    return;
  }
  const country = countryOf(file, record, name);
  once(seen, country, file, record, `${name} (${country})`);
  let last = cells.length;
  while (last > layout.years.length + 1 && cells[last - 1] === '') last -= 1;
  if (last > layout.years.length + 1) fail(`${file}:${record.line}:${layout.years.length + 2}`, name, `the row has ${last} cells, the header ${layout.years.length + 1}`);
  for (const [index, { year, estimate }] of layout.years.entries()) {
    const column = index + 2;
    const text = cells[index + 1] ?? '';
    const heading = `${year}${estimate ? 'e' : ''}`;
    if (text === '') {
      run.skip('empty cells (no figure published)');
      continue;
    }
    const where = `${file}:${record.line}:${column}`;
    const share = plainDecimal(text) ?? fail(where, heading, `"${text}" is not a percentage of GDP such as 2.05`);
    // NATO publishes up to nine decimals; the domain keeps at most four, so the figure is
    // rounded half to even to four decimals here, exactly (never a float).
    const rounded = roundHalfEven(share, sharePlaces);
    if (compare(rounded, hundred) > 0) fail(where, heading, `${text} is more than 100 percent of GDP`);
    const percentOfGdp = decimalText(rounded);
    yield located(`${where} ${heading}`, () =>
      parseCommand({
        id: `nato:share:${country}:${year}`,
        type: 'RecordDefenceShare',
        country,
        year,
        percentOfGdp,
        ...(estimate ? { estimate: true } : {}),
        // NATO gives a figure no identifier of its own; its row and column headings name it.
        provenance: provenanceOf(shareDataset, file, `line ${record.line}, column ${column}`, publisher, `${name}, ${heading}`),
      }),
    );
  }
}

/** An amount cell in millions, with or without thousands separators, in major units. */
function millions(where: string, field: string, text: string): string {
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replaceAll(',', '') : text;
  const value = plainDecimal(plain) ?? fail(where, field, `"${text}" is not an amount in millions such as 1234.5`);
  // Millions to major units, exactly: "1234.5" → "1234500000", "0.0000015" → "1.5".
  return decimalText(normalize(shift(value, 6)));
}

function* amountCommand(file: string, record: CsvRecord, cells: readonly string[], layout: Extract<Layout, { kind: 'amounts' }>, run: ImportRun, seen: Map<string, number>): Generator<CommandEnvelope> {
  const [name = '', yearText = '', currency = '', spendingText = '', gdpText = '', sourceText = ''] = cells;
  const width = layout.withSource ? 6 : 5;
  if (cells.slice(width).some((cell) => cell !== '')) fail(`${file}:${record.line}:${width + 1}`, name, `the row has ${cells.length} cells, the header ${width}`);
  if (aggregateRow.test(name)) {
    run.skip(aggregateReason);
    return;
  }
  const country = countryOf(file, record, name);
  if (!/^\d{4}$/.test(yearText)) fail(`${file}:${record.line}:2`, 'Year', `"${yearText}" is not a year such as 2024`);
  once(seen, `${country}:${yearText}`, file, record, `${name} (${country}) in ${yearText}`);
  if (spendingText === '' || gdpText === '') {
    run.skip('rows without an amount (no figure published)');
    return;
  }
  // Millions to major units by moving the decimal point; an amount finer than the currency's
  // minor unit is rejected by the command's own rule (AMOUNT_PRECISION), never rounded.
  const spending = millions(`${file}:${record.line}:4`, 'Defence expenditure', spendingText);
  const gdp = millions(`${file}:${record.line}:5`, 'GDP', gdpText);
  yield located(`${file}:${record.line}`, () =>
    parseCommand({
      id: `nato:spending:${country}:${yearText}`,
      type: 'RecordDefenceSpending',
      country,
      year: Number.parseInt(yearText, 10),
      spending: { amount: spending, currency },
      gdp: { amount: gdp, currency },
      source: sourceText === '' ? amountDataset : sourceText,
      provenance: provenanceOf(amountDataset, file, `line ${record.line}`, publisher, `${name}, ${yearText}`),
    }),
  );
}

export async function* natoTable(file: string, run: ImportRun): AsyncGenerator<CommandEnvelope> {
  let layout: Layout | undefined;
  const seen = new Map<string, number>();
  for await (const record of csvRecords(file)) {
    const cells = record.cells.map((cell) => cell.trim());
    if (!layout) {
      layout = layoutOf(file, cells);
      continue;
    }
    if (cells.every((cell) => cell === '')) continue;
    if (layout.kind === 'shares') yield* shareCommands(file, record, cells, layout, run, seen);
    else yield* amountCommand(file, record, cells, layout, run, seen);
  }
  if (!layout) throw new DomainError('VALIDATION_FAILED', `${file}: empty; aidtrace reads ${layouts}`);
}

export const natoImporter: Importer = {
  describe: `NATO defence expenditure tables: ${layouts}`,
  async *read(files, run) {
    for (const file of files) yield* natoTable(file, run);
  },
};

/** NATO's own spelling of the allies whose ISO English name differs, so that an export reads like NATO's table. */
const natoNames: Readonly<Record<string, string>> = {
  CZE: 'Czechia',
  MKD: 'North Macedonia',
  SVK: 'Slovak Republic',
  TUR: 'Türkiye',
  GBR: 'United Kingdom',
  USA: 'United States',
};

/** The name the export writes for a state: one the importer reads back as the same code. */
function nameOf(code: string): string {
  const name = natoNames[code] ?? countryName(code);
  return name !== undefined && alpha3(name) === code ? name : code;
}

/**
 * The ledger's shares of GDP in NATO's `Country, 2014, …, 2024e` layout, one row per state in
 * name order. A reported share is written as recorded; a year with only amounts gets the share
 * they give, to 4 decimals (half to even, in integers). A year is headed "e" when any of its
 * reported shares is an estimate.
 */
export const natoExporter: Exporter = {
  describe: 'defence expenditure as a share of GDP in NATO\'s layout (Country, 2014, …, 2024e)',
  mediaType: 'text/csv; charset=utf-8',
  async write(ledger, out) {
    const shares = await rowsOf(ledger, 'defenceShare');
    const amounts = await rowsOf(ledger, 'spending');
    const byCountry = new Map<string, Map<number, string>>();
    const years = new Map<number, boolean>();
    const put = (country: string, year: number, percent: string) => {
      let row = byCountry.get(country);
      if (!row) byCountry.set(country, (row = new Map()));
      row.set(year, percent);
      if (!years.has(year)) years.set(year, false);
    };
    for (const amount of amounts) {
      if (amount.gdpMinor <= 0n) continue;
      // percent × 10^4 = spending / GDP × 100 × 10^4, rounded half to even.
      put(amount.country, amount.year, decimalText({ units: divRound(amount.spendingMinor * 1_000_000n, amount.gdpMinor), scale: sharePlaces }));
    }
    for (const share of shares) {
      put(share.country, share.year, share.percentOfGdp);
      if (share.estimate === 1) years.set(share.year, true);
    }
    const columns = [...years.keys()].sort((a, b) => a - b);
    await out(csvLine(['Country', ...columns.map((year) => `${year}${years.get(year) ? 'e' : ''}`)]));
    const rows = [...byCountry.entries()].map(([code, cells]) => ({ name: nameOf(code), cells }));
    rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, cells } of rows) await out(csvLine([name, ...columns.map((year) => cells.get(year) ?? '')]));
  },
};
