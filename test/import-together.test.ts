import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { verifyChain } from '../src/audit/verify.js';
import { formats, type FormatName } from '../src/io/index.js';
import { importFiles } from '../src/io/run.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * Every real sample of the field into ONE ledger, as a research desk would: the same states
 * appear as Kiel donors, FTS recipients and NATO allies and become one party each, with the
 * roles each dataset needs. On SQLite and PostgreSQL the two ledgers come out the same, the chain
 * verifies, and nothing imports twice.
 */

const shared = join(import.meta.dirname, '..', '..', 'shared', 'data');
const present = existsSync(join(shared, 'kiel', 'data_explorer.csv'));
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the shared sample data is missing from ${shared}`);
  console.warn(`skipping the combined-import test: ${shared} is absent`);
}

const samples: readonly [FormatName, string][] = [
  // One Kiel release: release 28's sub-activities and release 29's monthly totals describe the same aid.
  ['kiel', 'kiel/data_explorer.csv'],
  ['fts', 'fts/fts_api_grouped_germany.csv'],
  ['iati', 'iati/examples/activity-standard-example-annotated.xml'],
  ['nato', 'nato/defence_per.csv'],
  ['ocds', 'ocds/fictional-example-1.1/ocds-213czf-000-00001.json'],
];

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-together-'));
let database: TestDatabase | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

async function importAll(store: LedgerStore): Promise<number> {
  const ledger = await Ledger.open(store, clock);
  let created = 0;
  for (const [format, file] of samples) created += (await importFiles(ledger, formats[format].importer, [join(shared, file)], { actor: 'test' })).created;
  return created;
}

describe.skipIf(!present)('every real sample into one ledger', () => {
  it('gives one party per state with every role the datasets need, the same on both stores, and imports nothing twice', async () => {
    const sqlite = SqliteStore.open(join(dir, 'all.db'));
    database = await testDatabase('together');
    const postgres = await PgStore.open(database.driver(), database.url);
    try {
      const created = await importAll(sqlite);
      expect(created).toBeGreaterThan(3000);
      expect(await importAll(postgres)).toBe(created);

      const parties = (await sqlite.readTable('party')) as readonly { id: string; roles: string }[];
      expect(new Set(parties.map((party) => party.id)).size).toBe(parties.length);
      // Ukraine: Kiel's recipient; Germany: a Kiel donor, the FTS donor, and (IATI) an organisation's state.
      expect(parties.find((party) => party.id === 'UKR')?.roles.split(',')).toContain('recipient');
      expect(parties.find((party) => party.id === 'DEU')?.roles.split(',')).toContain('donor');
      // A state that donates (Kiel) and receives (FTS) holds both roles.
      expect(parties.filter((party) => party.roles === 'donor,recipient').length).toBeGreaterThan(0);

      expect(await postgres.projectionDigest()).toEqual(await sqlite.projectionDigest());
      expect((await postgres.head()).hash).toBe((await sqlite.head()).hash);
      expect((await verifyChain(sqlite)).ok).toBe(true);

      const head = await sqlite.head();
      expect(await importAll(sqlite)).toBe(0);
      expect(await sqlite.head()).toEqual(head);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
