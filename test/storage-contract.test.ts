import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLedger } from '../src/application/copy.js';
import { Ledger } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { rebuildProjections } from '../src/application/rebuild.js';
import { loadReportData, reports } from '../src/application/reports/index.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { DomainError } from '../src/domain/errors.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * One storage contract, run on both stores: the same commands with the same clock give the same
 * log (hash for hash), the same projections and the same reports, whichever store holds them.
 */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-contract-'));
let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase('contract');
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const backends: readonly { name: string; open: (label: string) => Promise<LedgerStore> }[] = [
  { name: 'sqlite', open: async (label) => SqliteStore.open(join(dir, `${label}.db`)) },
  { name: 'postgres', open: async () => PgStore.open(database.driver(), database.url) },
];

const fingerprints = new Map<string, { head: string; digest: Readonly<Record<string, string>>; pipeline: string }>();

describe.each(backends)('$name store', ({ name, open }) => {
  it('applies the demo, verifies, rebuilds identically and reports', async () => {
    const store = await open('demo');
    const ledger = await Ledger.open(store, clock);
    const results = await ledger.execute(demoCommands().map(parseCommand));
    expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    const verified = await verifyChain(store);
    expect(verified.ok).toBe(true);
    const digest = await store.projectionDigest();
    await rebuildProjections(store);
    expect(await store.projectionDigest()).toEqual(digest);
    const pipeline = reports.pipeline(await loadReportData(store), { currency: 'EUR', asOf: '2026-06-30' });
    fingerprints.set(name, { head: verified.headHash, digest, pipeline: JSON.stringify(pipeline, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) });
    // Replaying the whole demo is a no-op that returns the original events.
    const again = await ledger.execute(demoCommands().slice(0, 5).map(parseCommand));
    expect(again.map((r) => r.status)).toEqual(['replayed', 'replayed', 'replayed', 'replayed', 'replayed']);
    expect(again[0]?.status === 'replayed' && again[0].events[0]?.seq).toBe(1);
    expect((await store.head()).seq).toBe(verified.events);
    await store.close();
  });

  it('keeps one order and decides on fresh state with two writers', async () => {
    const a = await Ledger.open(await open('writers'), clock);
    const b = await Ledger.open(await open('writers'), clock);
    const base = (await a.store.head()).seq;
    const fund = (id: string, amount: string) =>
      parseCommand({ id, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PURL-ILL-5', amount: { amount, currency: 'USD' }, valueDate: '2026-06-30' });
    const refund = (id: string, amount: string) =>
      parseCommand({ id, type: 'RecordTransfer', fromAccount: 'package:PURL-ILL-5', toAccount: 'donor:NLD', amount: { amount, currency: 'USD' }, valueDate: '2026-06-30' });
    if (base === 0) await a.execute(demoCommands().map(parseCommand));
    const balance = async () =>
      (await a.store.readTable('account')).find((row) => row.id === 'package:PURL-ILL-5' && row.currency === 'USD')?.balanceMinor as bigint;
    const before = await balance();
    await Promise.all([a.executeOne(fund('w-1', '10.00')), b.executeOne(fund('w-2', '20.00'))]);
    expect(await balance()).toBe(before + 3000n);
    // Both try to take out more than half of what is there: exactly one may succeed.
    const half = ((before + 3000n) / 100n / 2n + 1n).toString();
    const outcomes = await Promise.allSettled([a.executeOne(refund('w-3', `${half}.00`)), b.executeOne(refund('w-4', `${half}.00`))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected');
    expect(failure?.status === 'rejected' && failure.reason instanceof DomainError && failure.reason.code).toBe('INSUFFICIENT_BALANCE');
    expect((await verifyChain(a.store)).ok).toBe(true);
    const sums = new Map<string, bigint>();
    for (const row of await a.store.readTable('account')) sums.set(String(row.currency), (sums.get(String(row.currency)) ?? 0n) + (row.balanceMinor as bigint));
    expect([...sums.values()].every((sum) => sum === 0n)).toBe(true);
    await a.store.close();
    await b.store.close();
  });
});

describe('copy between stores', () => {
  it('round-trips the demo SQLite → PostgreSQL → SQLite with the same chain, projections and command ids', async () => {
    const source = SqliteStore.open(join(dir, 'copy-source.db'));
    await (await Ledger.open(source, clock)).execute(demoCommands().map(parseCommand));
    const middle = await PgStore.open(database.driver(), database.url);
    // The contract tests above filled this database; copy needs an empty one.
    await expect(copyLedger(source, middle)).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'ALREADY_EXISTS');
    await middle.close();

    const empty = await testDatabase('copy');
    try {
      const server = await PgStore.open(empty.driver(), empty.url);
      const back = SqliteStore.open(join(dir, 'copy-back.db'));
      const there = await copyLedger(source, server);
      const home = await copyLedger(server, back);
      const original = await verifyChain(source);
      expect(there).toEqual({ events: original.events, headHash: original.headHash });
      expect(home).toEqual(there);
      expect(await verifyChain(back)).toEqual(original);
      expect(await back.projectionDigest()).toEqual(await source.projectionDigest());
      expect(await server.projectionDigest()).toEqual(await source.projectionDigest());
      // Command ids travel too: the copy replays a demo command instead of applying it twice.
      const ledger = await Ledger.open(back, clock);
      const [first] = await ledger.execute([parseCommand(demoCommands()[0])]);
      expect(first?.status).toBe('replayed');
      await server.close();
      await back.close();
      await source.close();
    } finally {
      await empty.drop();
    }
  });
});

describe('both stores', () => {
  it('hold the same log, projections and reports for the same commands', () => {
    const sqlite = fingerprints.get('sqlite');
    const postgres = fingerprints.get('postgres');
    expect(sqlite).toBeDefined();
    expect(postgres).toEqual(sqlite);
  });
});
