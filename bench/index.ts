/**
 * `npm run bench`: the ledger's write path beside a bare better-sqlite3 insert of the same rows,
 * measured in the same run on the same disk with the same pragmas.
 *
 *   npm run bench                                   1,000,000 transfers, 5,000 durable commits
 *   npm run bench -- --transfers 100000 --durable 500 --batch 1000
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger } from '../src/application/ledger.js';
import { parseCommand, type CommandEnvelope } from '../src/contract/commands.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '1000000' },
    durable: { type: 'string', default: '5000' },
    batch: { type: 'string', default: '1000' },
  },
});
const transfersCount = Number(values.transfers);
const durableCount = Number(values.durable);
const batchSize = Number(values.batch);
for (const [name, value] of Object.entries({ transfers: transfersCount, durable: durableCount, batch: batchSize })) {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive integer`);
}

const dir = mkdtempSync(join(tmpdir(), 'aidtrace-bench-'));
const clock = { now: () => new Date().toISOString() };
const pragmas = (db: Database.Database) => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
};

const setup = [
  { id: 'b-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'] },
  { id: 'b-2', type: 'RegisterParty', partyId: 'DNK', name: 'Denmark', kind: 'state', roles: ['donor'] },
  { id: 'b-3', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
  { id: 'b-4', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
  ...['PK-1', 'PK-2'].flatMap((packageId, index) => [
    {
      id: `b-p${index}`, type: 'ProposePackage', packageId, title: 'Bench package', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR',
      proposedAt: '2025-08-01', lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 1_000_000, unitValue: '100000000.00' }],
    },
    { id: `b-a${index}`, type: 'ApprovePackage', packageId, at: '2025-08-02' },
  ]),
];

/** The wire form of the i-th transfer: alternating donors and packages, varying amounts. */
function transferWire(i: number) {
  return {
    id: `bench-${String(i).padStart(8, '0')}`,
    type: 'RecordTransfer',
    fromAccount: i % 2 === 0 ? 'donor:NLD' : 'donor:DNK',
    toAccount: i % 3 === 0 ? 'package:PK-2' : 'package:PK-1',
    amount: { amount: `${(i % 9973) + 1}.${String(i % 100).padStart(2, '0')}`, currency: 'EUR' },
    valueDate: '2025-08-10',
  };
}

async function openLedger(name: string): Promise<Ledger> {
  const ledger = await Ledger.open(SqliteStore.open(join(dir, name)), clock);
  await ledger.execute(setup.map(parseCommand));
  return ledger;
}

function bareTable(name: string): { db: Database.Database; insert: Database.Statement } {
  const db = new Database(join(dir, name));
  pragmas(db);
  db.exec('CREATE TABLE transfer (seq INTEGER, transfer_id TEXT, from_account TEXT, to_account TEXT, currency TEXT, amount_minor INTEGER, value_date TEXT)');
  return { db, insert: db.prepare('INSERT INTO transfer VALUES (?, ?, ?, ?, ?, ?, ?)') };
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;

/** Batched: the ledger (validation separately timed) against the bare insert. */
async function batched() {
  const ledger = await openLedger('batched.db');
  let parseS = 0;
  let applyS = 0;
  for (let start = 0; start < transfersCount; start += batchSize) {
    const end = Math.min(start + batchSize, transfersCount);
    const t0 = process.hrtime.bigint();
    const envelopes: CommandEnvelope[] = [];
    for (let i = start; i < end; i += 1) envelopes.push(parseCommand(transferWire(i)));
    const t1 = process.hrtime.bigint();
    await ledger.execute(envelopes);
    parseS += Number(t1 - t0) / 1e9;
    applyS += seconds(t1);
  }
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  await ledger.store.close();

  const bare = bareTable('bare-batched.db');
  const t0 = process.hrtime.bigint();
  for (let start = 0; start < transfersCount; start += batchSize) {
    const end = Math.min(start + batchSize, transfersCount);
    bare.db.transaction(() => {
      for (let i = start; i < end; i += 1) {
        const wire = transferWire(i);
        bare.insert.run(i + 1, wire.id, wire.fromAccount, wire.toAccount, 'EUR', BigInt(i % 9973) * 100n + BigInt(i % 100), wire.valueDate);
      }
    }).immediate();
  }
  const bareS = seconds(t0);
  bare.db.close();
  return {
    applyPerS: transfersCount / applyS,
    withValidationPerS: transfersCount / (applyS + parseS),
    barePerS: transfersCount / bareS,
    floorPerS: transfersCount / storageFloor(),
    heapUsedMb,
  };
}

/**
 * The storage floor: the rows one transfer command must write — its event_log row, its command
 * row, its transfer row and, when committed alone, the two account balances and the package it
 * funds — prepared in advance and written into the ledger's own schema with no validating,
 * deciding, hashing or projecting. No implementation of this design can beat it.
 */
function floorWriter(name: string) {
  const store = SqliteStore.open(join(dir, name));
  const db = store.connection;
  const event = db.prepare('INSERT INTO event_log (seq, command_id, type, payload, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const command = db.prepare('INSERT INTO command (command_id, body_hash, first_seq, last_seq) VALUES (?, ?, ?, ?)');
  const transfer = db.prepare(
    'INSERT INTO transfer (seq, transfer_id, from_account, to_account, currency, amount_minor, value_date, contribution_id, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const account = db.prepare(
    `INSERT INTO account (id, currency, kind, owner_id, balance_minor, debits_minor, credits_minor) VALUES (?, 'EUR', 'donor', 'x', ?, 0, 0)
     ON CONFLICT (id, currency) DO UPDATE SET balance_minor = excluded.balance_minor`,
  );
  const pkg = db.prepare(
    `INSERT INTO package (id, title, recipient_id, coordinator_id, currency, value_minor, funded_minor, stage, stage_since, proposed_at)
     VALUES (?, 't', 'UKR', 'NATO', 'EUR', 0, ?, 'approved', '2025-08-02', '2025-08-01')
     ON CONFLICT (id) DO UPDATE SET funded_minor = excluded.funded_minor`,
  );
  const hash = 'ab'.repeat(32);
  const write = (i: number, balances: boolean) => {
    const wire = transferWire(i);
    const amountMinor = BigInt(i % 9973) * 100n + BigInt(i % 100);
    const payload = `{"amountMinor":"${amountMinor}","contributionId":null,"currency":"EUR","fromAccount":"${wire.fromAccount}","memo":null,"toAccount":"${wire.toAccount}","transferId":"${wire.id}","type":"TransferRecorded","valueDate":"${wire.valueDate}"}`;
    event.run(i + 1, wire.id, 'TransferRecorded', payload, '2026-01-01T00:00:00.000Z', hash, hash);
    command.run(wire.id, hash, i + 1, i + 1);
    transfer.run(i + 1, wire.id, wire.fromAccount, wire.toAccount, 'EUR', amountMinor, wire.valueDate, null, null);
    if (balances) {
      account.run(wire.fromAccount, -amountMinor);
      account.run(wire.toAccount, amountMinor);
      pkg.run(wire.toAccount.slice('package:'.length), amountMinor);
    }
  };
  return { db, write };
}

/** Batched, balances are written once per batch, so the floor is the three rows per command. */
function storageFloor(): number {
  const { db, write } = floorWriter('floor.db');
  const t0 = process.hrtime.bigint();
  for (let start = 0; start < transfersCount; start += batchSize) {
    const end = Math.min(start + batchSize, transfersCount);
    db.transaction(() => {
      for (let i = start; i < end; i += 1) write(i, false);
    }).immediate();
  }
  const floorS = seconds(t0);
  db.close();
  return floorS;
}

/**
 * Durable: one command per transaction, each commit synced, against a bare one-row transaction.
 * fsync times drift, so the two alternate in rounds and each side's rounds are summed.
 */
async function durable() {
  const ledger = await openLedger('durable.db');
  const bare = bareTable('bare-durable.db');
  const floor = floorWriter('durable-floor.db');
  const rounds = 10;
  let oursS = 0;
  let bareS = 0;
  let floorS = 0;
  let next = 0;
  for (let round = 0; round < rounds; round += 1) {
    const count = Math.ceil(durableCount / rounds);
    const t0 = process.hrtime.bigint();
    for (let i = next; i < next + count; i += 1) await ledger.execute([parseCommand(transferWire(i))]);
    oursS += seconds(t0);
    const t1 = process.hrtime.bigint();
    for (let i = next; i < next + count; i += 1) {
      const wire = transferWire(i);
      bare.db.transaction(() => bare.insert.run(i + 1, wire.id, wire.fromAccount, wire.toAccount, 'EUR', BigInt(i), wire.valueDate)).immediate();
    }
    bareS += seconds(t1);
    const t2 = process.hrtime.bigint();
    for (let i = next; i < next + count; i += 1) floor.db.transaction(() => floor.write(i, true)).immediate();
    floorS += seconds(t2);
    next += count;
  }
  await ledger.store.close();
  bare.db.close();
  floor.db.close();
  return { oursPerS: next / oursS, barePerS: next / bareS, floorPerS: next / floorS };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
try {
  const b = await batched();
  const d = await durable();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rows = [
    ['batched transfers (apply)', `${fmt(b.applyPerS)} commands/s`, `${fmt(b.barePerS)} rows/s`, (b.applyPerS / b.barePerS).toFixed(3), '≥ 0.25'],
    ['batched, with validation', `${fmt(b.withValidationPerS)} commands/s`, `${fmt(b.barePerS)} rows/s`, (b.withValidationPerS / b.barePerS).toFixed(3), ''],
    ['batched storage floor (3 rows/command)', `${fmt(b.floorPerS)} commands/s`, `${fmt(b.barePerS)} rows/s`, (b.floorPerS / b.barePerS).toFixed(3), ''],
    ['durable single commands', `${fmt(d.oursPerS)} commits/s`, `${fmt(d.barePerS)} commits/s`, (d.oursPerS / d.barePerS).toFixed(3), '≥ 0.8'],
    ['durable storage floor (6 rows/commit)', `${fmt(d.floorPerS)} commits/s`, `${fmt(d.barePerS)} commits/s`, (d.floorPerS / d.barePerS).toFixed(3), ''],
  ];
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['measure', 'aidtrace', 'bare better-sqlite3', 'ratio', 'target'], ...rows].map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`${transfersCount.toLocaleString('en-US')} transfers in batches of ${batchSize}; ${durableCount} durable commits; Node ${process.version}`);
  console.log(line(['measure', 'aidtrace', 'bare better-sqlite3', 'ratio', 'target']));
  for (const row of rows) console.log(line(row));
  console.log(`peak RSS ${fmt(peakRssMb)} MB; heap used after the batched run ${fmt(b.heapUsedMb)} MB`);
  console.log(
    `BENCH_JSON ${JSON.stringify({
      transfers: transfersCount,
      batchSize,
      durable: durableCount,
      applyPerS: Math.round(b.applyPerS),
      withValidationPerS: Math.round(b.withValidationPerS),
      bareBatchedPerS: Math.round(b.barePerS),
      batchedRatio: Number((b.applyPerS / b.barePerS).toFixed(3)),
      storageFloorPerS: Math.round(b.floorPerS),
      storageFloorRatio: Number((b.floorPerS / b.barePerS).toFixed(3)),
      durablePerS: Math.round(d.oursPerS),
      bareDurablePerS: Math.round(d.barePerS),
      durableRatio: Number((d.oursPerS / d.barePerS).toFixed(3)),
      durableFloorPerS: Math.round(d.floorPerS),
      durableFloorRatio: Number((d.floorPerS / d.barePerS).toFixed(3)),
      peakRssMb: Math.round(peakRssMb),
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
