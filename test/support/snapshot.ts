import { Ledger } from '../../src/application/ledger.js';
import { SnapshotCache, type LedgerSnapshot } from '../../src/application/queries.js';
import { parseCommand } from '../../src/contract/commands.js';
import { demoCommands } from '../../src/demo/purl.js';
import { SqliteStore } from '../../src/storage/sqlite/store.js';

/** The demo ledger's read snapshot, built in memory (used only by `*.test.ts`). */
export async function demoSnapshot(): Promise<LedgerSnapshot> {
  const store = SqliteStore.open(':memory:');
  try {
    const ledger = await Ledger.open(store, { now: () => '2026-03-05T00:00:00.000Z' });
    await ledger.execute(demoCommands().map(parseCommand));
    return await new SnapshotCache(store).current();
  } finally {
    await store.close();
  }
}
