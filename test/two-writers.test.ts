import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand } from '../src/contract/commands.js';
import { DomainError } from '../src/domain/errors.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/** Two ledgers on one file, as two processes would be: each decides on what the other wrote. */

const dir = mkdtempSync(join(tmpdir(), 'aidtrace-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = { now: () => '2026-01-01T00:00:00.000Z' };
const run = (ledger: Ledger, wire: Record<string, unknown>) => ledger.executeOne(parseCommand(wire));

const setup = [
  { id: 's-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'] },
  { id: 's-2', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
  { id: 's-3', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
  {
    id: 's-4', type: 'ProposePackage', packageId: 'PK', title: 'Air defence', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR',
    proposedAt: '2025-08-01', lines: [{ lineId: 'L', item: 'interceptor', category: 'air_defence', quantity: 10, unitValue: '100.00' }],
  },
  { id: 's-5', type: 'ApprovePackage', packageId: 'PK', at: '2025-08-02' },
];
const fund = (id: string, amount: string) => ({
  id, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PK', amount: { amount, currency: 'EUR' }, valueDate: '2025-08-03',
});
const refund = (id: string, amount: string) => ({
  id, type: 'RecordTransfer', fromAccount: 'package:PK', toAccount: 'donor:NLD', amount: { amount, currency: 'EUR' }, valueDate: '2025-08-04',
});

describe('two writers on one SQLite file', () => {
  it('each decides on the state the other wrote, and the chain stays one', async () => {
    const path = join(dir, 'shared.db');
    const a = await Ledger.open(SqliteStore.open(path), clock);
    const b = await Ledger.open(SqliteStore.open(path), clock);
    await a.execute(setup.map(parseCommand));
    // b opened before the setup existed; it must catch up to see the package.
    await run(b, fund('f-1', '300.00'));
    await run(a, fund('f-2', '200.00'));
    // 500.00 is in the package: a refund of 450 works once, a second one must see the first.
    await run(b, refund('r-1', '450.00'));
    await expect(run(a, refund('r-2', '100.00'))).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'INSUFFICIENT_BALANCE');
    // The same command id sent to the other writer is a replay, not a second refund.
    const replay = await run(a, refund('r-1', '450.00'));
    expect(replay.status).toBe('replayed');

    const accounts = await a.store.readTable('account');
    const pkg = accounts.find((row) => row.id === 'package:PK');
    expect(pkg?.balanceMinor).toBe(5000n);
    expect(accounts.reduce((sum, row) => sum + (row.balanceMinor as bigint), 0n)).toBe(0n);
    const verified = await verifyChain(a.store);
    expect(verified).toMatchObject({ ok: true, events: 8 });
    expect(a.entityRows('account')).toEqual(b.entityRows('account'));
    await a.store.close();
    await b.store.close();
  });

  it('refuses to append after a chain whose head row was altered', async () => {
    const path = join(dir, 'tampered.db');
    const store = SqliteStore.open(path);
    const ledger = await Ledger.open(store, clock);
    await ledger.execute(setup.map(parseCommand));
    // Someone edits the file through another connection, as a tool or a person would.
    const other = new Database(path);
    other.exec('DROP TRIGGER event_log_no_update');
    other.prepare("UPDATE event_log SET payload = replace(payload, 'Air defence', 'Air defense') WHERE seq = 4").run();
    other.prepare("UPDATE event_log SET recorded_at = '2026-01-01T00:00:00.001Z' WHERE seq = 5").run();
    other.close();
    await expect(run(ledger, fund('f-1', '1.00'))).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'CHAIN_BROKEN');
    await store.close();
  });

  it('account writes on the ledger\'s own connection leave it quiet; one from another connection costs one catch-up read', async () => {
    const path = join(dir, 'accounts.db');
    const store = SqliteStore.open(path);
    const ledger = await Ledger.open(store, clock);
    await ledger.execute(setup.map(parseCommand));
    const account = (userId: string) => ({ userId, passwordHash: 'x', role: 'auditor' as const, partyId: null, createdAt: '2026-01-01T00:00:00.000Z' });
    const reads = vi.spyOn(store['tx'], 'readEvents');
    await store.access.addUser(account('own'));
    await store.access.addSession({ sessionHash: 's'.repeat(64), userId: 'own', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' });
    await run(ledger, fund('f-1', '1.00'));
    expect(reads).not.toHaveBeenCalled();

    const other = SqliteStore.open(path);
    await other.access.addUser(account('other'));
    await run(ledger, fund('f-2', '1.00'));
    expect(reads).toHaveBeenCalledTimes(1);
    await run(ledger, fund('f-3', '1.00'));
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await store.access.users()).map((user) => user.userId)).toEqual(['other', 'own']);
    expect(await verifyChain(store)).toMatchObject({ ok: true, events: 8 });
    await other.close();
    await store.close();
  });
});
