import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ChainHead, CommandRow, LedgerStore, LogRow, TokenRecord, TransferTotal, UserRecord, WriteBatch, WriteTx } from '../../application/ports.js';
import { DomainError } from '../../domain/errors.js';
import type { Row, RowChanges } from '../../projections/memory.js';
import { tableList, tables, type TableName } from '../../projections/tables.js';
import { columnMap, fromStored, logColumns, projectionDigestOf, snake, toCommandRow, toLogRow, toParams, type ColumnMap } from '../columns.js';
import { SqliteAccess } from './access.js';
import { SqliteCheckpoints } from './checkpoints.js';
import { migrations, projectionDdl } from './schema.js';

export interface SqliteOptions {
  /** Milliseconds to wait for another process's write lock. */
  readonly busyTimeoutMs?: number;
}

const lookupChunkMax = 500;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit that
 * returned is on disk. BEGIN IMMEDIATE takes the single write lock, which keeps one total order
 * of events across processes.
 */
export class SqliteStore implements LedgerStore {
  private readonly db: Database.Database;
  private readonly maps = new Map<TableName, ColumnMap>();
  private readonly statements = new Map<string, Statement>();
  private readonly inserts = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  /** SQLite's data_version at the start of the current write transaction; it moves only when another connection commits. */
  private dataVersion: bigint | undefined;
  private quiet = false;
  /** The chain head this connection's last committed write ended at. */
  private lastWrittenSeq = -1;
  private pendingWrittenSeq = -1;
  private readonly busyTimeoutMs: number;
  readonly access: SqliteAccess;
  readonly checkpoints: SqliteCheckpoints;

  private constructor(readonly location: string, options: SqliteOptions) {
    this.db = new Database(location, { fileMustExist: false });
    this.db.defaultSafeIntegers(true);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    // Readers never wait in WAL mode; writers wait in `begin`, off the thread.
    this.db.pragma('busy_timeout = 0');
    this.db.pragma('cache_size = -65536');
    for (const name of Object.keys(tables) as TableName[]) this.maps.set(name, columnMap(tables[name]));
    this.access = new SqliteAccess(this.db, (work) => this.exclusive(work));
    this.checkpoints = new SqliteCheckpoints(this.db, (work) => this.exclusive(work));
  }

  /** Opens (creating if needed) and migrates a ledger file. */
  static open(location: string, options: SqliteOptions = {}): SqliteStore {
    if (location !== ':memory:' && !existsSync(dirname(resolve(location)))) {
      throw new DomainError('NOT_FOUND', `database: the folder of ${location} does not exist`);
    }
    try {
      const store = new SqliteStore(location, options);
      store.migrate();
      return store;
    } catch (error) {
      if (error instanceof Database.SqliteError || (error as NodeJS.ErrnoException).code !== undefined) {
        throw new DomainError('VALIDATION_FAILED', `database: cannot use ${location} as a ledger: ${(error as Error).message}`);
      }
      throw error;
    }
  }

  /** Applies the migrations this file has not seen; returns the versions applied. */
  migrate(): number[] {
    // Opening happens before any other work on this connection, so waiting on the thread is safe here.
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    try {
      return this.migrateNow();
    } finally {
      this.db.pragma('busy_timeout = 0');
    }
  }

  private migrateNow(): number[] {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migration').all().map((row) => Number((row as { version: bigint }).version)));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        for (const statement of migration.up) this.db.exec(statement);
        this.db.prepare('INSERT INTO schema_migration VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      }).immediate();
      done.push(migration.version);
    }
    return done;
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private map(table: TableName): ColumnMap {
    return this.maps.get(table) as ColumnMap;
  }

  async writeTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    // One connection serves one transaction at a time; callers in this process queue up.
    const run = this.queue.then(() => this.runTransaction(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes the write lock without blocking the thread: better-sqlite3 waits synchronously, which
   * would stall every other connection in this process (including the one holding the lock).
   */
  private async begin(): Promise<void> {
    const started = Date.now();
    for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 50)) {
      try {
        this.prepared('BEGIN IMMEDIATE').run();
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() - started > this.busyTimeoutMs) {
          throw new DomainError('STORE_BUSY', `database: ${this.location} stayed locked by another writer for ${this.busyTimeoutMs} ms; try again`);
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /**
   * Runs a short synchronous write (accounts, tokens, sessions) in its own transaction, in turn
   * with the ledger's. It does not touch the log, so what the ledger knows of the chain stands.
   */
  private exclusive<T>(work: () => T): Promise<T> {
    const run = this.queue.then(async () => {
      await this.begin();
      try {
        const result = work();
        this.prepared('COMMIT').run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.prepared('ROLLBACK').run();
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    await this.begin();
    try {
      const version = this.prepared('PRAGMA data_version').pluck().get() as bigint;
      this.quiet = version === this.dataVersion;
      this.dataVersion = version;
      this.pendingWrittenSeq = -1;
      const result = await work(this.tx);
      this.prepared('COMMIT').run();
      if (this.pendingWrittenSeq >= 0) this.lastWrittenSeq = this.pendingWrittenSeq;
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.prepared('ROLLBACK').run();
      throw error;
    }
  }

  /** The transaction's view of this store; valid only inside `runTransaction`. */
  private readonly tx: WriteTx = {
    quietSince: async (seq) => this.quiet && seq === this.lastWrittenSeq,
    head: async () => this.headNow(),
    readTable: (table) => this.readTable(table),
    readEvents: async (afterSeq, limit) => this.eventsAfter(afterSeq, limit),
    findCommands: async (ids) => this.commandsById(ids),
    eventTypesOf: async (ids) => this.eventTypesOf(ids),
    write: async (batch) => this.writeBatch(batch),
    addAccess: async (users, tokens) => this.addAccessNow(users, tokens),
  };

  private addAccessNow(users: readonly UserRecord[], tokens: readonly TokenRecord[]): void {
    for (const user of users) this.access.insertUserNow(user);
    for (const token of tokens) this.access.insertTokenNow(token);
  }

  private headNow(): ChainHead {
    const row = this.prepared('SELECT seq, hash FROM event_log ORDER BY seq DESC LIMIT 1').get() as { seq: bigint; hash: string } | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: '0'.repeat(64) };
  }

  private eventsAfter(afterSeq: number, limit: number): LogRow[] {
    const rows = this.prepared(
      `SELECT ${logColumns} FROM event_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    ).all(afterSeq, limit) as Record<string, unknown>[];
    return rows.map(toLogRow);
  }

  private commandsById(ids: readonly string[]): Map<string, CommandRow> {
    const found = new Map<string, CommandRow>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += lookupChunkMax) {
      const chunk = unique.slice(start, start + lookupChunkMax);
      const sql = `SELECT command_id, body_hash, first_seq, last_seq FROM command WHERE command_id IN (${chunk.map(() => '?').join(',')})`;
      for (const row of this.prepared(sql).all(...chunk) as Record<string, unknown>[]) found.set(String(row.command_id), toCommandRow(row));
    }
    return found;
  }

  private eventTypesOf(ids: readonly string[]): Map<string, string[]> {
    const found = new Map<string, string[]>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += lookupChunkMax) {
      const chunk = unique.slice(start, start + lookupChunkMax);
      const sql = `SELECT c.command_id, e.type FROM command c JOIN event_log e ON e.seq BETWEEN c.first_seq AND c.last_seq WHERE c.command_id IN (${chunk.map(() => '?').join(',')}) ORDER BY e.seq`;
      for (const row of this.prepared(sql).all(...chunk) as { command_id: string; type: string }[]) {
        const types = found.get(row.command_id);
        if (types) types.push(row.type);
        else found.set(row.command_id, [row.type]);
      }
    }
    return found;
  }

  private writeBatch(batch: WriteBatch): void {
    const insertLog = this.prepared(`INSERT INTO event_log (${logColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const row of batch.log) insertLog.run(row.seq, row.actor, row.commandId, row.type, row.payload, row.recordedAt, row.prevHash, row.hash);
    const last = batch.log[batch.log.length - 1];
    if (last) this.pendingWrittenSeq = last.seq;
    const insertCommand = this.prepared('INSERT INTO command (command_id, body_hash, first_seq, last_seq) VALUES (?, ?, ?, ?)');
    for (const row of batch.commands) insertCommand.run(row.commandId, row.bodyHash, row.firstSeq, row.lastSeq);
    this.writeChanges(batch.changes);
  }

  private writeChanges(changes: RowChanges): void {
    for (const [table, rows] of changes.appends) {
      const statement = this.insertStatement(table, false);
      const map = this.map(table);
      for (const row of rows) statement.run(toParams(map, row));
    }
    for (const [table, rows] of changes.puts) {
      const statement = this.insertStatement(table, true);
      const map = this.map(table);
      for (const row of rows) statement.run(toParams(map, row));
    }
  }

  private insertStatement(table: TableName, upsert: boolean): Statement {
    const key = `${table}:${upsert}`;
    let statement = this.inserts.get(key);
    if (!statement) this.inserts.set(key, (statement = this.prepareInsert(table, upsert)));
    return statement;
  }

  private prepareInsert(table: TableName, upsert: boolean): Statement {
    const def = tables[table];
    const { columns } = this.map(table);
    const keys = new Set(def.key.map(snake));
    const updates = columns.filter((column) => !keys.has(column)).map((column) => `${column} = excluded.${column}`);
    const conflict = upsert ? ` ON CONFLICT (${[...keys].join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}` : '';
    return this.prepared(`INSERT INTO ${def.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`);
  }

  async head(): Promise<ChainHead> {
    return this.headNow();
  }

  async readEvents(afterSeq: number, limit: number): Promise<readonly LogRow[]> {
    return this.eventsAfter(afterSeq, limit);
  }

  async eventsOfCommand(commandId: string): Promise<readonly LogRow[]> {
    const command = this.prepared('SELECT first_seq, last_seq FROM command WHERE command_id = ?').get(commandId) as
      | { first_seq: bigint; last_seq: bigint }
      | undefined;
    if (!command) return [];
    const rows = this.prepared(
      `SELECT ${logColumns} FROM event_log WHERE seq BETWEEN ? AND ? ORDER BY seq`,
    ).all(command.first_seq, command.last_seq) as Record<string, unknown>[];
    return rows.map(toLogRow);
  }

  async readCommands(fromSeq: number, toSeq: number): Promise<readonly CommandRow[]> {
    const rows = this.prepared('SELECT command_id, body_hash, first_seq, last_seq FROM command WHERE first_seq BETWEEN ? AND ?').all(fromSeq, toSeq) as Record<string, unknown>[];
    return rows.map(toCommandRow);
  }

  async readTable(table: TableName): Promise<readonly Row[]> {
    const def = tables[table];
    const map = this.map(table);
    const order = def.key.map(snake).join(', ');
    const rows = this.prepared(`SELECT ${map.columns.join(', ')} FROM ${def.name} ORDER BY ${order}`).all() as Record<string, unknown>[];
    return rows.map((row) => fromStored(map, row));
  }

  async transferTotals(): Promise<readonly TransferTotal[]> {
    const rows = this.prepared(
      'SELECT from_account, to_account, currency, value_date, SUM(amount_minor) AS amount_minor FROM transfer GROUP BY from_account, to_account, currency, value_date ORDER BY from_account, to_account, currency, value_date',
    ).all() as Record<string, unknown>[];
    return rows.map((row) => ({
      fromAccount: String(row.from_account),
      toAccount: String(row.to_account),
      currency: String(row.currency),
      valueDate: String(row.value_date),
      amountMinor: BigInt(row.amount_minor as bigint),
    }));
  }

  async replaceProjections(produce: (write: (changes: RowChanges) => Promise<void>) => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      await this.begin();
      try {
        for (const def of tableList) {
          this.db.exec(`DROP TABLE IF EXISTS ${def.name}`);
          for (const statement of projectionDdl(def)) this.db.exec(statement);
        }
        this.statements.clear();
        this.inserts.clear();
        await produce(async (changes) => this.writeChanges(changes));
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.statements.clear();
        this.inserts.clear();
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async projectionDigest(): Promise<Readonly<Record<string, string>>> {
    return projectionDigestOf((table) => this.readTable(table));
  }

  /** Direct SQL access for tools and tests that must reach below the ledger (e.g. tamper tests). */
  get connection(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}


