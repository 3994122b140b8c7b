import { Ledger } from '../../src/application/ledger.js';
import { SnapshotCache, type LedgerSnapshot } from '../../src/application/queries.js';
import type { ReportData } from '../../src/application/reports/index.js';
import { parseCommand } from '../../src/contract/commands.js';
import { demoCommands } from '../../src/demo/purl.js';
import { reportDataFor } from '../../src/server/views.js';
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

/** The day and delay the report tests judge publication by. */
export const demoViewSettings = { today: '2026-03-05', publicDelayDays: 14 } as const;

/**
 * The demo ledger as the full reader and as the public see it (today 2026-03-05, 14-day delay),
 * each in the demo's own currency and in one it converts to: `[name, data, currency]`.
 */
export function demoAudiences(snapshot: LedgerSnapshot): [string, ReportData, string][] {
  const publicData = reportDataFor('public', snapshot, demoViewSettings);
  return [
    ['full, EUR', snapshot, 'EUR'],
    ['full, USD', snapshot, 'USD'],
    ['public, EUR', publicData, 'EUR'],
    ['public, USD', publicData, 'USD'],
  ];
}
