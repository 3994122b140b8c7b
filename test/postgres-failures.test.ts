import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand, type CommandEnvelope } from '../src/contract/commands.js';
import { DomainError } from '../src/domain/errors.js';
import { serverDriver } from '../src/storage/postgres/driver.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/** Bad connection strings, an unreachable server, and a server connection that dies mid-batch. */

let database: TestDatabase | undefined;
beforeAll(async () => {
  database = await testDatabase('failures');
});
afterAll(async () => {
  await database?.drop();
});

const isDomain = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

describe('PostgreSQL failures', () => {
  it('names an unreachable server and a malformed connection string, with the password hidden', async () => {
    await expect(PgStore.open(serverDriver('postgres://someone:secret@127.0.0.1:5999/none'), 'postgres://someone:secret@127.0.0.1:5999/none')).rejects.toSatisfy(
      (error) => isDomain('VALIDATION_FAILED')(error) && /someone:\*\*\*@127\.0\.0\.1:5999/.test((error as Error).message) && !/secret/.test((error as Error).message),
    );
    await expect(PgStore.open(serverDriver('postgres://[bad'), 'postgres://[bad')).rejects.toSatisfy(isDomain('VALIDATION_FAILED'));
  });

  it('writes nothing when the connection dies mid-batch, and the retry applies every command exactly once', async (context) => {
    if (database?.kind !== 'server') {
      console.warn('notice: killing a server connection needs a PostgreSQL server; skipped on PGlite');
      context.skip();
      return;
    }
    const db = database;
    const store = await PgStore.open(serverDriver(db.url), db.url);
    const ledger = await Ledger.open(store, { now: () => '2026-06-30T00:00:00.000Z' });
    await ledger.execute(
      [
        { id: 'f-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'] },
        { id: 'f-2', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
        { id: 'f-3', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
        {
          id: 'f-4', type: 'ProposePackage', packageId: 'PK', title: 'p', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR', proposedAt: '2026-01-01',
          lines: [{ lineId: 'L', item: 'i', category: 'c', quantity: 1000, unitValue: '1000000.00' }],
        },
        { id: 'f-5', type: 'ApprovePackage', packageId: 'PK', at: '2026-01-02' },
      ].map(parseCommand),
    );
    const before = await store.head();
    const batch: CommandEnvelope[] = Array.from({ length: 20_000 }, (_, i) =>
      parseCommand({ id: `t-${i}`, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PK', amount: { amount: '1.00', currency: 'EUR' }, valueDate: '2026-01-03' }),
    );
    // Kill whichever backend holds the ledger's write lock while the batch is being written.
    const killer = new pg.Client({ connectionString: db.url });
    await killer.connect();
    const running = ledger.execute(batch);
    let killed = 0;
    for (let attempt = 0; attempt < 400 && killed === 0; attempt += 1) {
      const { rows } = await killer.query(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = 1633837924 AND pid <> pg_backend_pid()",
      );
      killed = rows.length;
      if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await killer.end();
    expect(killed).toBe(1);
    await expect(running).rejects.toSatisfy(isDomain('STORE_UNAVAILABLE'));
    expect(await store.head()).toEqual(before);

    const retried = await ledger.execute(batch);
    expect(retried.every((result) => result.status === 'applied')).toBe(true);
    const again = await ledger.execute(batch.slice(0, 100));
    expect(again.every((result) => result.status === 'replayed')).toBe(true);
    const chain = await verifyChain(store);
    expect(chain).toMatchObject({ ok: true, events: before.seq + batch.length });
    const pkg = (await store.readTable('account')).find((row) => row.id === 'package:PK');
    expect(pkg?.balanceMinor).toBe(2_000_000n);
    await store.close();
  });
});
