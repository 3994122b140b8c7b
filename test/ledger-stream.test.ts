import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchRejected, Ledger } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand, type CommandEnvelope } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { tables, type TableName } from '../src/projections/tables.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * A stream of any length in one transaction, written in chunks: on both stores it gives the same
 * log and tables as the same commands in one batch, and a rejection at its end leaves nothing.
 */

const clock = { now: () => '2026-06-30T12:00:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo, then many small Dutch payments into the illustrative package. */
function commands(transfers: number): CommandEnvelope[] {
  const list = demoCommands().map(parseCommand);
  for (let i = 0; i < transfers; i += 1) {
    list.push(
      parseCommand({ id: `t-${i}`, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PURL-ILL-5', amount: { amount: '1.00', currency: 'EUR' }, valueDate: '2026-06-01', memo: `payment ${i}` }),
    );
  }
  return list;
}

async function* slowly(envelopes: readonly CommandEnvelope[]): AsyncGenerator<CommandEnvelope> {
  // Yields to the event loop now and then, as a file reader would.
  for (let i = 0; i < envelopes.length; i += 1) {
    if (i % 97 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield envelopes[i] as CommandEnvelope;
  }
}

async function tableRows(store: LedgerStore): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {};
  for (const name of Object.keys(tables) as TableName[]) all[name] = await store.readTable(name);
  return all;
}

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const created of databases) await created.drop();
});

const stores: [string, (label: string) => Promise<LedgerStore>][] = [
  ['SQLite', async (label) => SqliteStore.open(join(dir, `${label}.db`))],
  [
    'PostgreSQL',
    async (label) => {
      const created = await testDatabase(`stream_${label}`);
      databases.push(created);
      return PgStore.open(created.driver(), created.url);
    },
  ],
];

describe.each(stores)('executeStream on %s', (_name, open) => {
  it('gives the same log and tables as one batch, with flat chunks and progress', async () => {
    const envelopes = commands(2_500);
    const batchStore = await open('batch');
    const streamStore = await open('stream');
    try {
      const batch = await Ledger.open(batchStore, clock);
      await batch.execute(envelopes, { actor: 'import' });
      const stream = await Ledger.open(streamStore, clock);
      const progress: number[] = [];
      const summary = await stream.executeStream(slowly(envelopes), { actor: 'import', chunkSize: 300, onProgress: (n) => progress.push(n) });
      expect(summary).toMatchObject({ applied: envelopes.length, replayed: 0, rejectedCount: 0 });
      expect(progress[progress.length - 1]).toBe(envelopes.length);
      expect(progress.length).toBe(Math.ceil(envelopes.length / 300));
      expect(await streamStore.head()).toEqual(await batchStore.head());
      expect(stream.head).toEqual(await streamStore.head());
      expect(await streamStore.projectionDigest()).toEqual(await batchStore.projectionDigest());
      expect((await verifyChain(streamStore)).ok).toBe(true);
      // What the ledger holds in memory is what the store holds.
      const byKey = (rows: readonly object[]) => rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
      for (const name of ['account', 'package', 'contribution', 'contract'] as const) {
        expect(byKey(stream.entityRows(name))).toEqual(byKey(await streamStore.readTable(name)));
      }
      // The same stream again changes nothing.
      const again = await stream.executeStream(slowly(envelopes), { actor: 'import', chunkSize: 500 });
      expect(again).toMatchObject({ applied: 0, replayed: envelopes.length });
      expect(await streamStore.head()).toEqual(await batchStore.head());
    } finally {
      await batchStore.close();
      await streamStore.close();
    }
  });

  it('writes nothing when the last command breaks a rule, and the ledger goes on from where it was', async () => {
    const store = await open('reject');
    try {
      const ledger = await Ledger.open(store, clock);
      const envelopes = commands(1_000);
      const bad = parseCommand({ id: 'bad', type: 'ApprovePackage', packageId: 'NO-SUCH-PACKAGE', at: '2026-06-01' });
      const before = await store.head();
      const tablesBefore = await tableRows(store);
      await expect(ledger.executeStream(slowly([...envelopes, bad]), { chunkSize: 250 })).rejects.toBeInstanceOf(BatchRejected);
      expect(await store.head()).toEqual(before);
      expect(await tableRows(store)).toEqual(tablesBefore);
      // A source that fails half-way is rolled back the same way.
      async function* failing(): AsyncGenerator<CommandEnvelope> {
        yield* slowly(envelopes.slice(0, 600));
        throw new Error('file ended mid-line');
      }
      await expect(ledger.executeStream(failing(), { chunkSize: 250 })).rejects.toThrow('file ended mid-line');
      expect(await store.head()).toEqual(before);
      // Memory was rolled back too: the good commands apply cleanly afterwards.
      const summary = await ledger.executeStream(slowly(envelopes), { chunkSize: 250 });
      expect(summary.applied).toBe(envelopes.length);
      expect((await verifyChain(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('with continueOnError applies the good commands and lists the rejected ones', async () => {
    const store = await open('continue');
    try {
      const ledger = await Ledger.open(store, clock);
      const envelopes = commands(100);
      const bad = (id: string) => parseCommand({ id, type: 'ApprovePackage', packageId: 'NO-SUCH-PACKAGE', at: '2026-06-01' });
      const summary = await ledger.executeStream(slowly([bad('bad-1'), ...envelopes, bad('bad-2')]), { chunkSize: 40, continueOnError: true });
      expect(summary).toMatchObject({ applied: envelopes.length, rejectedCount: 2 });
      expect(summary.rejected.map((result) => result.commandId)).toEqual(['bad-1', 'bad-2']);
      expect((await verifyChain(store)).events).toBe(summary.events);
    } finally {
      await store.close();
    }
  });
});
