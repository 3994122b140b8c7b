import { rootOf, rowLeafHash } from '../src/audit/merkle.js';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLedger } from '../src/application/copy.js';
import { BatchRejected, Ledger, type ExecuteOptions } from '../src/application/ledger.js';
import type { CheckpointRecord, CommandRow, LedgerStore, LogRow, SessionRecord, TokenRecord, UserRecord } from '../src/application/ports.js';
import { rebuildProjections } from '../src/application/rebuild.js';
import { verifyLedger } from '../src/application/verify-ledger.js';
import { loadReportData, reports } from '../src/application/reports/index.js';
import { chainHash, genesisHash } from '../src/audit/chain.js';
import { cosign, generateSignerKey, openCheckpoint, signCheckpoint } from '../src/audit/checkpoint.js';
import { verifyChain } from '../src/audit/verify.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { DomainError } from '../src/domain/errors.js';
import { ConfirmationIndex } from '../src/application/reports/confirmation.js';
import { migrations as pgMigrations } from '../src/storage/postgres/schema.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { migrations as sqliteMigrations } from '../src/storage/sqlite/schema.js';
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

/** A ledger as version 1 of the schema left it: no actor column, no access tables. */
interface LegacyLedger {
  readonly log: readonly LogRow[];
  readonly commands: readonly CommandRow[];
}

const legacyLogColumns = 'seq, command_id, type, payload, recorded_at, prev_hash, hash';
const legacyParams = (row: LogRow) => [row.seq, row.commandId, row.type, row.payload, row.recordedAt, row.prevHash, row.hash];
const v1 = (list: typeof sqliteMigrations) => list.find((migration) => migration.version === 1) as (typeof list)[number];

/** Writes a version-1 SQLite file holding `legacy`, then opens it as a store (which migrates it). */
async function legacySqlite(label: string, legacy: LegacyLedger): Promise<{ store: LedgerStore; done: () => Promise<void> }> {
  const file = join(dir, `${label}.db`);
  const db = new Database(file);
  const migration = v1(sqliteMigrations);
  db.exec('CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const statement of migration.up) db.exec(statement);
  db.prepare('INSERT INTO schema_migration VALUES (?, ?, ?)').run(1, migration.name, '2025-01-01T00:00:00.000Z');
  const insert = db.prepare(`INSERT INTO event_log (${legacyLogColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const row of legacy.log) insert.run(legacyParams(row));
  const command = db.prepare('INSERT INTO command (command_id, body_hash, first_seq, last_seq) VALUES (?, ?, ?, ?)');
  for (const row of legacy.commands) command.run(row.commandId, row.bodyHash, row.firstSeq, row.lastSeq);
  db.close();
  const store = SqliteStore.open(file);
  return { store, done: () => store.close() };
}

/** The same in a fresh PostgreSQL database. */
async function legacyPostgres(label: string, legacy: LegacyLedger): Promise<{ store: LedgerStore; done: () => Promise<void> }> {
  const db = await testDatabase(label);
  const driver = db.driver();
  const migration = v1(pgMigrations);
  await driver.query('CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
  for (const statement of migration.up) await driver.query(statement);
  await driver.query('INSERT INTO schema_migration VALUES ($1, $2, $3)', [1, migration.name, '2025-01-01T00:00:00.000Z']);
  for (const row of legacy.log) await driver.query(`INSERT INTO event_log (${legacyLogColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, legacyParams(row));
  for (const row of legacy.commands) {
    await driver.query('INSERT INTO command (command_id, body_hash, first_seq, last_seq) VALUES ($1, $2, $3, $4)', [row.commandId, row.bodyHash, row.firstSeq, row.lastSeq]);
  }
  await driver.close();
  const store = await PgStore.open(db.driver(), db.url);
  return {
    store,
    done: async () => {
      await store.close();
      await db.drop();
    },
  };
}

const backends: readonly {
  name: string;
  open: (label: string) => Promise<LedgerStore>;
  legacy: (label: string, legacy: LegacyLedger) => Promise<{ store: LedgerStore; done: () => Promise<void> }>;
}[] = [
  { name: 'sqlite', open: async (label) => SqliteStore.open(join(dir, `${label}.db`)), legacy: legacySqlite },
  { name: 'postgres', open: async () => PgStore.open(database.driver(), database.url), legacy: legacyPostgres },
];

/**
 * The first `count` demo commands as a version-1 ledger would hold them: the same events,
 * chained without an actor (rows from before the actor was recorded carry '').
 */
async function legacyDemo(count: number): Promise<LegacyLedger> {
  const scratch = SqliteStore.open(':memory:');
  await (await Ledger.open(scratch, clock)).execute(demoCommands().slice(0, count).map(parseCommand));
  const head = await scratch.head();
  const rows = await scratch.readEvents(0, head.seq);
  const commands = await scratch.readCommands(1, head.seq);
  await scratch.close();
  let prevHash = genesisHash;
  const log = rows.map((row) => {
    const legacy = { ...row, actor: '', prevHash };
    const hash = chainHash(prevHash, legacy);
    prevHash = hash;
    return { ...legacy, hash };
  });
  return { log, commands };
}

const user = (userId: string, role: UserRecord['role'], partyId: string | null = null): UserRecord => ({
  userId,
  passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$${userId}`,
  role,
  partyId,
  createdAt: '2026-06-01T08:00:00.000Z',
});
const token = (tokenId: string, userId: string, createdAt: string): TokenRecord => ({
  tokenId,
  userId,
  name: `token ${tokenId}`,
  secretHash: `${tokenId}`.padEnd(64, '0'),
  createdAt,
  expiresAt: '2026-09-01T00:00:00.000Z',
  revokedAt: null,
});
const session = (sessionHash: string, userId: string, expiresAt: string): SessionRecord => ({ sessionHash, userId, createdAt: '2026-06-01T08:00:00.000Z', expiresAt });
const isAlreadyExists = (message: string, path: string) => (error: unknown) =>
  error instanceof DomainError && error.code === 'ALREADY_EXISTS' && error.message === message && error.path === path;

const fingerprints = new Map<string, { head: string; digest: Readonly<Record<string, string>>; pipeline: string }>();

describe.each(backends)('$name store', ({ name, open, legacy: openLegacy }) => {
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
    const data = await loadReportData(store);
    const pipeline = reports.pipeline(data, { currency: 'EUR', asOf: '2026-06-30' });
    // Sources and evidence read back as the demo recorded them, and give the same levels on both stores.
    const demoSources = demoCommands().filter((command) => command.type === 'RecordSource');
    const demoEvidence = demoCommands().filter((command) => command.type === 'LinkEvidence');
    expect((data.sources ?? []).map((row) => row.id).sort()).toEqual(demoSources.map((command) => command.sourceId).sort());
    expect(data.evidence).toHaveLength(demoEvidence.length);
    expect(data.sources?.find((row) => row.id === 'SRC-BLOG-ILL5')).toMatchObject({ kind: 'other', publisher: null, story: null });
    const levels = new ConfirmationIndex(data);
    const confirmation = ['CON-NLD-1', 'CON-DNK-1', 'CON-DEU-1', 'CON-SWE-1'].map((id) => levels.summary('contribution', id));
    expect(confirmation.map((c) => c.level)).toEqual(['confirmed', 'on-record', 'reported', 'unverified']);
    // Two outlets telling one story: two pieces of evidence, one story.
    expect(confirmation[2]).toEqual({ level: 'reported', evidence: 2, stories: 1 });
    // Evidence about a transfer (the Dutch payment) and about the stages of a contribution: Norway's
    // commitment is on record, its payment only reported, and the contribution is disbursed now.
    const payment = demoCommands().find((command) => command.type === 'RecordTransfer' && command.fromAccount === 'donor:NLD' && command.toAccount === 'package:PURL-NLD-1');
    const transfer = levels.of('transfer', String(payment?.id));
    expect(transfer).toMatchObject({ level: 'confirmed', evidence: 1 });
    const stages = levels.of('contribution', 'CON-NOR-1');
    expect(stages).toMatchObject({ level: 'reported', evidence: 1 });
    expect(stages.stages?.map(({ stage, level, current }) => [stage, level, current])).toEqual([
      ['announced', 'unverified', false],
      ['committed', 'on-record', false],
      ['disbursed', 'reported', true],
    ]);
    fingerprints.set(name, { head: verified.headHash, digest, pipeline: JSON.stringify({ pipeline, confirmation, transfer, stages }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) });
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

  it('evidence names a transfer or a conversion leg the store holds; other ids are not transfers', async () => {
    const store = await open('transfer_evidence');
    const ledger = await Ledger.open(store, clock);
    if ((await store.head()).seq === 0) await ledger.execute(demoCommands().map(parseCommand));
    const stored = new Set((await store.readTable('transfer')).map((row) => String(row.transferId)));
    const conversion = [...stored].find((id) => id.endsWith('/sold')) as string;
    const evidence = (id: string, recordId: string) =>
      parseCommand({ id, type: 'LinkEvidence', recordKind: 'transfer', recordId, sourceId: 'SRC-NLD-STATEMENT', excerpt: `Paid (${id}): ${recordId}`, sourceType: 'none' });
    const payment = String(demoCommands().find((command) => command.type === 'RecordTransfer')?.id);
    expect(stored.has(payment)).toBe(true);
    const linked = await ledger.execute([evidence('ev-transfer-1', payment), evidence('ev-leg-1', conversion)]);
    expect(linked.map((result) => result.status)).toEqual(['applied', 'applied']);
    // Not transfers: an unknown id, a command that recorded something else, a leg of a transfer that is no conversion.
    const party = String(demoCommands().find((command) => command.type === 'RegisterParty')?.id);
    for (const [id, recordId] of [['ev-transfer-7', 'no-such-transfer'], ['ev-transfer-8', party], ['ev-transfer-9', `${payment}/sold`]] as const) {
      const [result] = await ledger.execute([evidence(id, recordId)], { continueOnError: true });
      expect(result).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND', path: 'recordId', message: expect.stringContaining(`"${recordId}"`) } });
    }
    // Recorded now, known at once: a new transfer, then evidence for it in the same batch.
    const fresh = parseCommand({ id: 'tk-1', type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PURL-ILL-5', amount: { amount: '1.00', currency: 'USD' }, valueDate: '2026-06-30' });
    expect((await ledger.execute([fresh, evidence('ev-transfer-2', 'tk-1')])).map((result) => result.status)).toEqual(['applied', 'applied']);
    // A second ledger on the same store (another process) decides on what the first recorded.
    const other = await Ledger.open(store, clock);
    expect((await other.execute([evidence('ev-transfer-3', 'tk-1')])).map((result) => result.status)).toEqual(['applied']);
    const levels = new ConfirmationIndex(await loadReportData(store));
    expect(levels.of('transfer', 'tk-1').items.map((item) => item.id).sort()).toEqual(['ev-transfer-2', 'ev-transfer-3']);
    expect(levels.of('transfer', conversion).evidence).toBe(1);
    expect((await verifyLedger(store)).projections?.tables.every((table) => table.missing === 0 && table.unexplained === 0 && table.differing === 0)).toBe(true);
    await store.close();
  });

  it('records the acting account on every event of a batch, returns it, and hashes it', async () => {
    const store = await open('actor');
    const ledger = await Ledger.open(store, clock);
    const register = (id: string, partyId: string) => parseCommand({ id, type: 'RegisterParty', partyId, name: `Party ${partyId}`, kind: 'state', roles: ['donor'] });
    const before = (await store.head()).seq;
    const results = await ledger.execute([register('actor-1', 'ACT-A'), register('actor-2', 'ACT-B')], { actor: 'user:nl-mod token:Ab12Cd34Ef56Gh78' });
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const stored = await store.readEvents(before, 100);
    expect(stored).toHaveLength(2);
    expect(stored.map((row) => row.actor)).toEqual(['user:nl-mod token:Ab12Cd34Ef56Gh78', 'user:nl-mod token:Ab12Cd34Ef56Gh78']);
    expect((await store.eventsOfCommand('actor-2')).map((row) => row.actor)).toEqual(['user:nl-mod token:Ab12Cd34Ef56Gh78']);

    // Without an actor the batch is the system's; a replay keeps the original actor.
    await ledger.execute([register('actor-3', 'ACT-C'), register('actor-1', 'ACT-A')], { actor: 'user:someone-else' });
    await ledger.execute([register('actor-4', 'ACT-D')]);
    expect((await store.eventsOfCommand('actor-1')).map((row) => row.actor)).toEqual(['user:nl-mod token:Ab12Cd34Ef56Gh78']);
    expect((await store.eventsOfCommand('actor-3')).map((row) => row.actor)).toEqual(['user:someone-else']);
    expect((await store.eventsOfCommand('actor-4')).map((row) => row.actor)).toEqual(['system']);

    // The actor is part of each row's hash: the stored row verifies; the same row with another actor would not.
    for (const row of await store.readEvents(before, 100)) {
      expect(chainHash(row.prevHash, row)).toBe(row.hash);
      for (const other of ['user:intruder', 'system', '']) {
        if (other !== row.actor) expect(chainHash(row.prevHash, { ...row, actor: other })).not.toBe(row.hash);
      }
    }
    expect((await verifyChain(store)).ok).toBe(true);
    await store.close();
  });

  it('authorizes each new command against the state it is decided on, atomically with the decision', async () => {
    const store = await open('authorize');
    const ledger = await Ledger.open(store, clock);
    const register = (id: string, partyId: string) => parseCommand({ id, type: 'RegisterParty', partyId, name: `Party ${partyId}`, kind: 'state', roles: ['donor'] });
    const seen: string[] = [];
    // Only a party id that is not registered yet, and not AUTH-X, may be registered.
    const authorize: NonNullable<ExecuteOptions['authorize']> = (command, view) => {
      if (command.type !== 'RegisterParty') return;
      seen.push(`${command.partyId}:${view.party(command.partyId) ? 'known' : 'new'}`);
      if (command.partyId === 'AUTH-X') throw new DomainError('FORBIDDEN', 'partyId: AUTH-X is not yours to register', 'partyId');
    };
    const before = await store.head();
    await expect(ledger.execute([register('auth-1', 'AUTH-A'), register('auth-2', 'AUTH-X')], { authorize })).rejects.toSatisfy(
      (error) => error instanceof BatchRejected && error.results[1]?.status === 'rejected' && error.results[1].error.code === 'FORBIDDEN',
    );
    expect(await store.head()).toEqual(before);

    const results = await ledger.execute([register('auth-1', 'AUTH-A'), register('auth-2', 'AUTH-X'), register('auth-3', 'AUTH-B')], { authorize, continueOnError: true });
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN', path: 'partyId' } });
    expect((await store.head()).seq).toBe(before.seq + 2);

    // Replays return the stored result without asking again.
    seen.length = 0;
    const again = await ledger.execute([register('auth-1', 'AUTH-A')], { authorize: () => { throw new DomainError('FORBIDDEN', 'no'); } });
    expect(again.map((r) => r.status)).toEqual(['replayed']);
    expect(seen).toEqual([]);
    await store.close();
  });

  it('migrates a version-1 ledger: its rows verify unchanged, and new rows carry their actor', async () => {
    const legacy = await legacyDemo(12);
    const legacyHead = legacy.log[legacy.log.length - 1] as LogRow;
    const { store, done } = await openLegacy(`legacy_${name}`, legacy);
    try {
      expect(await verifyChain(store)).toEqual({ ok: true, events: legacyHead.seq, headHash: legacyHead.hash, treeRoot: Buffer.from(rootOf(legacy.log.map(rowLeafHash))).toString('base64') });
      expect((await store.readEvents(0, 1000)).every((row) => row.actor === '')).toBe(true);
      await rebuildProjections(store);
      const ledger = await Ledger.open(store, clock);
      const rest = await ledger.execute(demoCommands().slice(12).map(parseCommand), { actor: 'user:coordinator' });
      expect(rest.filter((r) => r.status !== 'applied')).toEqual([]);
      const [replay] = await ledger.execute([parseCommand(demoCommands()[0])]);
      expect(replay?.status).toBe('replayed');
      const verified = await verifyChain(store);
      expect(verified.ok).toBe(true);
      const rows = await store.readEvents(0, 100_000);
      expect(rows.filter((row) => row.seq <= legacyHead.seq).every((row) => row.actor === '')).toBe(true);
      expect(rows.filter((row) => row.seq > legacyHead.seq).every((row) => row.actor === 'user:coordinator')).toBe(true);
      expect(await store.access.users()).toEqual([]);
    } finally {
      await done();
    }
  });

  it('keeps accounts, API tokens and sessions beside the ledger', async () => {
    const store = await open('access');
    const { access } = store;
    const alice = user('alice', 'admin');
    const bob = user('bob', 'donor', 'NLD');
    await access.addUser(bob);
    await access.addUser(alice);
    expect(await access.user('alice')).toEqual(alice);
    expect(await access.user('bob')).toEqual(bob);
    expect(await access.user('nobody')).toBeUndefined();
    expect(await access.users()).toEqual([alice, bob]);

    // A taken user id is refused and nothing is written.
    await expect(access.addUser({ ...alice, role: 'auditor', passwordHash: 'other' })).rejects.toSatisfy(isAlreadyExists('user: "alice" already exists', 'userId'));
    expect(await access.user('alice')).toEqual(alice);
    expect(await access.users()).toEqual([alice, bob]);

    const t1 = token('tok-1', 'bob', '2026-06-02T00:00:00.000Z');
    const t2 = token('tok-2', 'bob', '2026-06-03T00:00:00.000Z');
    const t3 = token('tok-3', 'alice', '2026-06-01T00:00:00.000Z');
    await access.addToken(t2);
    await access.addToken(t1);
    await access.addToken(t3);
    expect(await access.token('tok-1')).toEqual(t1);
    expect(await access.token('tok-9')).toBeUndefined();
    expect(await access.tokensOf('bob')).toEqual([t1, t2]);
    expect(await access.tokensOf('alice')).toEqual([t3]);
    expect(await access.tokensOf('nobody')).toEqual([]);
    await expect(access.addToken({ ...t1, userId: 'alice' })).rejects.toSatisfy(isAlreadyExists('token: "tok-1" already exists', 'tokenId'));
    expect(await access.token('tok-1')).toEqual(t1);
    expect(await access.revokeToken('tok-1', '2026-06-10T00:00:00.000Z')).toBe(true);
    expect(await access.revokeToken('tok-1', '2026-06-11T00:00:00.000Z')).toBe(false);
    expect(await access.revokeToken('tok-9', '2026-06-11T00:00:00.000Z')).toBe(false);
    expect(await access.token('tok-1')).toEqual({ ...t1, revokedAt: '2026-06-10T00:00:00.000Z' });
    expect(await access.token('tok-2')).toEqual(t2);

    const live = session('a'.repeat(64), 'alice', '2026-07-01T00:00:00.000Z');
    const old = session('b'.repeat(64), 'bob', '2026-06-01T20:00:00.000Z');
    const ending = session('c'.repeat(64), 'bob', '2026-06-15T00:00:00.000Z');
    const gone = session('d'.repeat(64), 'bob', '2026-07-01T00:00:00.000Z');
    for (const record of [live, old, ending, gone]) await access.addSession(record);
    expect(await access.session(live.sessionHash)).toEqual(live);
    await access.deleteSession(gone.sessionHash);
    await access.deleteSession(gone.sessionHash);
    expect(await access.session(gone.sessionHash)).toBeUndefined();
    // Expired at or before the moment: gone; later: kept.
    expect(await access.pruneSessions('2026-06-15T00:00:00.000Z')).toBe(2);
    expect(await access.session(old.sessionHash)).toBeUndefined();
    expect(await access.session(ending.sessionHash)).toBeUndefined();
    expect(await access.session(live.sessionHash)).toEqual(live);
    expect(await access.pruneSessions('2026-06-15T00:00:00.000Z')).toBe(0);

    // Outside the projections: not in the digest, untouched by a rebuild.
    const digest = await store.projectionDigest();
    expect(Object.keys(digest).filter((table) => ['app_user', 'api_token', 'app_session'].includes(table))).toEqual([]);
    await rebuildProjections(store);
    expect(await access.users()).toEqual([alice, bob]);
    expect(await access.tokensOf('bob')).toHaveLength(2);
    expect(await access.session(live.sessionHash)).toEqual(live);
    await store.close();
  });

  it('keeps signed checkpoints beside the ledger: merges cosignatures, refuses a split view', async () => {
    const store = await open('checkpoints');
    const { checkpoints } = store;
    const origin = `contract.example/${name}`;
    const log = generateSignerKey(origin);
    const witnessA = generateSignerKey('witness-a.example');
    const witnessB = generateSignerKey('witness-b.example');
    const root = (byte: number) => new Uint8Array(32).fill(byte);
    const record = (size: number, rootBytes: Uint8Array, note: string, createdAt = '2026-06-30T12:00:00.000Z'): CheckpointRecord => ({
      origin,
      size,
      rootHash: Buffer.from(rootBytes).toString('base64'),
      note,
      createdAt,
    });
    const note5 = signCheckpoint({ origin, size: 5, root: root(5) }, [log.signer]);
    const note9 = signCheckpoint({ origin, size: 9, root: root(9) }, [log.signer]);
    const other = signCheckpoint({ origin: `${origin}-other`, size: 50, root: root(50) }, [generateSignerKey(`${origin}-other`).signer]);
    expect(await checkpoints.latest(origin)).toBeUndefined();
    expect(await checkpoints.add(record(9, root(9), note9))).toEqual(record(9, root(9), note9));
    await checkpoints.add(record(5, root(5), note5));
    await checkpoints.add({ ...record(50, root(50), other), origin: `${origin}-other` });
    expect(await checkpoints.at(origin, 5)).toEqual(record(5, root(5), note5));
    expect(await checkpoints.at(origin, 6)).toBeUndefined();
    expect((await checkpoints.latest(origin))?.size).toBe(9);
    expect((await checkpoints.latest(`${origin}-other`))?.size).toBe(50);
    const mine = (await checkpoints.list()).filter((c) => c.origin.startsWith(origin));
    expect(mine.map((c) => `${c.origin} ${c.size}`)).toEqual([`${origin} 5`, `${origin} 9`, `${origin}-other 50`]);

    // Two witnesses cosign separately: the kept note gains both, each once, and still opens with every key.
    const byA = cosign(note9, witnessA.signer, { verifiers: [log.verifier] });
    const byB = cosign(note9, witnessB.signer, { verifiers: [log.verifier] });
    await checkpoints.add(record(9, root(9), byA, '2026-07-01T00:00:00.000Z'));
    const merged = await checkpoints.add(record(9, root(9), byB));
    expect(await checkpoints.at(origin, 9)).toEqual(merged);
    expect(merged.createdAt).toBe('2026-06-30T12:00:00.000Z');
    const opened = openCheckpoint(merged.note, [log.verifier, witnessA.verifier, witnessB.verifier], { origin });
    expect(opened.verifiedBy).toEqual([origin, 'witness-a.example', 'witness-b.example']);
    expect(merged.note.split('\n').filter((line) => line.startsWith('\u2014 '))).toHaveLength(3);
    // Cosignatures arriving at once are all kept.
    const witnesses = [1, 2, 3, 4].map((i) => generateSignerKey(`witness-${i}.example`));
    await Promise.all(witnesses.map((witness) => checkpoints.add(record(5, root(5), cosign(note5, witness.signer)))));
    const five = await checkpoints.at(origin, 5);
    expect(openCheckpoint(five?.note ?? '', [log.verifier, ...witnesses.map((w) => w.verifier)], { origin }).verified).toHaveLength(5);
    // Sending the plain note or a copy already merged changes nothing.
    expect(await checkpoints.add(record(9, root(9), note9))).toEqual(merged);
    expect(await checkpoints.add(record(9, root(9), byA))).toEqual(merged);

    // Same size, another root: a split view, refused, naming both roots; nothing changes.
    const forked = signCheckpoint({ origin, size: 9, root: root(7) }, [log.signer]);
    await expect(checkpoints.add(record(9, root(7), forked))).rejects.toSatisfy(
      (error) =>
        error instanceof DomainError &&
        error.code === 'SPLIT_VIEW' &&
        error.message.includes(Buffer.from(root(9)).toString('base64')) &&
        error.message.includes(Buffer.from(root(7)).toString('base64')),
    );
    expect(await checkpoints.at(origin, 9)).toEqual(merged);

    // A record whose fields are not what its note states is refused.
    await expect(checkpoints.add(record(6, root(5), note5))).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'VALIDATION_FAILED' && error.path === 'size');
    await expect(checkpoints.add(record(5, root(6), note5))).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'VALIDATION_FAILED' && error.path === 'rootHash');
    await expect(checkpoints.add(record(5, root(5), 'not a note'))).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'VALIDATION_FAILED' && error.path === 'note');
    expect(await checkpoints.at(origin, 6)).toBeUndefined();

    // Outside the projections: not in the digest, untouched by a rebuild.
    expect(Object.keys(await store.projectionDigest())).not.toContain('checkpoint');
    await rebuildProjections(store);
    expect(await checkpoints.at(origin, 9)).toEqual(merged);
    await store.close();
  });

  it('serves account writes while ledger batches run on the same store', async () => {
    const store = await open('access-busy');
    const ledger = await Ledger.open(store, clock);
    const register = (id: string) => parseCommand({ id, type: 'RegisterParty', partyId: `BUSY-${id}`, name: id, kind: 'state', roles: ['donor'] });
    const before = (await store.head()).seq;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      work.push(ledger.execute([register(`busy-${i}`)], { actor: 'user:busy' }));
      work.push(store.access.addSession(session(`busy-${i}`.padEnd(64, 'x'), 'busy', '2026-07-01T00:00:00.000Z')));
      work.push(store.access.addUser(user(`busy-${name}-${i}`, 'auditor')));
    }
    await Promise.all(work);
    expect((await store.head()).seq).toBe(before + 20);
    expect((await store.access.users()).filter((u) => u.userId.startsWith(`busy-${name}-`))).toHaveLength(20);
    expect(await store.access.pruneSessions('2026-07-01T00:00:00.000Z')).toBeGreaterThanOrEqual(20);
    expect((await verifyChain(store)).ok).toBe(true);
    await store.close();
  });
});

describe('copy between stores', () => {
  it('round-trips the demo SQLite → PostgreSQL → SQLite with the same chain, projections, command ids, accounts and tokens', async () => {
    const source = SqliteStore.open(join(dir, 'copy-source.db'));
    await (await Ledger.open(source, clock)).execute(demoCommands().map(parseCommand), { actor: 'user:alice' });
    const users = [user('alice', 'coordinator'), user('bob', 'donor', 'NLD')];
    const tokens = [token('tok-a', 'alice', '2026-06-01T00:00:00.000Z'), { ...token('tok-b', 'bob', '2026-06-02T00:00:00.000Z'), revokedAt: '2026-06-03T00:00:00.000Z' }];
    for (const record of users) await source.access.addUser(record);
    for (const record of tokens) await source.access.addToken(record);
    await source.access.addSession(session('e'.repeat(64), 'alice', '2026-07-01T00:00:00.000Z'));
    const head = await verifyChain(source);
    const log = generateSignerKey('aidtrace.test/copy');
    const signed = cosign(signCheckpoint({ origin: 'aidtrace.test/copy', size: head.events, root: Buffer.from(head.treeRoot, 'base64') }, [log.signer]), generateSignerKey('witness.example').signer);
    await source.checkpoints.add({ origin: 'aidtrace.test/copy', size: head.events, rootHash: head.treeRoot, note: signed, createdAt: '2026-06-30T12:00:00.000Z' });
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
      expect((await back.readEvents(0, 100_000)).every((row) => row.actor === 'user:alice')).toBe(true);
      for (const copy of [server, back]) {
        expect(await copy.access.users()).toEqual(users);
        expect(await copy.access.tokensOf('alice')).toEqual([tokens[0]]);
        expect(await copy.access.tokensOf('bob')).toEqual([tokens[1]]);
        // Sessions belong to the browsers signed in to the source; they stay behind.
        expect(await copy.access.session('e'.repeat(64))).toBeUndefined();
        // Checkpoints vouch for the copied log, cosignatures included.
        expect(await copy.checkpoints.list()).toEqual(await source.checkpoints.list());
      }
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

describe('copy into a store that already has an account of the same name', () => {
  it('refuses and copies nothing', async () => {
    const source = SqliteStore.open(join(dir, 'copy-clash-source.db'));
    await (await Ledger.open(source, clock)).execute(demoCommands().slice(0, 5).map(parseCommand));
    await source.access.addUser(user('carol', 'admin'));
    const target = SqliteStore.open(join(dir, 'copy-clash-target.db'));
    await target.access.addUser({ ...user('carol', 'auditor'), createdAt: '2026-01-01T00:00:00.000Z' });
    await expect(copyLedger(source, target)).rejects.toSatisfy(isAlreadyExists('user: "carol" already exists', 'userId'));
    expect((await target.head()).seq).toBe(0);
    expect(await target.readCommands(0, 1_000_000)).toEqual([]);
    expect(await target.access.users()).toEqual([{ ...user('carol', 'auditor'), createdAt: '2026-01-01T00:00:00.000Z' }]);
    await source.close();
    await target.close();
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
