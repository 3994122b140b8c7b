/**
 * PostgreSQL figures for `npm run bench`: transfers/s with 1 and with 8 concurrent writer
 * processes, beside a bare multi-row INSERT of the same rows into the same server in the same run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { Ledger } from '../src/application/ledger.js';
import { parseCommand } from '../src/contract/commands.js';
import { serverDriver } from '../src/storage/postgres/driver.js';
import { PgStore } from '../src/storage/postgres/store.js';

export interface PgFigures {
  readonly oneWriterPerS: number;
  readonly eightWritersPerS: number;
  readonly barePerS: number;
}

const adminUrl = process.env.AIDTRACE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `aidtrace_bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    return await work(adminUrl.replace(/\/[^/]*$/, `/${name}`));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function setUp(url: string): Promise<void> {
  const store = await PgStore.open(serverDriver(url), url);
  const ledger = await Ledger.open(store, { now: () => new Date().toISOString() });
  await ledger.execute(
    [
      { id: 'b-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'] },
      { id: 'b-2', type: 'RegisterParty', partyId: 'DNK', name: 'Denmark', kind: 'state', roles: ['donor'] },
      { id: 'b-3', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
      { id: 'b-4', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
      {
        id: 'b-5', type: 'ProposePackage', packageId: 'PK-1', title: 'Bench', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR', proposedAt: '2025-08-01',
        lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 1_000_000, unitValue: '100000000.00' }],
      },
      { id: 'b-6', type: 'ApprovePackage', packageId: 'PK-1', at: '2025-08-02' },
    ].map(parseCommand),
  );
  await store.close();
}

async function writers(url: string, count: number, total: number, batchSize: number): Promise<number> {
  const script = join(import.meta.dirname, 'pg-writer.ts');
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: count }, (_, writer) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(writer), String(Math.ceil(total / count)), String(batchSize)], { stdio: 'inherit' });
      return new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}`)))));
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function bare(url: string, total: number, batchSize: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE bare_transfer (seq bigint, transfer_id text, from_account text, to_account text, currency text, amount_minor bigint, value_date text)');
  const started = process.hrtime.bigint();
  for (let start = 0; start < total; start += batchSize) {
    const ids = Array.from({ length: Math.min(batchSize, total - start) }, (_, k) => start + k);
    await client.query(
      'INSERT INTO bare_transfer SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])',
      [ids, ids.map((i) => `bare-${i}`), ids.map((i) => (i % 2 === 0 ? 'donor:NLD' : 'donor:DNK')), ids.map(() => 'package:PK-1'), ids.map(() => 'EUR'), ids.map((i) => ((i % 9973) + 1) * 100), ids.map(() => '2025-08-10')],
    );
  }
  const perS = total / (Number(process.hrtime.bigint() - started) / 1e9);
  await client.end();
  return perS;
}

/** Runs the PostgreSQL figures, or returns undefined (with a notice) where no server answers. */
export async function postgresFigures(total: number, batchSize: number): Promise<PgFigures | undefined> {
  const probe = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
  } catch {
    console.log(`notice: no PostgreSQL server at ${adminUrl}; PostgreSQL figures skipped`);
    return undefined;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const oneWriterPerS = await withDatabase(async (url) => {
    await setUp(url);
    return writers(url, 1, total, batchSize);
  });
  const eightWritersPerS = await withDatabase(async (url) => {
    await setUp(url);
    return writers(url, 8, total, batchSize);
  });
  const barePerS = await withDatabase((url) => bare(url, total, batchSize));
  return { oneWriterPerS, eightWritersPerS, barePerS };
}
