import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { fxExporter, fxImporter } from '../src/io/fx/ecb.js';
import { csvExporter, csvImporter, jsonExporter, jsonImporter } from '../src/io/plain/index.js';
import type { Exporter } from '../src/io/format.js';
import { importFiles } from '../src/io/run.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/** aidtrace's own CSV and JSON: commands in, tables out; and the ECB layout out and back in. */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const fixtures = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-plain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

async function fresh(): Promise<{ store: LedgerStore; ledger: Ledger }> {
  const store = SqliteStore.open(join(dir, `ledger-${(counter += 1)}.db`));
  return { store, ledger: await Ledger.open(store, clock) };
}

async function exported(exporter: Exporter, store: LedgerStore, table?: string): Promise<string> {
  let text = '';
  await exporter.write(store, (piece) => void (text += piece), { table });
  return text;
}

describe('plain CSV of commands', () => {
  it('reads nested fields, list items, numbers and the file and line as provenance', async () => {
    const { store, ledger } = await fresh();
    const summary = await importFiles(ledger, csvImporter, [join(fixtures, 'plain', 'commands.csv')]);
    expect(summary).toMatchObject({ created: 4, alreadyInLedger: 0 });
    const contributions = (await store.readTable('contribution')) as readonly Record<string, unknown>[];
    expect(contributions.map((c) => [c.id, c.amountMinor, c.currency, c.description])).toEqual([
      ['DNK-2025-1', 12_500_000_000n, 'EUR', 'Air defence, first tranche'],
      ['DNK-2025-2', 150_050n, 'DKK', 'Winter kits'],
    ]);
    const provenance = (await store.readTable('provenance')) as readonly Record<string, unknown>[];
    expect(provenance.find((row) => row.recordId === 'DNK-2025-2')).toMatchObject({ dataset: 'aidtrace CSV commands', file: 'commands.csv', locator: 'line 5' });
    const again = await importFiles(ledger, csvImporter, [join(fixtures, 'plain', 'commands.csv')]);
    expect(again).toMatchObject({ created: 0, alreadyInLedger: 4 });
    await store.close();
  });

  it('names the file, line, column and field of a bad cell, and writes nothing', async () => {
    const { store, ledger } = await fresh();
    await expect(importFiles(ledger, csvImporter, [join(fixtures, 'plain', 'commands.csv'), join(fixtures, 'plain', 'bad-quantity.csv')])).rejects.toThrow(
      /bad-quantity\.csv:2:7 quantity: "forty" is not a whole number/,
    );
    expect((await store.head()).seq).toBe(0);
    await store.close();
  });

  it('exports a table with money as decimals in its currency, and every table as JSON', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, csvImporter, [join(fixtures, 'plain', 'commands.csv')]);
    const csv = await exported(csvExporter, store, 'contribution');
    const [header, first] = csv.split('\r\n');
    expect(header?.split(',')).toContain('amount');
    expect(first).toContain('125000000.00');
    await expect(exported(csvExporter, store, 'nonsense')).rejects.toThrow(/table: "nonsense" is not a table; choose party, /);
    const json = JSON.parse(await exported(jsonExporter, store)) as { tables: Record<string, Record<string, unknown>[]> };
    expect(json.tables.party?.map((row) => row.id)).toEqual(['DNK', 'UKR']);
    expect(json.tables.contribution?.[1]).toMatchObject({ id: 'DNK-2025-2', amount: '1500.50', currency: 'DKK' });
    expect(json.tables.provenance).toHaveLength(4);
    await store.close();
  });
});

describe('plain JSON of commands', () => {
  it('streams JSON Lines, naming the line as the source', async () => {
    const { store, ledger } = await fresh();
    expect(await importFiles(ledger, jsonImporter, [join(fixtures, 'plain', 'commands.jsonl')])).toMatchObject({ created: 2 });
    const provenance = (await store.readTable('provenance')) as readonly Record<string, unknown>[];
    expect(provenance.map((row) => row.locator)).toEqual(['line 1', 'line 3']);
    await store.close();
  });

  it('reads a JSON array and names the index of a bad command', async () => {
    const { store, ledger } = await fresh();
    await expect(importFiles(ledger, jsonImporter, [join(fixtures, 'plain', 'commands.json')])).rejects.toThrow(/commands\.json \[1\]: rate: a positive decimal/);
    expect((await store.head()).seq).toBe(0);
    await store.close();
  });
});

describe('the same records from another file', () => {
  it('replay when the file is renamed or its rows move, and a changed figure under the same id is refused', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, fxImporter, [join(fixtures, 'fx', 'eurofxref-sample.csv')]);
    const head = await store.head();
    const original = readFileSync(join(fixtures, 'fx', 'eurofxref-sample.csv'), 'utf8');
    const renamed = join(dir, 'eurofxref-downloaded-again.csv');
    writeFileSync(renamed, original);
    expect(await importFiles(ledger, fxImporter, [renamed])).toMatchObject({ created: 0, alreadyInLedger: 27 });
    // A newer download: a later day on top moves every other row one line down.
    const [header, ...rows] = original.trimEnd().split('\n');
    const newer = join(dir, 'eurofxref-newer.csv');
    writeFileSync(newer, [header, rows[0]?.replace(/^\d{4}-\d{2}-\d{2}/, '2025-08-05'), ...rows].join('\n'));
    const summary = await importFiles(ledger, fxImporter, [newer]);
    expect(summary.alreadyInLedger).toBe(27);
    expect(summary.created).toBe(7); // the new day's seven rates
    // The same id with another rate is another command: refused, and nothing of the file is written.
    const revised = join(dir, 'eurofxref-revised.csv');
    writeFileSync(revised, original.replace('1.1404', '1.1405'));
    const before = await store.head();
    await expect(importFiles(ledger, fxImporter, [revised])).rejects.toThrow(/eurofxref-revised\.csv line \d+, column \d+: id: command id "fx:ecb:2025-08-01:EUR:USD" was already used for a different command; nothing was written/);
    expect(await store.head()).toEqual(before);
    expect(before.seq).toBeGreaterThan(head.seq);
    await store.close();
  });
});

describe('ECB layout out and back in', () => {
  it('exports the euro rates newest first with N/A for a missing day, and re-imports to the same rates', async () => {
    const { store, ledger } = await fresh();
    await importFiles(ledger, fxImporter, [join(fixtures, 'fx', 'eurofxref-sample.csv')]);
    const csv = await exported(fxExporter, store);
    expect(csv.split('\r\n')[0]).toMatch(/^Date,/);
    expect(csv).toContain('N/A');
    const file = join(dir, 'rates.csv');
    writeFileSync(file, csv);
    const copy = await fresh();
    const summary = await importFiles(copy.ledger, fxImporter, [file]);
    expect(summary.created).toBe(27);
    expect(await copy.store.readTable('fxRate')).toEqual(await store.readTable('fxRate'));
    await Promise.all([store.close(), copy.store.close()]);
  });
});
