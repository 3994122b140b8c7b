import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Ledger } from '../../src/application/ledger.js';
import type { Clock } from '../../src/application/ports.js';
import { SqliteStore } from '../../src/storage/sqlite/store.js';

/** The time every write of the import tests is recorded at. */
export const fixedClock: Clock = { now: () => '2026-06-30T12:00:00.000Z' };

/**
 * Fresh SQLite ledgers in one temporary folder for a test file: `fresh()` opens the next one;
 * every store is closed and the folder removed after the file's tests.
 */
export function temporaryLedgers(label: string, clock: Clock = fixedClock): { readonly dir: string; fresh(): Promise<{ store: SqliteStore; ledger: Ledger }> } {
  const dir = mkdtempSync(join(tmpdir(), `aidtrace-${label}-`));
  const stores: SqliteStore[] = [];
  afterAll(async () => {
    // A test may have closed its store already.
    for (const store of stores) await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    async fresh() {
      const store = SqliteStore.open(join(dir, `ledger-${stores.length + 1}.db`));
      stores.push(store);
      return { store, ledger: await Ledger.open(store, clock) };
    },
  };
}
