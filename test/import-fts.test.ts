import type { Contribution } from '../src/domain/state.js';
import { parse } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { ftsExporter, ftsImporter } from '../src/io/fts/index.js';
import { rowsOf } from '../src/io/format.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/**
 * OCHA FTS flows: the project's own fixtures (a hand-made CSV and JSON whose figures are worked
 * out below by hand, and bad files), and the real Germany download in ../shared/data when present.
 */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const fixtures = join(import.meta.dirname, 'fixtures', 'fts');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-fts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
async function ledgerAt(name = `ledger-${(opened += 1)}.db`) {
  const store = SqliteStore.open(join(dir, name));
  const ledger = await Ledger.open(store, clock);
  return {
    store,
    ledger,
    contributions: () => rowsOf(store, 'contribution'),
    provenance: () => rowsOf(store, 'provenance'),
    parties: () => rowsOf(store, 'party'),
    rates: () => rowsOf(store, 'fxRate'),
  };
}

async function exported(store: SqliteStore): Promise<string> {
  let text = '';
  await ftsExporter.write(store, (piece) => void (text += piece), {});
  return text;
}

function byId(rows: readonly Contribution[]): Map<string, Contribution> {
  return new Map(rows.map((row) => [row.id, row]));
}

describe('FTS flows from the project fixtures', () => {
  const flows = join(fixtures, 'flows.csv');

  it('imports the CSV: children at their own amounts, a parked flow passed on in full cited on its children, the latest version kept', async () => {
    const { store, ledger, contributions, parties, rates, provenance } = await ledgerAt();
    const summary = await importFiles(ledger, ftsImporter, [flows]);
    // By hand: 7 contributions (101, 102, 200, 201, 300 v2, 400, 500), 6 parties (DEU, GIZ, UKR,
    // JOR, SSD, PSE), 4 rates (2024-03-01, 2024-01-15, 2024-05-02, 2024-06-10), 3 citations (100 on
    // 101 and 102, 300 v1 on 300): 20. Flow 102 repeats its day's rate, 201 has another one that day.
    expect(summary).toEqual({
      created: 20,
      alreadyInLedger: 0,
      merged: {
        'parked flow passed on in full (amount 0) to child flows in the file: cited on each child, counted there': 1,
        'earlier version of a flow (the latest version is recorded)': 1,
      },
      skipped: {
        'flows reported with amount 0': 1,
        'parked flows passed on in full to child flows that are not in the file (amount 0)': 1,
        "exchange rates: the ledger already has that day's rate": 1,
        'exchange rates: the ledger already has another rate for that day and currency': 1,
      },
      events: 20,
      dryRun: false,
    });
    const rows = byId(await contributions());
    expect([...rows.keys()].sort()).toEqual(['fts:101', 'fts:102', 'fts:200', 'fts:201', 'fts:300', 'fts:400', 'fts:500']);
    expect(rows.get('fts:101')).toMatchObject({ donorId: 'DEU', recipientId: 'UKR', kind: 'money', stage: 'committed', currency: 'EUR', amountMinor: 100000000n, announcedOn: '2024-03-01', category: 'humanitarian' });
    expect(rows.get('fts:101')?.description).toBe('Shelter and winterisation\nFTS: to Office of the United Nations High Commissioner for Refugees\nFTS: in Ukraine\nFTS: part of flow 100');
    // Two countries: no single recipient.
    expect(rows.get('fts:102')).toMatchObject({ recipientId: null, stage: 'disbursed', amountMinor: 25000050n, disbursedMinor: 25000050n });
    expect(rows.get('fts:200')?.description).toMatch(/\nFTS: flow type Parked \(money parked with the organisation, not yet passed on\)$/);
    expect(rows.get('fts:200')).toMatchObject({ amountMinor: 30000000n, recipientId: 'JOR' });
    expect(rows.get('fts:300')).toMatchObject({ stage: 'disbursed', amountMinor: 50000000n, recipientId: 'SSD' });
    expect(rows.get('fts:400')).toMatchObject({ donorId: 'org:fts-2987', currency: 'USD', amountMinor: 200000000n, stage: 'announced', committedMinor: 0n, recipientId: null });
    expect(rows.get('fts:500')).toMatchObject({ kind: 'in_kind', stage: 'delivered', valuationMethod: 'stated', quantity: 1, unit: 'lot', recipientId: 'PSE', amountMinor: 4500000n });
    // Committed euros by hand: 1,000,000.00 + 250,000.50 + 300,000.00 + 700,000.00 + 500,000.00 + 45,000.00.
    const committedEur = [...rows.values()].filter((row) => row.currency === 'EUR').reduce((sum, row) => sum + row.committedMinor, 0n);
    expect(committedEur).toBe(279500050n);

    const partyList = await parties();
    expect(partyList.map((party) => `${party.id} ${party.kind} ${party.roles}`).sort()).toEqual([
      'DEU state donor', 'JOR state recipient', 'PSE state recipient', 'SSD state recipient', 'UKR state recipient', 'org:fts-2987 organisation donor',
    ]);
    expect(partyList.find((party) => party.id === 'org:fts-2987')).toMatchObject({ name: 'Deutsche Gesellschaft für Internationale Zusammenarbeit', country: 'DEU' });
    // 1 / 0.9 and 1 / 0.92 to twelve places, half to even: FTS gives euros per dollar, the ledger dollars per euro.
    const rateRows = await rates();
    expect(rateRows.find((rate) => rate.date === '2024-03-01')).toMatchObject({ base: 'EUR', quote: 'USD', rate: '1.111111111111' });
    expect(rateRows.find((rate) => rate.date === '2024-01-15')?.rate).toBe('1.086956521739');
    expect(rateRows).toHaveLength(4);

    const sources = await provenance();
    expect(sources.filter((row) => row.recordId === 'fts:101').map((row) => [row.file, row.locator, row.publisher, row.publisherRef, row.note])).toEqual([
      ['flows.csv', 'line 3', 'UN OCHA FTS', '101 v1', null],
      ['flows.csv', 'line 2', 'UN OCHA FTS', '100 v1', 'part of FTS parked flow 100, passed on in full to its child flows'],
    ]);
    // Row 102's description spans two lines: flow 200 starts on line 6.
    expect(sources.find((row) => row.recordId === 'fts:200')).toMatchObject({ locator: 'line 6', publisherRef: '200 v1' });
    expect(sources.filter((row) => row.recordId === 'fts:300').map((row) => row.publisherRef)).toEqual(['300 v2', '300 v1']);
    expect(sources.find((row) => row.recordKind === 'fxRate' && row.recordId === '2024-01-15:EUR:USD')?.publisherRef).toBe('200 v1');
    expect(sources.find((row) => row.recordKind === 'party' && row.recordId === 'DEU')).toMatchObject({ file: 'flows.csv', locator: 'line 3' });

    const head = await store.head();
    const again = await importFiles(ledger, ftsImporter, [flows]);
    expect(again.created).toBe(0);
    expect(again.alreadyInLedger).toBe(7 + 3);
    expect(await store.head()).toEqual(head);
    await store.close();
  });

  it('reads the API JSON the same way, locating each flow by its JSON path', async () => {
    const { store, ledger, contributions, provenance, rates } = await ledgerAt();
    const summary = await importFiles(ledger, ftsImporter, [join(fixtures, 'flows.json')]);
    // By hand: 2 contributions (9101 v2, 9102), 2 parties (DEU, UKR), 1 rate, 3 citations (9100 on 9101 and 9102, 9101 v1).
    expect(summary).toMatchObject({
      created: 8,
      merged: {
        'parked flow passed on in full (amount 0) to child flows in the file: cited on each child, counted there': 1,
        'earlier version of a flow (the latest version is recorded)': 1,
      },
      skipped: { "exchange rates: the ledger already has that day's rate": 1 },
    });
    const rows = byId(await contributions());
    expect(rows.get('fts:9101')).toMatchObject({ stage: 'disbursed', amountMinor: 80000000n, recipientId: 'UKR', donorId: 'DEU' });
    expect(rows.get('fts:9101')?.description).toMatch(/^Winter assistance for displaced people in Kharkiv and Dnipro\n/);
    expect(rows.get('fts:9102')).toMatchObject({ stage: 'committed', amountMinor: 70000025n });
    expect(rows.get('fts:9102')?.description).toMatch(/^Protection monitoring — "Oblast" teams\n/);
    expect((await rates())[0]).toMatchObject({ date: '2024-09-10', base: 'EUR', quote: 'USD', rate: '1.086956521739' });
    const sources = await provenance();
    expect(sources.filter((row) => row.recordId === 'fts:9101').map((row) => [row.file, row.locator, row.publisherRef])).toEqual([
      ['flows.json', 'data.flows[2]', '9101 v2'],
      ['flows.json', 'data.flows[0]', '9100 v1'],
      ['flows.json', 'data.flows[1]', '9101 v1'],
    ]);
    await store.close();
  });

  it('a dry run reports the same and writes nothing', async () => {
    const { store, ledger, contributions } = await ledgerAt();
    const summary = await importFiles(ledger, ftsImporter, [flows], { dryRun: true });
    expect(summary).toMatchObject({ created: 20, dryRun: true });
    expect((await store.head()).seq).toBe(0);
    expect(await contributions()).toHaveLength(0);
    await store.close();
  });

  it('rejects bad files with file, line, column, field and reason, and writes nothing of them', async () => {
    const cases: [string, RegExp][] = [
      ['bad-amount.csv', /bad-amount\.csv:3:5 originalAmount: "250\.000,50" is not an amount/],
      ['bad-literal.csv', /bad-literal\.csv:3:17 destinationObjects: not a valid Python literal at character 43 of the cell: the string opened here is never closed with '/],
      ['bad-status.csv', /bad-status\.csv:3:8 status: unknown status "disbursed"; expected pledge, commitment or paid/],
      ['bad-status.json', /bad-status\.json data\.flows\[1\]\.status: unknown status "approved"; expected pledge, commitment or paid/],
    ];
    for (const [file, message] of cases) {
      const { store, ledger } = await ledgerAt();
      // A good file first, in the same import: none of it may be written either.
      const good = join(fixtures, file.endsWith('.json') ? 'flows.csv' : 'flows.json');
      await expect(importFiles(ledger, ftsImporter, [good, join(fixtures, file)])).rejects.toThrow(message);
      expect((await store.head()).seq, file).toBe(0);
      await store.close();
    }
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"data": {"flows": [\n  {"id": 1,}\n]}}\n');
    const { store, ledger } = await ledgerAt();
    await expect(importFiles(ledger, ftsImporter, [broken])).rejects.toThrow(/broken\.json:2:12: not valid JSON: a comma before "}"/);
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, JSON.stringify({ data: { flows: [JSON.parse(readFileSync(join(fixtures, 'flows.json'), 'utf8')).data.flows[1], JSON.parse(readFileSync(join(fixtures, 'flows.json'), 'utf8')).data.flows[1]] } }));
    await expect(importFiles(ledger, ftsImporter, [twice])).rejects.toThrow(/twice\.json data\.flows\[1\]\.versionId: flow 9101 version 1 is also at .*twice\.json data\.flows\[0\]/);
    const notFts = join(dir, 'not-fts.csv');
    writeFileSync(notFts, 'Date,USD\n2024-01-01,1.1\n');
    await expect(importFiles(ledger, ftsImporter, [notFts])).rejects.toThrow(/not-fts\.csv:1: not an FTS flow file: no column "id", "amountUSD", "status"/);
    expect((await store.head()).seq).toBe(0);
    await store.close();
  });

  it('gives a party the ledger holds as a donor only the role recipient when a flow goes to it, with its source', async () => {
    const { store, ledger } = await ledgerAt();
    await ledger.executeOne(parseCommand({ id: 'ukr', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['donor'], country: 'UKR' }));
    await importFiles(ledger, ftsImporter, [flows]);
    const ukraine = (await rowsOf(store, 'party')).find((row) => row.id === 'UKR');
    expect(ukraine?.roles).toBe('donor,recipient');
    const granted = (await rowsOf(store, 'provenance')).filter((row) => row.recordKind === 'party' && row.recordId === 'UKR');
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ dataset: 'OCHA Financial Tracking Service', file: 'flows.csv' });
    await store.close();
  });

  it('exports in the FTS layout, and the export reads back to the same contributions', async () => {
    const first = await ledgerAt();
    await importFiles(first.ledger, ftsImporter, [flows]);
    const text = await exported(first.store);
    const lines = parse(text, { columns: true }) as Record<string, string>[];
    const flow101 = lines.find((line) => line.id === '101');
    expect(flow101).toMatchObject({ originalAmount: '1000000.00', originalCurrency: 'EUR', exchangeRate: '0.9', amountUSD: '1111111', status: 'commitment', parentFlowId: '100', flowType: 'Standard', date: '2024-03-01T00:00:00Z', description: 'Shelter and winterisation' });
    expect(flow101?.destinationObjects).toBe("[{'type': 'Organization', 'id': None, 'name': 'Office of the United Nations High Commissioner for Refugees'}, {'type': 'Location', 'id': None, 'name': 'Ukraine'}]");
    expect(lines.find((line) => line.id === '500')?.destinationObjects).toContain(`"Save the Children's Fund"`);
    expect(lines.find((line) => line.id === '400')).toMatchObject({ amountUSD: '2000000', originalCurrency: 'USD', status: 'pledge', exchangeRate: '' });
    const file = join(dir, 'exported-fixture.csv');
    writeFileSync(file, text);
    const second = await ledgerAt();
    await importFiles(second.ledger, ftsImporter, [file]);
    expect(await second.contributions()).toEqual(await first.contributions());
    expect(await second.parties()).toEqual(await first.parties());
    await first.store.close();
    await second.store.close();
  });
});

const data = join(import.meta.dirname, '..', '..', 'shared', 'data');
const realFile = join(data, 'fts', 'fts_api_grouped_germany.csv');
const present = existsSync(realFile);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`${realFile} is missing; CI needs the shared data`);
  console.warn(`skipping the real FTS data tests: ${realFile} is not there`);
}

/** "2221403.0" → 222140300n cents, by string manipulation. */
function cents(text: string): bigint {
  const [whole = '', fraction = ''] = text.split('.');
  const kept = fraction.replace(/0+$/, '');
  if (kept.length > 2) throw new Error(`${text} has more than two decimals`);
  return BigInt(whole) * 100n + BigInt(kept.padEnd(2, '0'));
}

/** A decimal text as units and scale: "0.837" → [837n, 3]. */
function ratio(text: string): [bigint, number] {
  const [whole = '', fraction = ''] = text.split('.');
  return [BigInt(whole + fraction), fraction.length];
}

describe.skipIf(!present)('the real FTS download (Government of Germany, 755 flows)', () => {
  const rows = present ? (parse(readFileSync(realFile), { columns: true }) as Record<string, string>[]) : [];
  const parentOf = (row: Record<string, string>) => row.parentFlowId?.replace(/\.0$/, '') ?? '';
  const valued = (row: Record<string, string>) => (row.originalAmount !== '' && row.originalCurrency !== '' && cents(row.originalAmount as string) > 0n) || BigInt(row.amountUSD || '0') > 0n;
  const kept = rows.filter(valued);
  const zero = rows.filter((row) => !valued(row));
  const keptParents = new Set(kept.map(parentOf).filter((id) => id !== ''));
  const mergedParents = zero.filter((row) => keptParents.has(row.id as string));
  const merged = new Set(mergedParents.map((row) => row.id));
  const citations = kept.filter((row) => merged.has(parentOf(row))).length;
  const unmerged = zero.filter((row) => !merged.has(row.id));
  const withRate = kept.filter((row) => row.originalCurrency !== '' && row.originalCurrency !== 'USD' && row.originalAmount !== '' && cents(row.originalAmount as string) > 0n && row.exchangeRate !== '');
  const firstRate = new Map<string, string>();
  let sameRate = 0;
  let otherRate = 0;
  for (const row of withRate) {
    const key = `${row.date?.slice(0, 10)}:${row.originalCurrency}`;
    const rate = (row.exchangeRate as string).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    const first = firstRate.get(key);
    if (first === undefined) firstRate.set(key, rate);
    else if (first === rate) sameRate += 1;
    else otherRate += 1;
  }

  it('has the shape the data README describes', () => {
    expect(rows).toHaveLength(755);
    expect(new Set(rows.map((row) => row.id)).size).toBe(755); // one version per flow: no version merges here
    expect(rows.filter((row) => row.parentFlowId !== '')).toHaveLength(447);
    expect(rows.filter((row) => row.childFlowIds !== '')).toHaveLength(202);
  });

  it('FTS gives the exchange rate as original currency per US dollar (checked exactly on every flow)', () => {
    let perDollar = 0;
    let perUnit = 0;
    const both = kept.filter((row) => row.exchangeRate !== '' && row.originalAmount !== '' && BigInt(row.amountUSD as string) > 0n);
    for (const row of both) {
      const [units, scale] = ratio(row.exchangeRate as string);
      const original = cents(row.originalAmount as string);
      const usd = BigInt(row.amountUSD as string) * 100n;
      const tenth = (value: bigint) => (value < 0n ? -value : value) * 1000n;
      // originalAmount ≈ amountUSD × exchangeRate, within 0.1 %
      if (tenth(usd * units - original * 10n ** BigInt(scale)) <= original * 10n ** BigInt(scale)) perDollar += 1;
      // amountUSD ≈ originalAmount × exchangeRate, within 0.1 %
      if (tenth(original * units - usd * 10n ** BigInt(scale)) <= usd * 10n ** BigInt(scale)) perUnit += 1;
    }
    expect(both.length).toBeGreaterThan(500);
    expect(perDollar).toBeGreaterThan(both.length * 0.95);
    expect(perUnit).toBeLessThan(both.length * 0.1);
  });

  it('a parked flow keeps only what it has not passed on: its children and its amountUSD never exceed fullParkedAmountUSD', () => {
    const byFlow = new Map(rows.map((row) => [row.id, row]));
    const parents = rows.filter((row) => row.childFlowIds !== '' && row.fullParkedAmountUSD !== '');
    expect(parents.length).toBeGreaterThan(150);
    for (const parent of parents) {
      const children = (JSON.parse(parent.childFlowIds as string) as number[]).map((id) => byFlow.get(String(id))).filter((row) => row !== undefined);
      const passedOn = children.reduce((sum, child) => sum + BigInt(child.amountUSD as string), 0n);
      expect(BigInt(parent.amountUSD as string) + passedOn, parent.id).toBeLessThanOrEqual(cents(parent.fullParkedAmountUSD as string) / 100n);
    }
  });

  it('imports with the summary counted from the file, the committed euros to the cent, provenance for every record', async () => {
    const { store, ledger, contributions, parties, provenance, rates } = await ledgerAt('real.db');
    const dry = await importFiles(ledger, ftsImporter, [realFile], { dryRun: true });
    expect((await store.head()).seq).toBe(0);
    const summary = await importFiles(ledger, ftsImporter, [realFile]);
    expect({ ...dry, dryRun: false }).toEqual(summary);

    const partyRows = await parties();
    expect(summary.created).toBe(kept.length + firstRate.size + citations + partyRows.length);
    expect(summary.merged).toEqual({ 'parked flow passed on in full (amount 0) to child flows in the file: cited on each child, counted there': mergedParents.length });
    expect(summary.skipped).toEqual({
      'flows reported with amount 0': unmerged.filter((row) => row.childFlowIds === '').length,
      'parked flows passed on in full to child flows that are not in the file (amount 0)': unmerged.filter((row) => row.childFlowIds !== '').length,
      "exchange rates: the ledger already has that day's rate": sameRate,
      'exchange rates: the ledger already has another rate for that day and currency': otherRate,
    });
    // The figures, as documented: 553 flows recorded, 192 parked flows cited on their children, 10 skipped.
    expect([kept.length, mergedParents.length, unmerged.length]).toEqual([553, 192, 10]);

    const recorded = await contributions();
    expect(recorded).toHaveLength(kept.length);
    const byStage = (stage: string) => recorded.filter((row) => row.stage === stage).length;
    expect(byStage('announced')).toBe(kept.filter((row) => row.status === 'pledge').length);
    expect(byStage('committed')).toBe(kept.filter((row) => row.status === 'commitment').length);
    expect(byStage('disbursed') + byStage('delivered')).toBe(kept.filter((row) => row.status === 'paid').length);
    expect(recorded.filter((row) => row.kind === 'in_kind')).toHaveLength(kept.filter((row) => row.contributionType === 'in kind').length);

    const eurRows = kept.filter((row) => row.originalCurrency === 'EUR' && row.status !== 'pledge' && cents(row.originalAmount as string) > 0n);
    const expectedEur = eurRows.reduce((sum, row) => sum + cents(row.originalAmount as string), 0n);
    const committedEur = recorded.filter((row) => row.currency === 'EUR').reduce((sum, row) => sum + row.committedMinor, 0n);
    expect(committedEur).toBe(expectedEur);
    const usdRows = kept.filter((row) => row.originalAmount === '' || cents(row.originalAmount as string) === 0n);
    expect(recorded.filter((row) => row.currency === 'USD').reduce((sum, row) => sum + row.amountMinor, 0n)).toBe(usdRows.reduce((sum, row) => sum + BigInt(row.amountUSD as string) * 100n, 0n));

    expect(partyRows.find((party) => party.id === 'DEU')).toMatchObject({ kind: 'state', roles: 'donor' });
    expect(partyRows.filter((party) => party.id.startsWith('org:fts-')).map((party) => party.id).sort()).toEqual(['org:fts-2987', 'org:fts-6544']);
    expect(partyRows.filter((party) => party.roles === 'recipient').length).toBe(partyRows.length - 3);

    // The first flow's rate: 1 / 0.837 dollars per euro, and its euros convert to its dollars within a dollar.
    const first = rows[0] as Record<string, string>;
    const rate = (await rates()).find((row) => row.date === first.date?.slice(0, 10) && row.base === 'EUR');
    const [units, scale] = ratio(rate?.rate ?? '0');
    const converted = (cents(first.originalAmount as string) * units) / 10n ** BigInt(scale);
    expect(converted - BigInt(first.amountUSD as string) * 100n).toBeLessThan(100n);
    expect(BigInt(first.amountUSD as string) * 100n - converted).toBeLessThan(100n);

    const sources = await provenance();
    expect(sources.find((row) => row.recordId === `fts:${first.id}`)).toMatchObject({ file: 'fts_api_grouped_germany.csv', locator: 'line 2', publisher: 'UN OCHA FTS', publisherRef: `${first.id} v${first.versionId}` });
    const cited = new Set(sources.filter((row) => row.recordKind === 'contribution').map((row) => row.recordId));
    expect(recorded.every((row) => cited.has(row.id))).toBe(true);
    expect(sources.filter((row) => row.note?.startsWith('part of FTS parked flow'))).toHaveLength(citations);

    const head = await store.head();
    const again = await importFiles(ledger, ftsImporter, [realFile]);
    expect(again.created).toBe(0);
    expect(again.alreadyInLedger).toBe(kept.length + citations);
    expect(await store.head()).toEqual(head);

    const file = join(dir, 'exported-real.csv');
    writeFileSync(file, await exported(store));
    const copy = await ledgerAt('real-copy.db');
    await importFiles(copy.ledger, ftsImporter, [file]);
    expect(await copy.contributions()).toEqual(recorded);
    expect(await copy.rates()).toEqual(await rates());
    await copy.store.close();
    await store.close();
  });
});
