/**
 * The write-path benchmark: the ledger beside a bare better-sqlite3 insert of the same rows,
 * measured in the same run, in the same folder, with the same pragmas (WAL, synchronous=FULL,
 * cache_size=-65536).
 *
 *   npm run bench                                    1,000,000 transfers, 2,000 durable commits
 *   npm run bench -- --transfers 100000 --durable 500
 *   npm run bench -- --batch 1000 --dir /mnt/disk    another batch size; temp files on another disk
 *   npm run bench -- --no-floor                      skip the storage-floor measurements
 *   npm run bench -- --pg-transfers 20000            fewer transfers for the PostgreSQL figures
 *   npm run bench -- --http-seconds 10               longer HTTP load rounds (see ./http.ts)
 *   npm run bench -- --import-rows 100000            smaller generated files for the import figures (see ./imports.ts)
 *   npm run bench -- --merkle-events 100000          fewer rows for the Merkle tree figures (see ./merkle.ts)
 *
 * PostgreSQL (when a server answers at AIDTRACE_BENCH_POSTGRES_URL, by default the local one):
 * transfers/s with 1 and with 8 writer processes beside a bare multi-row INSERT of the same rows
 * into the same server; see ./postgres.ts.
 *
 * Batched: wire objects → parseCommand → ledger.execute, `--batch` commands per call, one
 * transaction each. The bare side inserts rows with the `transfer` projection's own columns
 * into a table with the projection's own DDL, with one prepared INSERT, the same number of rows
 * per transaction. The headline ratio counts validation: every entry point validates.
 *
 * Durable: one command per execute (so one transaction and one WAL fsync each) beside one bare
 * row per transaction. The disk's fsync time drifts, so the sides alternate in rounds and each
 * side's rounds are summed, in an order that rotates every round.
 *
 * Every file, ours and bare, starts with its WAL at its steady size (see presizeWal in
 * ./workload.ts): on ext4 a commit that grows the WAL costs about twice as much, which would
 * otherwise slow the bare side's first ~1,000 single-row commits and flatter the durable ratio.
 *
 * Merkle tree (./merkle.ts, in a process of its own): in memory, what `verifyChain` does per row
 * (the chain link and the tree leaf, then the root), on one thread (LogVerifier.push) and on every
 * core (ParallelVerifier, as verifyChain runs a log longer than a page), beside SHA-256 once per row of
 * the same bytes on one thread, in rounds whose order rotates; a MerkleIndex built and caught up;
 * and inclusion and consistency proofs, generated through the index (and, a few, from every leaf)
 * and verified, in a tree of the same size.
 *
 * Where the time of a batched command goes, step by step: `npx tsx bench/phases.ts`.
 *
 * Prints a table and one `BENCH_JSON {…}` line with every figure. Temp files are deleted.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger, systemClock } from '../src/application/ledger.js';
import type { CommandEnvelope } from '../src/contract/commands.js';
import { parseCommand } from '../src/contract/commands.js';
import { tables } from '../src/projections/tables.js';
import { projectionDdl } from '../src/storage/sqlite/schema.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { amountMinorOf, donors, packages, presizeWal, setupWire, transferWire } from './workload.js';
import { httpFigures } from './http.js';
import { importFigures, type ImportMeasure } from './imports.js';
import { merkleFiguresApart } from './merkle.js';
import { postgresFigures } from './postgres.js';

// ---------------------------------------------------------------------------------------------
// Options

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '1000000' },
    durable: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '10' },
    dir: { type: 'string' },
    'no-floor': { type: 'boolean', default: false },
    'pg-transfers': { type: 'string', default: '100000' },
    'http-seconds': { type: 'string', default: '5' },
    'import-rows': { type: 'string', default: '1000000' },
    'merkle-events': { type: 'string', default: '1000000' },
  },
  strict: true,
});

function count(name: string, text: string): number {
  const value = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive integer, got "${text}"`);
  return value;
}

const transfersCount = count('transfers', values.transfers);
const durableCount = count('durable', values.durable);
const batchSize = Math.min(count('batch', values.batch), transfersCount);
const rounds = Math.min(count('rounds', values.rounds), durableCount);
const withFloor = !values['no-floor'];
const pgTransfersCount = count('pg-transfers', values['pg-transfers']);
const merkleEvents = count('merkle-events', values['merkle-events']);
const warmupCount = Math.min(transfersCount, Math.max(batchSize * 2, 20_000));
const durableWarmup = 20;

const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'aidtrace-bench-'));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// The two sides

const ns = () => process.hrtime.bigint();

const secondsSince = (start: bigint) => Number(ns() - start) / 1e9;

async function openLedger(name: string): Promise<Ledger> {
  const store = SqliteStore.open(join(dir, name));
  presizeWal(store.connection);
  const ledger = await Ledger.open(store, systemClock);
  await ledger.execute(setupWire.map(parseCommand));
  return ledger;
}

/** Applies transfers [from, to) through parseCommand and execute, `size` per call; returns seconds spent validating. */
async function applyTransfers(ledger: Ledger, from: number, to: number, size: number, prefix: string): Promise<number> {
  let parseNs = 0n;
  for (let start = from; start < to; start += size) {
    const end = Math.min(start + size, to);
    const t0 = ns();
    const envelopes: CommandEnvelope[] = new Array(end - start);
    for (let i = start; i < end; i += 1) envelopes[i - start] = parseCommand(transferWire(i, prefix));
    parseNs += ns() - t0;
    const results = await ledger.execute(envelopes);
    if (results.length !== envelopes.length) throw new Error(`execute returned ${results.length} results for ${envelopes.length} commands`);
  }
  return Number(parseNs) / 1e9;
}

/** A bare table with the transfer projection's DDL, the same pragmas, one prepared INSERT. */
function bareTable(name: string) {
  const db = new Database(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  presizeWal(db);
  for (const statement of projectionDdl(tables.transfer)) db.exec(statement);
  const insert = db.prepare(
    'INSERT INTO transfer (seq, transfer_id, from_account, to_account, currency, amount_minor, value_date, contribution_id, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const row = (i: number, prefix: string) => {
    const wire = transferWire(i, prefix);
    insert.run(i + 1, wire.id, wire.fromAccount, wire.toAccount, 'EUR', amountMinorOf(i), wire.valueDate, null, null);
  };
  const rows = db.transaction((from: number, to: number, prefix: string) => {
    for (let i = from; i < to; i += 1) row(i, prefix);
  });
  /** Rows [from, to), `size` per transaction (BEGIN IMMEDIATE … COMMIT, as the ledger's). */
  const insertRows = (from: number, to: number, size: number, prefix: string) => {
    for (let start = from; start < to; start += size) rows.immediate(start, Math.min(start + size, to), prefix);
  };
  return { db, insertRows };
}

/**
 * The storage floor: the rows one transfer command writes — its event_log row, its command row,
 * its transfer row, and per transaction the two accounts and the package it moves — written
 * straight into the ledger's own schema, without validating, deciding, hashing or projecting.
 */
function floorWriter(name: string) {
  const store = SqliteStore.open(join(dir, name));
  const db = store.connection;
  presizeWal(db);
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
  const recordedAt = '2026-01-01T00:00:00.000Z';
  let seq = 0;
  const one = (i: number, prefix: string) => {
    const wire = transferWire(i, prefix);
    const amountMinor = amountMinorOf(i);
    seq += 1;
    const payload = `{"amountMinor":"${amountMinor}","contributionId":null,"currency":"EUR","fromAccount":"${wire.fromAccount}","memo":null,"toAccount":"${wire.toAccount}","transferId":"${wire.id}","type":"TransferRecorded","valueDate":"${wire.valueDate}"}`;
    event.run(seq, wire.id, 'TransferRecorded', payload, recordedAt, hash, hash);
    command.run(wire.id, hash, seq, seq);
    transfer.run(seq, wire.id, wire.fromAccount, wire.toAccount, 'EUR', amountMinor, wire.valueDate, null, null);
  };
  const balances = (i: number) => {
    account.run(donors[i % 3] as string, -amountMinorOf(i));
    account.run(packages[i % 2] as string, amountMinorOf(i));
    pkg.run((packages[i % 2] as string).slice('package:'.length), amountMinorOf(i));
  };
  const rows = db.transaction((from: number, to: number, prefix: string) => {
    for (let i = from; i < to; i += 1) one(i, prefix);
    balances(to - 1);
  });
  const writeRows = (from: number, to: number, size: number, prefix: string) => {
    for (let start = from; start < to; start += size) rows.immediate(start, Math.min(start + size, to), prefix);
  };
  return { db, writeRows };
}

// ---------------------------------------------------------------------------------------------
// Runs

async function batched() {
  // Warm-up on throwaway files, so the timed runs start with compiled code.
  const warmLedger = await openLedger('warmup-ledger.db');
  await applyTransfers(warmLedger, 0, warmupCount, batchSize, 'warm');
  await warmLedger.store.close();
  const warmBare = bareTable('warmup-bare.db');
  warmBare.insertRows(0, warmupCount, batchSize, 'warm');
  warmBare.db.close();

  // Bare, before.
  const bareBefore = bareTable('bare-batched-1.db');
  let t0 = ns();
  bareBefore.insertRows(0, transfersCount, batchSize, 'bench');
  const bareBeforeS = secondsSince(t0);
  bareBefore.db.close();

  // Ours: wire object → parseCommand → execute, all timed.
  const ledger = await openLedger('ledger-batched.db');
  const headBefore = ledger.head.seq;
  t0 = ns();
  const parseS = await applyTransfers(ledger, 0, transfersCount, batchSize, 'bench');
  const oursS = secondsSince(t0);
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  const peakRssAfterBatchedMb = process.resourceUsage().maxRSS / 1024;
  const events = ledger.head.seq - headBefore;
  const stored = Number(ledger.store instanceof SqliteStore ? ledger.store.connection.prepare('SELECT COUNT(*) FROM transfer').pluck().get() : -1);
  await ledger.store.close();
  if (events !== transfersCount || stored !== transfersCount) {
    throw new Error(`expected ${transfersCount} transfer events and rows, found ${events} events and ${stored} rows`);
  }

  // Bare, after: the faster of the two bare runs is the baseline (the stricter comparison).
  const bareAfter = bareTable('bare-batched-2.db');
  t0 = ns();
  bareAfter.insertRows(0, transfersCount, batchSize, 'bench');
  const bareAfterS = secondsSince(t0);
  bareAfter.db.close();

  let floorS: number | undefined;
  if (withFloor) {
    const floor = floorWriter('floor-batched.db');
    t0 = ns();
    floor.writeRows(0, transfersCount, batchSize, 'bench');
    floorS = secondsSince(t0);
    floor.db.close();
  }

  const bareS = Math.min(bareBeforeS, bareAfterS);
  return {
    oursPerS: transfersCount / oursS,
    applyOnlyPerS: transfersCount / (oursS - parseS),
    oursUsPerCommand: (oursS / transfersCount) * 1e6,
    parseUsPerCommand: (parseS / transfersCount) * 1e6,
    executeUsPerCommand: ((oursS - parseS) / transfersCount) * 1e6,
    barePerS: transfersCount / bareS,
    bareBeforePerS: transfersCount / bareBeforeS,
    bareAfterPerS: transfersCount / bareAfterS,
    bareUsPerRow: (bareS / transfersCount) * 1e6,
    floorPerS: floorS === undefined ? undefined : transfersCount / floorS,
    oursS,
    bareS,
    heapUsedMb,
    peakRssAfterBatchedMb,
  };
}

async function durable() {
  const ledger = await openLedger('ledger-durable.db');
  const bare = bareTable('bare-durable.db');
  const floor = withFloor ? floorWriter('floor-durable.db') : undefined;
  const oursOne = async (i: number, prefix: string) => {
    const [result] = await ledger.execute([parseCommand(transferWire(i, prefix))]);
    if (result?.status !== 'applied') throw new Error(`durable command ${i}: ${JSON.stringify(result)}`);
  };
  for (let i = 0; i < durableWarmup; i += 1) await oursOne(i, 'warm');
  bare.insertRows(0, durableWarmup, 1, 'warm');
  floor?.writeRows(0, durableWarmup, 1, 'warm');

  // Each round runs every side once; the order rotates so no side always follows another's fsyncs.
  const sides: { name: 'ours' | 'bare' | 'floor'; run: (from: number, to: number) => Promise<void> }[] = [
    {
      name: 'ours',
      run: async (from, to) => {
        for (let i = from; i < to; i += 1) await oursOne(i, 'bench');
      },
    },
    { name: 'bare', run: async (from, to) => bare.insertRows(from, to, 1, 'bench') },
    ...(floor ? [{ name: 'floor' as const, run: async (from: number, to: number) => floor.writeRows(from, to, 1, 'bench') }] : []),
  ];
  const spent = { ours: 0n, bare: 0n, floor: 0n };
  let next = 0;
  for (let round = 0; round < rounds; round += 1) {
    const end = Math.round((durableCount * (round + 1)) / rounds);
    for (let k = 0; k < sides.length; k += 1) {
      const side = sides[(round + k) % sides.length] as (typeof sides)[number];
      const t0 = ns();
      await side.run(next, end);
      spent[side.name] += ns() - t0;
    }
    next = end;
  }
  const oursNs = spent.ours;
  const bareNs = spent.bare;
  const floorNs = spent.floor;
  await ledger.store.close();
  bare.db.close();
  floor?.db.close();
  const perS = (total: bigint) => durableCount / (Number(total) / 1e9);
  return {
    oursPerS: perS(oursNs),
    barePerS: perS(bareNs),
    floorPerS: floor ? perS(floorNs) : undefined,
    oursUsPerCommit: Number(oursNs) / 1e3 / durableCount,
    bareUsPerCommit: Number(bareNs) / 1e3 / durableCount,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
const micro = (n: number) => Number(n.toFixed(2));

try {
  const started = ns();
  console.log(
    `aidtrace write-path benchmark: ${transfersCount.toLocaleString('en-US')} transfers in batches of ${batchSize.toLocaleString('en-US')}, ` +
      `${durableCount.toLocaleString('en-US')} durable commits in ${rounds} rounds; Node ${process.version}; temp folder ${dir}`,
  );
  const b = await batched();
  console.log(`batched done: ${b.oursS.toFixed(1)} s ours, ${b.bareS.toFixed(1)} s bare`);
  const d = await durable();
  const p = await postgresFigures(pgTransfersCount, batchSize);
  const h = await httpFigures(Number(values['http-seconds']), 2, 10);
  const httpRatio = ratio(h.oursPerS, h.barePerS);
  const imports = await importFigures(count('import-rows', values['import-rows']));
  const rowsPerS = (m: ImportMeasure) => m.rows / m.seconds;
  const merkle = merkleFiguresApart(merkleEvents);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const totalS = secondsSince(started);

  const batchedRatio = ratio(b.oursPerS, b.barePerS);
  const durableRatio = ratio(d.oursPerS, d.barePerS);
  const merkleRatio = ratio(merkle.verifyPerS, merkle.barePerS);
  const merkleTwoRatio = ratio(merkle.verifyTwoThreadsPerS, merkle.barePerS);
  const inclusionUs = merkle.inclusion.verifyUsPerProof;
  const rows: string[][] = [
    ['batched transfers: parseCommand + execute', `${whole(b.oursPerS)} commands/s`, `${whole(b.barePerS)} rows/s`, batchedRatio.toFixed(3), '≥ 0.25', batchedRatio >= 0.25 ? 'met' : 'NOT MET'],
    ['  the same, execute only (parse excluded)', `${whole(b.applyOnlyPerS)} commands/s`, `${whole(b.barePerS)} rows/s`, ratio(b.applyOnlyPerS, b.barePerS).toFixed(3), '', ''],
    ...(b.floorPerS === undefined
      ? []
      : [['  storage floor: 3 prepared rows/command', `${whole(b.floorPerS)} commands/s`, `${whole(b.barePerS)} rows/s`, ratio(b.floorPerS, b.barePerS).toFixed(3), '', '']]),
    ['durable: one command per transaction', `${whole(d.oursPerS)} commits/s`, `${whole(d.barePerS)} commits/s`, durableRatio.toFixed(3), '≥ 0.8', durableRatio >= 0.8 ? 'met' : 'NOT MET'],
    ...(d.floorPerS === undefined
      ? []
      : [['  storage floor: 6 prepared rows/commit', `${whole(d.floorPerS)} commits/s`, `${whole(d.barePerS)} commits/s`, ratio(d.floorPerS, d.barePerS).toFixed(3), '', '']]),
    [`HTTP: GET ${h.path} as the public`, `${whole(h.oursPerS)} req/s`, `${whole(h.barePerS)} req/s *`, httpRatio.toFixed(3), '≥ 0.5', httpRatio >= 0.5 ? 'met' : 'NOT MET'],
    ...imports.map((f) => {
      const importRatio = ratio(rowsPerS(f.ours), rowsPerS(f.bare));
      return [
        `import ${f.format}: ${f.ours.rows.toLocaleString('en-US')} ${f.format === 'iati' ? 'transactions' : 'rows'}`,
        `${whole(rowsPerS(f.ours))} rows/s`,
        `${whole(rowsPerS(f.bare))} rows/s **`,
        importRatio.toFixed(3),
        '≥ 0.3',
        importRatio >= 0.3 ? 'met' : 'NOT MET',
      ];
    }),
    [
      `Merkle: verify ${merkle.events.toLocaleString('en-US')} events (chain + tree), ${merkle.cores} cores`,
      `${whole(merkle.verifyTwoThreadsPerS)} rows/s`,
      `${whole(merkle.barePerS)} rows/s ***`,
      merkleTwoRatio.toFixed(3),
      '≥ 0.5',
      merkleTwoRatio >= 0.5 ? 'met' : 'NOT MET',
    ],
    [
      '  the same on 1 thread',
      `${whole(merkle.verifyPerS)} rows/s`,
      `${whole(merkle.barePerS)} rows/s ***`,
      merkleRatio.toFixed(3),
      '≥ 0.5',
      merkleRatio >= 0.5 ? 'met' : 'NOT MET',
    ],
    ['Merkle: inclusion proof verify', `${inclusionUs.toFixed(1)} µs/proof`, '', '', '< 100 µs', inclusionUs < 100 ? 'met' : 'NOT MET'],
    ['Merkle: inclusion proof from the index', `${merkle.inclusion.generateMsPerProof.toFixed(2)} ms/proof`, '', '', '', ''],
    ['Merkle: index catch-up', `${merkle.index.catchUpUsPerEvent.toFixed(2)} µs/event`, '', '', '', ''],
  ];
  const header = ['measure', 'aidtrace', 'bare better-sqlite3', 'ratio', 'target', ''];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  console.log('');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
  console.log(
    `per command, batched: ${b.oursUsPerCommand.toFixed(2)} µs (parseCommand ${b.parseUsPerCommand.toFixed(2)} µs, execute ${b.executeUsPerCommand.toFixed(2)} µs); ` +
      `bare ${b.bareUsPerRow.toFixed(2)} µs/row (runs before and after ours: ${whole(b.bareBeforePerS)} and ${whole(b.bareAfterPerS)} rows/s; the faster is the baseline)`,
  );
  console.log(`per commit, durable: ${d.oursUsPerCommit.toFixed(1)} µs ours, ${d.bareUsPerCommit.toFixed(1)} µs bare`);
  console.log(
    `memory: peak RSS ${whole(b.peakRssAfterBatchedMb)} MB after the batched run (${whole(peakRssMb)} MB whole run); heap used after the batched run ${whole(b.heapUsedMb)} MB`,
  );
  if (p) {
    console.log(
      `PostgreSQL, ${pgTransfersCount.toLocaleString('en-US')} transfers in batches of ${batchSize.toLocaleString('en-US')}: ` +
        `1 writer ${whole(p.oneWriterPerS)} commands/s (ratio ${ratio(p.oneWriterPerS, p.barePerS).toFixed(3)}), ` +
        `8 writer processes ${whole(p.eightWritersPerS)} commands/s (ratio ${ratio(p.eightWritersPerS, p.barePerS).toFixed(3)}), ` +
        `bare multi-row INSERT ${whole(p.barePerS)} rows/s`,
    );
  }
  console.log(
    `* HTTP baseline: a bare Fastify route returning the same ${h.bytes} bytes; autocannon, 10 connections over loopback, ${values['http-seconds']} s × 2 rounds per side; ` +
      `p99 ${h.oursP99Ms} ms ours, ${h.bareP99Ms} ms bare; ${h.errors} errors`,
  );
  for (const f of imports) {
    console.log(
      `** import ${f.format}: bare = the same file through the importer's own reader (${f.format === 'csv' ? 'csv-parse, records numbered by line' : 'activities cut from the stream, checked as XML and parsed by fast-xml-parser'}), no ledger; ` +
        `peak RSS ${whole(f.ours.maxRssMb)} MB at ${f.ours.rows.toLocaleString('en-US')} rows and ${whole(f.oursQuarter.maxRssMb)} MB at ${f.oursQuarter.rows.toLocaleString('en-US')} ` +
        `(bare ${whole(f.bare.maxRssMb)} and ${whole(f.bareQuarter.maxRssMb)} MB); each in a process of its own`,
    );
  }
  console.log(
    `*** Merkle: ${merkle.events.toLocaleString('en-US')} in-memory rows of ${merkle.rowBytesMean.toFixed(0)} bytes; verify = the chain link and the tree leaf of every row, then the root: ` +
      `on 1 thread LogVerifier.push, on ${merkle.cores} cores ParallelVerifier (this thread makes and packs the bytes, ${merkle.workers} worker threads hash), as verifyChain runs a log of more than 8,192 rows; ` +
      `bare = SHA-256 of the same rowBytes once per row on 1 thread, nothing else; ${merkle.rounds} rounds, the order rotating. ` +
      `MerkleIndex: built at ${whole(merkle.index.buildPerS)} events/s, caught up at ${merkle.index.catchUpUsPerEvent.toFixed(2)} µs per appended event. ` +
      `Proofs in a tree of ${merkle.proofTreeSize.toLocaleString('en-US')} leaves, through the index over an in-memory store: inclusion generated ${whole(merkle.inclusion.generatePerS)}/s ` +
      `(without the index, from every leaf: ${merkle.inclusion.wholeLogGeneratePerS.toFixed(2)}/s), verified ${whole(merkle.inclusion.verifyPerS)}/s (${inclusionUs.toFixed(1)} µs); ` +
      `consistency generated ${whole(merkle.consistency.generatePerS)}/s (without: ${merkle.consistency.wholeLogGeneratePerS.toFixed(2)}/s), verified ${whole(merkle.consistency.verifyPerS)}/s (${merkle.consistency.verifyUsPerProof.toFixed(1)} µs), the fastest of 3 passes over 20,000 random proofs; ` +
      `peak RSS ${whole(merkle.peakRssMb)} MB in a process of its own`,
  );
  console.log(`total ${totalS.toFixed(1)} s`);
  console.log(
    `BENCH_JSON ${JSON.stringify({
      node: process.version,
      transfers: transfersCount,
      batchSize,
      durable: durableCount,
      durableRounds: rounds,
      batchedPerS: Math.round(b.oursPerS),
      batchedExecuteOnlyPerS: Math.round(b.applyOnlyPerS),
      bareBatchedPerS: Math.round(b.barePerS),
      bareBatchedBeforePerS: Math.round(b.bareBeforePerS),
      bareBatchedAfterPerS: Math.round(b.bareAfterPerS),
      batchedRatio,
      batchedExecuteOnlyRatio: ratio(b.applyOnlyPerS, b.barePerS),
      batchedUsPerCommand: micro(b.oursUsPerCommand),
      parseUsPerCommand: micro(b.parseUsPerCommand),
      executeUsPerCommand: micro(b.executeUsPerCommand),
      bareUsPerRow: micro(b.bareUsPerRow),
      storageFloorBatchedPerS: b.floorPerS === undefined ? null : Math.round(b.floorPerS),
      storageFloorBatchedRatio: b.floorPerS === undefined ? null : ratio(b.floorPerS, b.barePerS),
      durablePerS: Math.round(d.oursPerS),
      bareDurablePerS: Math.round(d.barePerS),
      durableRatio,
      durableUsPerCommit: micro(d.oursUsPerCommit),
      bareDurableUsPerCommit: micro(d.bareUsPerCommit),
      storageFloorDurablePerS: d.floorPerS === undefined ? null : Math.round(d.floorPerS),
      storageFloorDurableRatio: d.floorPerS === undefined ? null : ratio(d.floorPerS, d.barePerS),
      peakRssAfterBatchedMb: Math.round(b.peakRssAfterBatchedMb),
      peakRssMb: Math.round(peakRssMb),
      heapUsedAfterBatchedMb: Math.round(b.heapUsedMb),
      ...(p
        ? {
            pgTransfers: pgTransfersCount,
            pgOneWriterPerS: Math.round(p.oneWriterPerS),
            pgEightWritersPerS: Math.round(p.eightWritersPerS),
            pgBareMultiRowPerS: Math.round(p.barePerS),
            pgOneWriterRatio: ratio(p.oneWriterPerS, p.barePerS),
            pgEightWritersRatio: ratio(p.eightWritersPerS, p.barePerS),
          }
        : {}),
      httpPath: h.path,
      httpPerS: Math.round(h.oursPerS),
      httpBarePerS: Math.round(h.barePerS),
      httpRatio,
      httpP99Ms: h.oursP99Ms,
      httpErrors: h.errors,
      imports: imports.map((f) => ({
        format: f.format,
        rows: f.ours.rows,
        rowsPerS: Math.round(rowsPerS(f.ours)),
        bareRowsPerS: Math.round(rowsPerS(f.bare)),
        ratio: ratio(rowsPerS(f.ours), rowsPerS(f.bare)),
        peakRssMb: Math.round(f.ours.maxRssMb),
        peakRssQuarterMb: Math.round(f.oursQuarter.maxRssMb),
        bareRssMb: Math.round(f.bare.maxRssMb),
      })),
      merkle: {
        events: merkle.events,
        rowBytesMean: Math.round(merkle.rowBytesMean),
        verifyPerS: Math.round(merkle.verifyPerS),
        verifyTwoThreadsPerS: Math.round(merkle.verifyTwoThreadsPerS),
        bareSha256PerS: Math.round(merkle.barePerS),
        ratio: merkleRatio,
        ratioTwoThreads: merkleTwoRatio,
        indexBuildPerS: Math.round(merkle.index.buildPerS),
        indexCatchUpUsPerEvent: micro(merkle.index.catchUpUsPerEvent),
        proofTreeSize: merkle.proofTreeSize,
        inclusionGenerateWholeLogPerS: Number(merkle.inclusion.wholeLogGeneratePerS.toFixed(3)),
        consistencyGenerateWholeLogPerS: Number(merkle.consistency.wholeLogGeneratePerS.toFixed(3)),
        inclusionGeneratePerS: Number(merkle.inclusion.generatePerS.toFixed(3)),
        inclusionVerifyPerS: Math.round(merkle.inclusion.verifyPerS),
        inclusionVerifyUs: micro(merkle.inclusion.verifyUsPerProof),
        consistencyGeneratePerS: Number(merkle.consistency.generatePerS.toFixed(3)),
        consistencyVerifyPerS: Math.round(merkle.consistency.verifyPerS),
        consistencyVerifyUs: micro(merkle.consistency.verifyUsPerProof),
        peakRssMb: Math.round(merkle.peakRssMb),
      },
      totalSeconds: Number(totalS.toFixed(1)),
    })}`,
  );
} finally {
  cleanup();
}
