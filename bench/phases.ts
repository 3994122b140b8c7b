/**
 * Where a batched transfer command's time goes: the ledger's write path (src/application/ledger.ts,
 * `executeNow` and `decideAll`) retraced step by step with the same functions, each step timed.
 *
 *   npx tsx bench/phases.ts                      200,000 transfers in batches of 1,000
 *   npx tsx bench/phases.ts --transfers 50000 --batch 10000
 *
 * Prints microseconds per command for each step. The retrace skips only the result objects and
 * the ledger's promise chain; its total is checked against `ledger.execute` on the same workload.
 * Timer reads cost about what the printed overhead says and are included in the step they end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandRow, LogRow } from '../src/application/ports.js';
import { Ledger, systemClock } from '../src/application/ledger.js';
import { stateView } from '../src/application/state-view.js';
import { canonicalJson } from '../src/audit/canonical.js';
import { chainHash, sha256Hex } from '../src/audit/chain.js';
import type { CommandEnvelope } from '../src/contract/commands.js';
import { parseCommand } from '../src/contract/commands.js';
import { decide } from '../src/domain/decide.js';
import type { DomainEvent } from '../src/domain/events.js';
import { MemoryState } from '../src/projections/memory.js';
import { project } from '../src/projections/project.js';
import { tables, type TableName } from '../src/projections/tables.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { presizeWal, setupWire, transferWire } from './workload.js';

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '1000' },
    dir: { type: 'string' },
  },
  strict: true,
});
const transfersCount = Number(values.transfers.replace(/[_,]/g, ''));
const batchSize = Number(values.batch.replace(/[_,]/g, ''));
const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'aidtrace-phases-'));
const ns = () => process.hrtime.bigint();

const steps = [
  'wire objects (bench input)',
  'parseCommand (zod)',
  'BEGIN IMMEDIATE + data_version',
  'findCommands (SELECT … IN)',
  'canonicalJson(command)',
  'sha256 of the command body',
  'decide',
  'canonicalJson(event)',
  'chainHash (row bytes + sha256)',
  'project into memory',
  'log/command row objects',
  'memory.commit',
  'INSERT event_log rows',
  'INSERT command rows',
  'INSERT transfer rows + upserts',
  'COMMIT (WAL write + fsync)',
] as const;
type Step = (typeof steps)[number];
const spent = new Map<Step, bigint>(steps.map((step) => [step, 0n]));
const add = (step: Step, from: bigint, to: bigint) => spent.set(step, (spent.get(step) as bigint) + (to - from));

async function openStore(name: string): Promise<SqliteStore> {
  const store = SqliteStore.open(join(dir, name));
  presizeWal(store.connection);
  const ledger = await Ledger.open(store, systemClock);
  await ledger.execute(setupWire.map(parseCommand));
  return store;
}

/** The decision state as Ledger.reload builds it. */
async function loadMemory(store: SqliteStore): Promise<MemoryState> {
  const memory = new MemoryState();
  for (const name of Object.keys(tables) as TableName[]) {
    if (tables[name].mode !== 'entity') continue;
    for (const row of await store.readTable(name)) memory.load(name, row);
  }
  return memory;
}

/** One batch along the ledger's path, each step timed. */
async function retraceBatch(store: SqliteStore, memory: MemoryState, head: { seq: number; hash: string }, from: number, to: number, prefix: string) {
  const t = ns();
  const wires = [];
  for (let i = from; i < to; i += 1) wires.push(transferWire(i, prefix));
  const u = ns();
  add('wire objects (bench input)', t, u);
  const envelopes: CommandEnvelope[] = wires.map((wire) => parseCommand(wire));

  // BEGIN IMMEDIATE and PRAGMA data_version run in the store before the callback starts.
  let existing: ReadonlyMap<string, CommandRow> = new Map();
  let commitStarted = 0n;
  const beforeTx = ns();
  add('parseCommand (zod)', u, beforeTx);
  await store.writeTransaction(async (tx) => {
    add('BEGIN IMMEDIATE + data_version', beforeTx, ns());
    const t0 = ns();
    existing = await tx.findCommands(envelopes.map((envelope) => envelope.commandId));
    const t1 = ns();
    add('findCommands (SELECT … IN)', t0, t1);
    memory.begin();
    const view = stateView(memory);
    const log: LogRow[] = [];
    const commands: CommandRow[] = [];
    const recordedAt = systemClock.now();
    let seq = head.seq;
    let prevHash = head.hash;
    let a = ns();
    for (const { commandId, command } of envelopes) {
      const body = canonicalJson(command);
      let b = ns();
      add('canonicalJson(command)', a, b);
      const bodyHash = sha256Hex(body);
      a = ns();
      add('sha256 of the command body', b, a);
      if (existing.has(commandId)) throw new Error(`${commandId} exists`);
      const events: DomainEvent[] = decide(command, view, commandId);
      b = ns();
      add('decide', a, b);
      const firstSeq = seq + 1;
      for (const event of events) {
        seq += 1;
        a = ns();
        const payload = canonicalJson(event);
        b = ns();
        add('canonicalJson(event)', a, b);
        const hash = chainHash(prevHash, { seq, commandId, type: event.type, payload, recordedAt, actor: 'bench' });
        a = ns();
        add('chainHash (row bytes + sha256)', b, a);
        log.push({ seq, commandId, type: event.type, payload, recordedAt, actor: 'bench', prevHash, hash });
        prevHash = hash;
        b = ns();
        add('log/command row objects', a, b);
        project(event, seq, memory);
        a = ns();
        add('project into memory', b, a);
      }
      commands.push({ commandId, bodyHash, firstSeq, lastSeq: seq });
      b = ns();
      add('log/command row objects', a, b);
      a = b;
    }
    let c = ns();
    const changes = memory.commit();
    let d = ns();
    add('memory.commit', c, d);
    const empty = { puts: new Map(), appends: new Map() };
    await tx.write({ log, commands: [], changes: empty });
    c = ns();
    add('INSERT event_log rows', d, c);
    await tx.write({ log: [], commands, changes: empty });
    d = ns();
    add('INSERT command rows', c, d);
    await tx.write({ log: [], commands: [], changes });
    c = ns();
    add('INSERT transfer rows + upserts', d, c);
    head.seq = seq;
    head.hash = prevHash;
    commitStarted = ns();
  });
  add('COMMIT (WAL write + fsync)', commitStarted, ns());
}

try {
  // Warm up, then time the retrace.
  const store = await openStore('phases.db');
  const memory = await loadMemory(store);
  const headRow = store.connection.prepare('SELECT seq, hash FROM event_log ORDER BY seq DESC LIMIT 1').get() as { seq: bigint; hash: string };
  const head = { seq: Number(headRow.seq), hash: headRow.hash };
  const warm = Math.min(20_000, transfersCount);
  for (let start = 0; start < warm; start += batchSize) await retraceBatch(store, memory, head, start, Math.min(start + batchSize, warm), 'warm');
  for (const step of steps) spent.set(step, 0n);
  const t0 = ns();
  for (let start = 0; start < transfersCount; start += batchSize) {
    await retraceBatch(store, memory, head, start, Math.min(start + batchSize, transfersCount), 'bench');
  }
  const retraceS = Number(ns() - t0) / 1e9;
  const stored = Number(store.connection.prepare("SELECT COUNT(*) FROM transfer WHERE transfer_id LIKE 'bench-%'").pluck().get());
  await store.close();
  if (stored !== transfersCount) throw new Error(`expected ${transfersCount} transfer rows, found ${stored}`);

  // The real thing on the same workload, for comparison.
  const ledgerStore = await openStore('ledger.db');
  const ledger = await Ledger.open(ledgerStore, systemClock);
  for (let start = 0; start < warm; start += batchSize) {
    const envelopes = [];
    for (let i = start; i < Math.min(start + batchSize, warm); i += 1) envelopes.push(parseCommand(transferWire(i, 'warm')));
    await ledger.execute(envelopes);
  }
  const t1 = ns();
  for (let start = 0; start < transfersCount; start += batchSize) {
    const envelopes = [];
    for (let i = start; i < Math.min(start + batchSize, transfersCount); i += 1) envelopes.push(parseCommand(transferWire(i, 'bench')));
    await ledger.execute(envelopes);
  }
  const ledgerS = Number(ns() - t1) / 1e9;
  await ledgerStore.close();

  // What one timer read costs.
  let sink = 0n;
  const probeStart = ns();
  for (let i = 0; i < 1_000_000; i += 1) sink += ns() & 1n;
  const timerNs = Number(ns() - probeStart) / 1e6;

  const perCommand = (total: bigint) => Number(total) / 1e3 / transfersCount;
  const sum = [...spent.values()].reduce((a, b) => a + b, 0n);
  console.log(`${transfersCount.toLocaleString('en-US')} transfers in batches of ${batchSize.toLocaleString('en-US')}; Node ${process.version}`);
  console.log('step                                 µs/command   share');
  for (const step of steps) {
    const value = spent.get(step) as bigint;
    console.log(`${step.padEnd(36)} ${perCommand(value).toFixed(2).padStart(10)}  ${((Number(value) / Number(sum)) * 100).toFixed(1).padStart(5)}%`);
  }
  console.log(`${'sum of steps'.padEnd(36)} ${perCommand(sum).toFixed(2).padStart(10)}`);
  console.log(`${'retrace, wall clock'.padEnd(36)} ${((retraceS / transfersCount) * 1e6).toFixed(2).padStart(10)}`);
  console.log(`${'wire + parseCommand + ledger.execute'.padEnd(36)} ${((ledgerS / transfersCount) * 1e6).toFixed(2).padStart(10)}`);
  void sink;
  console.log(`one timer read ≈ ${timerNs.toFixed(0)} ns; each command's in-loop steps take about 8 reads`);
  console.log(
    `PHASES_JSON ${JSON.stringify({
      transfers: transfersCount,
      batchSize,
      usPerCommand: Object.fromEntries(steps.map((step) => [step, Number(perCommand(spent.get(step) as bigint).toFixed(3))])),
      sumUs: Number(perCommand(sum).toFixed(3)),
      retraceUs: Number(((retraceS / transfersCount) * 1e6).toFixed(3)),
      ledgerUs: Number(((ledgerS / transfersCount) * 1e6).toFixed(3)),
      timerNs: Math.round(timerNs),
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
