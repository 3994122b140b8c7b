import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/** `aidtrace import fx` through the real command line, on the project's own ECB-layout fixtures. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const fixtures = join(import.meta.dirname, 'fixtures', 'fx');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function rates(db: string) {
  const store = SqliteStore.open(db);
  try {
    return { rows: (await store.readTable('fxRate')) as readonly { date: string; quote: string; rate: string }[], head: await store.head() };
  } finally {
    await store.close();
  }
}

describe('aidtrace import fx', () => {
  const db = join(dir, 'fx.db');

  it('a dry run says what it would create and writes nothing', async () => {
    const result = aidtrace('import', 'fx', join(fixtures, 'eurofxref-sample.csv'), '--db', db, '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^fx: 27 records would be created, 0 already in the ledger \(dry run: nothing was written\)\n  skipped 1: days without a rate for a currency \("N\/A"\)$/m);
    expect((await rates(db)).head.seq).toBe(0);
  });

  it('imports every rate of the file and skips the days the ECB published none', async () => {
    const result = aidtrace('import', 'fx', join(fixtures, 'eurofxref-sample.csv'), '--db', db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/fx: 27 records created, 0 already in the ledger\n  skipped 1: days without a rate/);
    const { rows } = await rates(db);
    expect(rows).toHaveLength(27);
    expect(rows.find((row) => row.date === '2025-08-01' && row.quote === 'USD')?.rate).toBe('1.1404');
    // The N/A cell is absent, not 1.0.
    expect(rows.find((row) => row.date === '2025-07-30' && row.quote === 'DKK')).toBeUndefined();
  });

  it('importing the same file again changes nothing', async () => {
    const before = (await rates(db)).head;
    const result = aidtrace('import', 'fx', join(fixtures, 'eurofxref-sample.csv'), '--db', db);
    expect(result.stdout).toMatch(/fx: 0 records created, 27 already in the ledger/);
    expect((await rates(db)).head).toEqual(before);
  });

  it('a bad cell is named by file, line, column and currency, and nothing of the file is written', async () => {
    const before = (await rates(join(dir, 'bad.db'))).head;
    const result = aidtrace('import', 'fx', join(fixtures, 'eurofxref-sample.csv'), join(fixtures, 'bad-rate.csv'), '--db', join(dir, 'bad.db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-rate\.csv:3:3 JPY: "one hundred" is not a positive decimal rate/);
    // The good first file was in the same transaction: it is not there either.
    expect((await rates(join(dir, 'bad.db'))).head).toEqual(before);
    expect((await rates(join(dir, 'bad.db'))).rows).toHaveLength(0);
  });

  it('refuses a file that is not in the ECB layout, one that is not CSV, and formats it does not know', () => {
    const notEcb = aidtrace('import', 'fx', join(fixtures, 'not-ecb.csv'), '--db', join(dir, 'other.db'));
    expect(notEcb.code).toBe(1);
    expect(notEcb.stderr).toMatch(/not-ecb\.csv:1: column 1 is "Currency", expected the ECB layout's "Date"/);
    const notCsv = aidtrace('import', 'fx', join(fixtures, '..', '..', '..', 'package.json'), '--db', join(dir, 'other.db'));
    expect(notCsv.code).toBe(1);
    expect(notCsv.stderr).toMatch(/package\.json:2: not valid CSV/);
    const unknown = aidtrace('import', 'xbrl', 'x.xml', '--db', join(dir, 'other.db'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/"xbrl" is not a format aidtrace reads or writes; choose kiel, iati, ocds, fts, nato, fx, csv, json/);
  });
});
