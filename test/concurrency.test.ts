import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../src/application/ledger.js';
import { rebuildProjections } from '../src/application/rebuild.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand } from '../src/contract/commands.js';
import { serverDriver } from '../src/storage/postgres/driver.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * Bank-style test on a real PostgreSQL server: 8 writer processes apply random transfers and
 * receipts for over 20 seconds, some killed with SIGKILL mid-batch and restarted. Afterwards every
 * acknowledged command is in the log exactly once, the chain verifies, money is conserved and
 * the invariants hold.
 */

const workersCount = 8;
const runMs = 22_000;
const workerPath = join(import.meta.dirname, 'support', 'concurrency-worker.ts');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-concurrency-'));
let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await testDatabase('concurrency');
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function world(): Record<string, unknown>[] {
  const commands: Record<string, unknown>[] = [
    ...['D1', 'D2', 'D3', 'D4'].map((id) => ({ id: `s-${id}`, type: 'RegisterParty', partyId: id, name: `Donor ${id}`, kind: 'state', roles: ['donor'] })),
    { id: 's-UKR', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
    { id: 's-NATO', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
    { id: 's-ACME', type: 'RegisterParty', partyId: 'ACME', name: 'Producer', kind: 'company', roles: ['producer'] },
  ];
  for (const pkg of ['PK1', 'PK2', 'PK3', 'PK4']) {
    commands.push(
      {
        id: `s-${pkg}`, type: 'ProposePackage', packageId: pkg, title: pkg, recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR', proposedAt: '2026-01-01',
        lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 1000, unitValue: '1000.00' }],
      },
      { id: `s-${pkg}-a`, type: 'ApprovePackage', packageId: pkg, at: '2026-01-02' },
      { id: `s-${pkg}-f`, type: 'RecordTransfer', fromAccount: 'donor:D1', toAccount: `package:${pkg}`, amount: { amount: '1000000.00', currency: 'EUR' }, valueDate: '2026-01-03' },
      {
        id: `s-${pkg}-c`, type: 'SignContract', contractId: `C-${pkg}`, packageId: pkg, producerId: 'ACME', currency: 'EUR', signedOn: '2026-01-04', deliveryDue: '2026-12-31',
        lines: [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 400, unitPrice: '100000.00' }],
      },
    );
    for (let n = 0; n < 40; n += 1) {
      const shipmentId = `S-${pkg}-${n}`;
      commands.push(
        { id: `s-${shipmentId}`, type: 'DispatchShipment', shipmentId, contractId: `C-${pkg}`, dispatchedAt: '2026-01-05', expectedBy: '2026-02-01', lines: [{ contractLineId: 'CL-1', quantity: 10 }] },
        { id: `s-${shipmentId}-h`, type: 'RecordMilestone', shipmentId, kind: 'handed_over', at: '2026-01-15' },
      );
    }
  }
  return commands;
}

interface Worker {
  readonly id: number;
  generation: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

describe('many writer processes on one PostgreSQL database', () => {
  it('keeps every acknowledged command exactly once, the chain whole and the money conserved, with kills', async (context) => {
    if (database?.kind !== 'server') {
      console.warn('notice: the multi-process concurrency test needs a PostgreSQL server; skipped on PGlite');
      context.skip();
      return;
    }
    const db = database;
    const setup = await PgStore.open(serverDriver(db.url), db.url);
    const results = await (await Ledger.open(setup, { now: () => new Date().toISOString() })).execute(world().map(parseCommand));
    expect(results.every((r) => r.status === 'applied')).toBe(true);

    const acknowledged: { id: string; status: string }[] = [];
    const until = Date.now() + runMs;
    const start = (id: number, generation: number): Worker => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerPath, db.url, String(id), String(generation), join(dir, `inflight-${id}.json`), String(until)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buffer = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line) acknowledged.push(JSON.parse(line) as { id: string; status: string });
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { id, generation, child, exited };
    };
    const workers = Array.from({ length: workersCount }, (_, id) => start(id, 0));
    let kills = 0;
    for (const atMs of [6000, 10_000, 14_000, 18_000]) {
      await new Promise((resolve) => setTimeout(resolve, atMs - (runMs - (until - Date.now()))));
      const victim = workers[(kills * 3 + 1) % workersCount] as Worker;
      victim.child.kill('SIGKILL');
      await victim.exited;
      kills += 1;
      workers[victim.id] = start(victim.id, victim.generation + 1);
    }
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    expect(codes.every((code) => code === 0)).toBe(true);
    expect(kills).toBe(4);

    const store = await PgStore.open(serverDriver(db.url), db.url);
    const commandIds = new Set((await store.readCommands(0, Number.MAX_SAFE_INTEGER)).map((row) => row.commandId));
    const applied = acknowledged.filter((a) => a.status === 'applied').map((a) => a.id);
    expect(applied.length).toBeGreaterThan(500);
    expect(new Set(applied).size).toBe(applied.length);
    for (const a of acknowledged.filter((x) => x.status !== 'rejected')) expect(commandIds.has(a.id), a.id).toBe(true);

    const chain = await verifyChain(store);
    expect(chain.ok).toBe(true);
    const commands = await store.readCommands(0, Number.MAX_SAFE_INTEGER);
    expect(commands.reduce((sum, c) => sum + (c.lastSeq - c.firstSeq + 1), 0)).toBe(chain.events);

    const accounts = await store.readTable('account');
    const byCurrency = new Map<string, bigint>();
    for (const row of accounts) {
      byCurrency.set(String(row.currency), (byCurrency.get(String(row.currency)) ?? 0n) + (row.balanceMinor as bigint));
      if (row.kind !== 'donor') expect(row.balanceMinor as bigint).toBeGreaterThanOrEqual(0n);
    }
    expect([...byCurrency.values()]).toEqual([0n]);
    const receipts = await store.readTable('receipt');
    expect(new Set(receipts.map((r) => r.shipmentId)).size).toBe(receipts.length);
    for (const line of await store.readTable('receiptLine')) expect((line.accepted as number) + (line.rejected as number)).toBe(line.shipped);
    for (const contract of await store.readTable('contract')) expect(contract.paidMinor as bigint).toBeLessThanOrEqual(contract.valueMinor as bigint);

    // The live projections, written by eight processes in turn, equal a replay of the log.
    const digest = await store.projectionDigest();
    await rebuildProjections(store);
    expect(await store.projectionDigest()).toEqual(digest);
    await store.close();
    await setup.close();
  }, 120_000);
});
