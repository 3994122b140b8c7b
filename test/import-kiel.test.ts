import type { Contribution } from '../src/domain/state.js';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { kielExporter, kielImporter } from '../src/io/kiel/index.js';
import { billions } from '../src/io/kiel/export.js';
import { euroCents } from '../src/io/kiel/shared.js';
import { rowsOf } from '../src/io/format.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/**
 * The Kiel Ukraine Support Tracker: data_explorer.csv (donor × month, € billion) and the
 * flattened sub-activity sheet bilateral_activities.csv, imported into a ledger and exported
 * back in the data explorer's layout.
 */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const fixtures = join(import.meta.dirname, 'fixtures', 'kiel');
const shared = join(import.meta.dirname, '..', '..', 'shared', 'data', 'kiel');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-kiel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
async function withLedger<T>(work: (ledger: Ledger, store: SqliteStore) => Promise<T>, name = `ledger-${(opened += 1)}.db`): Promise<T> {
  const store = SqliteStore.open(join(dir, name));
  try {
    return await work(await Ledger.open(store, clock), store);
  } finally {
    await store.close();
  }
}

const contributions = (store: SqliteStore) => rowsOf(store, 'contribution');
const provenance = (store: SqliteStore) => rowsOf(store, 'provenance');
const parties = (store: SqliteStore) => rowsOf(store, 'party');

/** € billion → cents, written here apart from the importer: the decimal point moved 11 places. */
function billionCents(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  expect(fraction.length).toBeLessThanOrEqual(11);
  return BigInt(whole + fraction.padEnd(11, '0'));
}

/** Euros → cents rounded half to even, written here apart from the importer. */
function eurosToCents(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  const kept = BigInt(whole + fraction.slice(0, 2).padEnd(2, '0'));
  const rest = fraction.slice(2);
  if (rest === '' || /^0*$/.test(rest)) return kept;
  const half = `5${'0'.repeat(rest.length - 1)}`;
  if (rest > half) return kept + 1n;
  if (rest < half) return kept;
  return kept % 2n === 0n ? kept : kept + 1n;
}

function csvRows(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('amounts', () => {
  it('€ billion and euros become cents exactly, finer values rounded half to even, anything else refused', () => {
    expect(euroCents('0.002645', 9)).toBe(264_500_000n);
    expect(euroCents('1.2705', 9)).toBe(127_050_000_000n);
    expect(euroCents('5e-06', 9)).toBe(500_000n);
    expect(euroCents('1.25e-05', 9)).toBe(1_250_000n);
    expect(euroCents('0.000000000005', 9)).toBe(0n); // half a cent: to the even 0
    expect(euroCents('0.000000000015', 9)).toBe(2n); // one and a half cents: to the even 2
    expect(euroCents('0.000000000025', 9)).toBe(2n);
    expect(euroCents('23417159.978473667', 0)).toBe(2_341_715_998n);
    expect(euroCents('-0.6', 9)).toBe(-60_000_000_000n);
    for (const bad of ['n/a', '', '1,5', '0x10', '1e', '.5', 'Infinity']) expect(euroCents(bad, 9), bad).toBeUndefined();
  });

  it('the export writes € billion with 6 decimals, rounding half to even to €1,000', () => {
    expect(billions(264_500_000n)).toBe('0.002645');
    expect(billions(0n)).toBe('0.000000');
    expect(billions(127_050_000_000n)).toBe('1.270500');
    expect(billions(150_000n)).toBe('0.000002'); // €1,500 → €2,000 (even)
    expect(billions(250_000n)).toBe('0.000002'); // €2,500 → €2,000 (even)
    expect(billions(-60_000_000_000n)).toBe('-0.600000');
  });
});

describe('data_explorer.csv (own fixture)', () => {
  const file = join(fixtures, 'r29', 'data_explorer.csv');

  it('a dry run says what it would create and writes nothing', async () => {
    await withLedger(async (ledger, store) => {
      const summary = await importFiles(ledger, kielImporter, [file], { dryRun: true });
      expect(summary).toMatchObject({ created: 14, alreadyInLedger: 0, dryRun: true });
      expect((await store.head()).seq).toBe(0);
      expect(await contributions(store)).toHaveLength(0);
      // release_info.csv given as a file of its own is read with data_explorer.csv and adds nothing.
      const info = await importFiles(ledger, kielImporter, [join(fixtures, 'r29', 'release_info.csv')]);
      expect(info).toMatchObject({ created: 0, skipped: { 'release_info.csv (read with the data_explorer.csv beside it)': 1 } });
    });
  });

  it('imports each non-zero category cell as a committed contribution to Ukraine, with its provenance', async () => {
    await withLedger(async (ledger, store) => {
      const summary = await importFiles(ledger, kielImporter, [file]);
      // 5 parties (AUS, UKR, org:EU, DEU, NOR) and 9 contributions.
      expect(summary.created).toBe(14);
      expect(summary.skipped).toEqual({
        'zero amounts': 12,
        'aggregate columns total, commitments and to_be_allocated (sums and differences of the category columns; recording them would count the aid twice)': 17,
      });
      const rows = await contributions(store);
      expect(rows).toHaveLength(9);
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get('kiel:r29:AUS:2022-02:military')).toMatchObject({
        donorId: 'AUS',
        kind: 'money',
        stage: 'committed',
        currency: 'EUR',
        amountMinor: 264_500_000n,
        recipientId: 'UKR',
        category: 'military',
        announcedOn: '2022-02-01',
      });
      expect(byId.get('kiel:r29:EU:2022-03:financial')).toMatchObject({ donorId: 'org:EU', amountMinor: 127_050_000_000n });
      expect(byId.get('kiel:r29:NOR:2025-05:military')?.amountMinor).toBe(500_000n);
      expect(byId.has('kiel:r29:NOR:2025-04:military')).toBe(false);
      const partyRows = await parties(store);
      expect(partyRows.find((party) => party.id === 'org:EU')).toMatchObject({ name: 'EU (Commission and Council)', kind: 'organisation', roles: 'donor', country: null });
      expect(partyRows.find((party) => party.id === 'UKR')).toMatchObject({ kind: 'state', roles: 'recipient', country: 'UKR' });
      expect(partyRows.find((party) => party.id === 'DEU')).toMatchObject({ name: 'Germany', kind: 'state', roles: 'donor', country: 'DEU' });
      const sources = await provenance(store);
      expect(sources.find((row) => row.recordId === 'kiel:r29:AUS:2022-03:humanitarian')).toMatchObject({
        recordKind: 'contribution',
        dataset: 'Kiel Ukraine Support Tracker, release 29',
        file: 'data_explorer.csv',
        locator: 'line 3',
        publisher: 'Kiel Institute for the World Economy',
        publisherRef: 'AUS/2022-03/humanitarian',
      });
      expect(sources.find((row) => row.recordKind === 'party' && row.recordId === 'org:EU')).toMatchObject({ locator: 'line 4', publisherRef: 'EU/2022-03/financial' });
    });
  });

  it('importing the same file again changes nothing', async () => {
    await withLedger(async (ledger, store) => {
      await importFiles(ledger, kielImporter, [file]);
      const head = await store.head();
      const again = await importFiles(ledger, kielImporter, [file]);
      // The parties are in the ledger: no command for them; the contributions replay.
      expect(again).toMatchObject({ created: 0, alreadyInLedger: 9 });
      expect(await store.head()).toEqual(head);
    });
  });

  it('the export gives back the fixture’s figures, and re-imports to the same records', async () => {
    const exported = join(dir, 'export');
    mkdirSync(exported);
    const first = await withLedger(async (ledger, store) => {
      await importFiles(ledger, kielImporter, [file]);
      let text = '';
      await kielExporter.write(store, (piece) => void (text += piece), {});
      writeFileSync(join(exported, 'data_explorer.csv'), text);
      return contributions(store);
    });
    const source = csvRows(file);
    const written = csvRows(join(exported, 'data_explorer.csv'));
    const key = (row: Record<string, string>) => `${row.iso}:${row.year}:${row.month}`;
    const out = new Map(written.map((row) => [key(row), row]));
    for (const row of source) {
      const allocated = ['financial', 'humanitarian', 'military'].map((name) => euroCents(row[name] ?? '', 9) ?? -1n);
      if (allocated.every((cents) => cents === 0n)) {
        expect(out.has(key(row)), key(row)).toBe(false);
        continue;
      }
      const back = out.get(key(row));
      expect(back, key(row)).toBeDefined();
      for (const name of ['country', 'total', 'financial', 'humanitarian', 'military']) {
        if (name === 'country') expect(back?.country).toBe(row.country);
        else expect(euroCents(back?.[name] ?? '', 9), `${key(row)} ${name}`).toBe(euroCents(row[name] ?? '', 9));
      }
    }
    expect(written).toHaveLength(source.filter((row) => ['financial', 'humanitarian', 'military'].some((name) => euroCents(row[name] ?? '', 9) !== 0n)).length);
    // Re-imported into another ledger, the export gives the same contributions.
    copyFileSync(join(fixtures, 'r29', 'release_info.csv'), join(exported, 'release_info.csv'));
    const second = await withLedger(async (ledger, store) => {
      await importFiles(ledger, kielImporter, [join(exported, 'data_explorer.csv')]);
      return contributions(store);
    });
    const essence = (rows: readonly Contribution[]) =>
      rows.map(({ id, donorId, stage, currency, amountMinor, category, announcedOn, recipientId }) => ({ id, donorId, stage, currency, amountMinor, category, announcedOn, recipientId })).sort((a, b) => a.id.localeCompare(b.id));
    expect(essence(second)).toEqual(essence(first));
  });

  it('the export converts other currencies at the ledger’s rates and fills to_be_allocated from announced aid', async () => {
    await withLedger(async (ledger, store) => {
      await importFiles(ledger, kielImporter, [file]);
      await ledger.execute([
        parseCommand({ id: 'fx-1', type: 'RecordFxRate', date: '2022-03-01', base: 'EUR', quote: 'USD', rate: '1.25' }),
        parseCommand({ id: 'usd-1', type: 'RecordContribution', contributionId: 'usd-1', donorId: 'AUS', kind: 'money', stage: 'committed', value: { amount: '1250000.00', currency: 'USD' }, at: '2022-03-15', category: 'Military', description: 'x', recipientId: 'UKR' }),
        parseCommand({ id: 'ann-1', type: 'RecordContribution', contributionId: 'ann-1', donorId: 'AUS', kind: 'money', stage: 'announced', value: { amount: '3000000.00', currency: 'EUR' }, at: '2022-03-20', category: 'financial', description: 'x', recipientId: 'UKR' }),
      ]);
      let text = '';
      await kielExporter.write(store, (piece) => void (text += piece), {});
      const row = csvRows(join(fixtures, 'r29', 'data_explorer.csv')).find((entry) => entry.iso === 'AUS' && entry.month === '3');
      const out = (parse(text, { columns: true }) as Record<string, string>[]).find((entry) => entry.iso === 'AUS' && entry.month === '3');
      // USD 1,250,000 at 1.25 USD per euro is EUR 1,000,000 = 0.001 billion more military aid.
      expect(euroCents(out?.military ?? '', 9)).toBe((euroCents(row?.military ?? '', 9) ?? 0n) + 100_000_000n);
      expect(out?.to_be_allocated).toBe('0.003000');
      expect(euroCents(out?.commitments ?? '', 9)).toBe((euroCents(out?.total ?? '', 9) ?? 0n) + 300_000_000n);
    });
  });

  it('refuses a file without release_info.csv beside it', async () => {
    const alone = join(dir, 'alone');
    mkdirSync(alone);
    copyFileSync(file, join(alone, 'data_explorer.csv'));
    await withLedger(async (ledger, store) => {
      await expect(importFiles(ledger, kielImporter, [join(alone, 'data_explorer.csv')])).rejects.toThrow(/data_explorer\.csv: the Kiel release is not known: put the release_info\.csv published with data_explorer\.csv beside it/);
      expect((await store.head()).seq).toBe(0);
    });
  });

  it('a bad amount is named by file, line, column and field, and nothing of the import is written', async () => {
    await withLedger(async (ledger, store) => {
      await expect(importFiles(ledger, kielImporter, [file, join(fixtures, 'r29', 'bad-amount.csv')])).rejects.toThrow(/bad-amount\.csv:3:7 humanitarian: "n\/a" is not a number of € billion/);
      expect((await store.head()).seq).toBe(0);
      expect(await contributions(store)).toHaveLength(0);
    });
  });

  it('an unknown country code is named by file, line and column', async () => {
    await withLedger(async (ledger, store) => {
      await expect(importFiles(ledger, kielImporter, [join(fixtures, 'r29', 'bad-country.csv')])).rejects.toThrow(/bad-country\.csv:2:2 iso: "ATL" is not an ISO 3166 alpha-3 country code/);
      expect((await store.head()).seq).toBe(0);
    });
  });

  it('a header that is no Kiel layout, and Kiel’s aggregate files, are refused by name', async () => {
    await withLedger(async (ledger, store) => {
      await expect(importFiles(ledger, kielImporter, [join(fixtures, 'r29', 'wrong-header.csv')])).rejects.toThrow(
        /wrong-header\.csv:1: the header .* is not a Kiel layout aidtrace reads \(data_explorer\.csv .* and bilateral_activities\.csv .*\); closest is data_explorer\.csv, which lacks "military"/,
      );
      await expect(importFiles(ledger, kielImporter, [file, join(fixtures, 'weapons.csv')])).rejects.toThrow(
        /weapons\.csv:1: this is Kiel's weapons\.csv \(heavy weapons per donor and category\), an aggregate .* would count that aid twice\. The Kiel layouts aidtrace reads are data_explorer\.csv/,
      );
      expect((await store.head()).seq).toBe(0);
    });
  });

  it('a party in the ledger without the donor role is given it, citing the row', async () => {
    await withLedger(async (ledger, store) => {
      await ledger.execute([parseCommand({ id: 'p-deu', type: 'RegisterParty', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['producer'], country: 'DEU' })]);
      await importFiles(ledger, kielImporter, [file]);
      const germany = (await parties(store)).find((row) => row.id === 'DEU');
      expect(germany?.roles).toBe('donor,producer');
      const sources = await provenance(store);
      expect(sources.find((row) => row.recordKind === 'party' && row.recordId === 'DEU')).toMatchObject({ file: 'data_explorer.csv', locator: 'line 5' });
    });
  });

  it('the command line prints the summary with its reasons', async () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
    const result = spawnSync(process.execPath, [bin, 'import', 'kiel', file, '--db', join(dir, 'cli.db'), '--dry-run'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^kiel: 14 records would be created, 0 already in the ledger \(dry run: nothing was written\)$/m);
    expect(result.stdout).toMatch(/^ {2}skipped 12: zero amounts$/m);
  });
});

describe('bilateral_activities.csv (own fixture)', () => {
  const file = join(fixtures, 'bilateral', 'bilateral_activities_release_28.csv');

  it('imports allocations as committed and commitments as announced, once per commitment', async () => {
    await withLedger(async (ledger, store) => {
      const summary = await importFiles(ledger, kielImporter, [file]);
      // 4 parties (NOR, UKR, org:EU, DEU), 5 contributions and 1 further source.
      expect(summary.created).toBe(10);
      expect(summary.merged).toEqual({ "commitment rows repeating their activity's value (Kiel gives an activity's commitment on each of its sub-activity rows)": 1 });
      expect(summary.skipped).toEqual({
        'zero amounts': 1,
        'rows without a date or a known month': 1,
        'negative amounts (corrections of earlier figures; the row names no record to reduce)': 1,
      });
      const byId = new Map((await contributions(store)).map((row) => [row.id, row]));
      expect([...byId.keys()].sort()).toEqual(['kiel:r28:line10:DEU', 'kiel:r28:line2:NOR', 'kiel:r28:line4:NOR', 'kiel:r28:line6:NOR', 'kiel:r28:line8:EU']);
      expect(byId.get('kiel:r28:line2:NOR')).toMatchObject({ stage: 'committed', amountMinor: 1_034_253_520n, announcedOn: '2022-02-28', category: 'military', recipientId: 'UKR' });
      // No date: the first day of month 6 (June 2022).
      expect(byId.get('kiel:r28:line4:NOR')).toMatchObject({ announcedOn: '2022-06-01', amountMinor: 4_902_321_692n });
      expect(byId.get('kiel:r28:line6:NOR')).toMatchObject({ stage: 'announced', amountMinor: 29_499_316_152n, announcedOn: '2022-09-30' });
      expect(byId.get('kiel:r28:line8:EU')).toMatchObject({ donorId: 'org:EU', category: 'financial', amountMinor: 176_666_666_667n });
      // 12.345 euros: half a cent, rounded to the even 12.34.
      expect(byId.get('kiel:r28:line10:DEU')?.amountMinor).toBe(1234n);
      const sources = await provenance(store);
      expect(sources.filter((row) => row.recordId === 'kiel:r28:line6:NOR').map((row) => [row.locator, row.publisherRef, row.note])).toEqual([
        ['line 6', 'NOR/2022-09-30/military/commitment', null],
        ['line 7', 'NOR/2022-09-30/military/commitment', 'Kiel lists the same commitment of EUR 294993161.52 again for another sub-activity'],
      ]);
      expect(sources.find((row) => row.recordId === 'kiel:r28:line4:NOR')).toMatchObject({ dataset: 'Kiel Ukraine Support Tracker, release 28', file: 'bilateral_activities_release_28.csv', publisherRef: 'NOR/2022-06/military/allocation' });
      const head = await store.head();
      expect(await importFiles(ledger, kielImporter, [file])).toMatchObject({ created: 0, alreadyInLedger: 6 });
      expect(await store.head()).toEqual(head);
    });
  });

  it('takes the release from the metadata.json beside the file, and refuses one that describes another version', async () => {
    await withLedger(async (ledger, store) => {
      await expect(importFiles(ledger, kielImporter, [join(fixtures, 'bilateral-metadata', 'bilateral_activities.csv')])).rejects.toThrow(
        /bilateral_activities\.csv: metadata\.json beside it describes a file of 5565 rows, this one has 1: it belongs to another version of the file/,
      );
      expect((await store.head()).seq).toBe(0);
    });
  });

  it('names a file whose release nothing states by its content, and refuses bad rows by line and column', async () => {
    const alone = join(dir, 'bilateral-alone');
    mkdirSync(alone);
    copyFileSync(file, join(alone, 'bilateral_activities.csv'));
    const bad = join(alone, 'bilateral_activities_r28.csv');
    writeFileSync(bad, `${readFileSync(file, 'utf8')}Atlantis,2022-02-28,Military,Allocation,1.0,1.0,1.0,2,True,0.0\r\n`);
    const badDate = join(alone, 'bilateral_activities_r28_date.csv');
    writeFileSync(badDate, `${readFileSync(file, 'utf8')}Norway,2022-02-30,Military,Allocation,1.0,1.0,1.0,2,True,0.0\r\n`);
    await withLedger(async (ledger, store) => {
      const unstated = await importFiles(ledger, kielImporter, [join(alone, 'bilateral_activities.csv')], { dryRun: true });
      expect(unstated.created).toBe(10);
      await expect(importFiles(ledger, kielImporter, [bad])).rejects.toThrow(/bilateral_activities_r28\.csv:11:1 giver: "Atlantis" is not a country nor a donor organisation Kiel lists/);
      await expect(importFiles(ledger, kielImporter, [badDate])).rejects.toThrow(/bilateral_activities_r28_date\.csv:11:2 dato: "2022-02-30" is not a date/);
      expect((await store.head()).seq).toBe(0);
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      await importFiles(ledger, kielImporter, [join(alone, 'bilateral_activities.csv')]);
      const sources = await provenance(store);
      expect(new Set(sources.map((row) => row.dataset))).toEqual(new Set([`Kiel Ukraine Support Tracker, bilateral activities (release not stated; file sha256 ${digest.slice(0, 16)}…)`]));
      expect((await contributions(store)).map((row) => row.id)).toContain(`kiel:r-sha256-${digest.slice(0, 16)}:line2:NOR`);
      expect(await importFiles(ledger, kielImporter, [join(alone, 'bilateral_activities.csv')])).toMatchObject({ created: 0, alreadyInLedger: 6 });
    });
  });
});

const present = existsSync(join(shared, 'data_explorer.csv')) && existsSync(join(shared, 'bilateral_activities.csv'));
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the Kiel sample data is missing from ${shared}`);
  console.warn(`skipping the Kiel real-data tests: ${shared} is absent`);
}

describe.skipIf(!present)('the real Kiel files', () => {
  it('data_explorer.csv (release 29) imports every non-zero category cell, and again changes nothing', async () => {
    const file = join(shared, 'data_explorer.csv');
    const rows = csvRows(file);
    const cells = rows.flatMap((row) => (['financial', 'humanitarian', 'military'] as const).map((category) => ({ row, category, value: row[category] ?? '' })));
    const nonZero = cells.filter((cell) => billionCents(cell.value) !== 0n);
    expect(nonZero.every((cell) => billionCents(cell.value) > 0n)).toBe(true);
    const donors = new Set(nonZero.map((cell) => cell.row.iso));
    await withLedger(async (ledger, store) => {
      const dry = await importFiles(ledger, kielImporter, [file], { dryRun: true });
      expect((await store.head()).seq).toBe(0);
      const summary = await importFiles(ledger, kielImporter, [file]);
      expect(dry.created).toBe(summary.created);
      expect(summary.created).toBe(nonZero.length + donors.size + 1); // and Ukraine
      expect(summary.skipped['zero amounts']).toBe(cells.length - nonZero.length);
      expect(nonZero.length).toBeGreaterThan(1000);
      const imported = await contributions(store);
      expect(imported).toHaveLength(nonZero.length);
      for (const iso of ['DEU', 'EU', 'NOR']) {
        const expected = nonZero.filter((cell) => cell.row.iso === iso).reduce((sum, cell) => sum + billionCents(cell.value), 0n);
        const donorId = iso === 'EU' ? 'org:EU' : iso;
        const actual = imported.filter((row) => row.donorId === donorId).reduce((sum, row) => sum + BigInt(row.amountMinor), 0n);
        expect(actual, iso).toBe(expected);
        expect(expected).toBeGreaterThan(0n);
      }
      const lineOfFirstDeu = rows.findIndex((row) => row.iso === 'DEU' && billionCents(row.military ?? '0') !== 0n) + 2;
      const firstDeu = rows[lineOfFirstDeu - 2] as Record<string, string>;
      const id = `kiel:r29:DEU:${firstDeu.year}-${String(firstDeu.month).padStart(2, '0')}:military`;
      expect((await provenance(store)).find((row) => row.recordId === id)).toMatchObject({
        file: 'data_explorer.csv',
        locator: `line ${lineOfFirstDeu}`,
        publisher: 'Kiel Institute for the World Economy',
        publisherRef: `DEU/${id.split(':')[3]}/military`,
      });
      const head = await store.head();
      expect(await importFiles(ledger, kielImporter, [file])).toMatchObject({ created: 0, alreadyInLedger: nonZero.length });
      expect(await store.head()).toEqual(head);
    });
  });

  it('bilateral_activities.csv imports as it sits in the shared folder, named by its content', async () => {
    await withLedger(async (ledger) => {
      const summary = await importFiles(ledger, kielImporter, [join(shared, 'bilateral_activities.csv')], { dryRun: true });
      // The same records as with its release stated (below): 2,883 created, 63 merged.
      expect(summary.created).toBeGreaterThan(2000);
      expect(Object.values(summary.merged).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    });
  });

  it('bilateral_activities.csv (release 28) imports with the release of its metadata.json, and again changes nothing', async () => {
    // The file does not name its release; the metadata.json its pipeline writes beside it does.
    const folder = join(dir, 'bilateral-real');
    mkdirSync(folder);
    symlinkSync(join(shared, 'bilateral_activities.csv'), join(folder, 'bilateral_activities.csv'));
    const rows = csvRows(join(shared, 'bilateral_activities.csv'));
    writeFileSync(join(folder, 'metadata.json'), JSON.stringify({ kildefil: '2026-04-22_c80bbebb-b4e7-4581-8f32-e32a1da7ecfa-Ukraine_Support_Tracker_Release_28.xlsx', antall_bilateral_rader: rows.length }));
    const valueOf = (row: Record<string, string>) => eurosToCents((row.maal === 'Commitment' ? row.verdi_eur_activity : row.verdi_eur) ?? '');
    const dated = (row: Record<string, string>) => row.dato !== '' || (row.maaned_finnes === 'True' && row.maaned_nr !== '0');
    const zero = rows.filter((row) => valueOf(row) === 0n);
    const negative = rows.filter((row) => valueOf(row) < 0n);
    const undated = rows.filter((row) => valueOf(row) > 0n && !dated(row));
    const kept = rows.filter((row) => valueOf(row) > 0n && dated(row));
    const norway = kept.filter((row) => row.giver === 'Norway' && row.maal === 'Allocation').reduce((sum, row) => sum + valueOf(row), 0n);
    await withLedger(async (ledger, store) => {
      const summary = await importFiles(ledger, kielImporter, [join(folder, 'bilateral_activities.csv')]);
      expect(summary.skipped).toEqual({
        'zero amounts': zero.length,
        'rows without a date or a known month': undated.length,
        'negative amounts (corrections of earlier figures; the row names no record to reduce)': negative.length,
      });
      const merged = Object.values(summary.merged).reduce((sum, n) => sum + n, 0);
      expect(merged).toBeGreaterThan(0);
      const imported = await contributions(store);
      expect(imported).toHaveLength(kept.length - merged);
      const donors = new Set(imported.map((row) => row.donorId));
      expect(summary.created).toBe(kept.length + donors.size + 1); // contributions, further sources, donors and Ukraine
      expect(imported.filter((row) => row.stage === 'committed')).toHaveLength(kept.filter((row) => row.maal === 'Allocation').length);
      const ledgerNorway = imported.filter((row) => row.donorId === 'NOR' && row.stage === 'committed').reduce((sum, row) => sum + BigInt(row.amountMinor), 0n);
      expect(ledgerNorway).toBe(norway);
      // Kiel's Country Summary gives Norway's allocations as €10.00 billion (release 28).
      expect(ledgerNorway / 10_000_000_000n).toBe(100n);
      expect(imported.every((row) => row.recipientId === 'UKR' && row.currency === 'EUR' && row.id.startsWith('kiel:r28:line'))).toBe(true);
      const head = await store.head();
      expect(await importFiles(ledger, kielImporter, [join(folder, 'bilateral_activities.csv')])).toMatchObject({ created: 0, alreadyInLedger: kept.length });
      expect(await store.head()).toEqual(head);
      expect((await provenance(store)).filter((row) => row.file === 'bilateral_activities.csv' && row.recordKind === 'contribution').length).toBe(kept.length);
    });
  });

  it('the tracker’s aggregate files are refused by name', async () => {
    await withLedger(async (ledger) => {
      for (const [name, what] of [
        ['weapons.csv', 'heavy weapons'],
        ['procurement_trends.csv', 'military aid per month by source'],
        ['total_allocations.csv', 'allocations per month'],
        ['eu_aid_shares.csv', 'shares of EU aid'],
      ] as const) {
        await expect(importFiles(ledger, kielImporter, [join(shared, name)]), name).rejects.toThrow(new RegExp(`${name.replace('.', '\\.')}:1: this is Kiel's ${name.replace('.', '\\.')} \\([^)]*${what}`));
      }
    });
  });
});
