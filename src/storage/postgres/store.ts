import { genesisHash } from '../../audit/chain.js';
import type { ChainHead, CommandRow, LedgerStore, LogRow, TransferTotal, WriteBatch, WriteTx } from '../../application/ports.js';
import { DomainError } from '../../domain/errors.js';
import type { Row, RowChanges } from '../../projections/memory.js';
import { tableList, tables, type TableDef, type TableName } from '../../projections/tables.js';
import { columnMap, fromStored, logColumns, projectionDigestOf, snake, toCommandRow, toLogRow, type ColumnMap } from '../columns.js';
import { redact } from '../../config.js';
import { PgAccess, insertAccess } from './access.js';
import { PgCheckpoints } from './checkpoints.js';
import { isConnectionLoss, type PgDriver, type PgSession } from './driver.js';
import { arrayType, migrations, projectionDdl } from './schema.js';

/** Held for the length of a write transaction: one writer appends at a time, so the log has one order. */
const writeLockKey = 1_633_837_924;
const migrateLockKey = 1_633_837_925;

/** Values for an `unnest` array parameter: bigints travel as decimal strings. */
const param = (value: Row[string]) => (typeof value === 'bigint' ? value.toString() : value);

/**
 * The server store: PostgreSQL through node-postgres (or PGlite where no server runs). Every
 * write transaction takes one advisory lock, so any number of processes may write and the log
 * keeps a single total order; each batch is written with one multi-row statement per table.
 */
export class PgStore implements LedgerStore {
  private readonly maps = new Map<TableName, ColumnMap>();
  readonly access: PgAccess;
  readonly checkpoints: PgCheckpoints;

  private constructor(
    readonly location: string,
    private readonly driver: PgDriver,
  ) {
    for (const name of Object.keys(tables) as TableName[]) this.maps.set(name, columnMap(tables[name]));
    this.access = new PgAccess(driver, location);
    this.checkpoints = new PgCheckpoints(driver, location);
  }

  /** Connects and migrates. `location` is shown in messages; the password is never shown. */
  static async open(driver: PgDriver, location: string): Promise<PgStore> {
    const store = new PgStore(redact(location), driver);
    try {
      await store.migrate();
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw new DomainError('VALIDATION_FAILED', `database: cannot use ${store.location}: ${(error as Error).message}`);
    }
    return store;
  }

  async migrate(): Promise<number[]> {
    const session = await this.driver.session();
    let failed = true;
    try {
      await session.query('BEGIN');
      await session.query('SELECT pg_advisory_xact_lock($1)', [migrateLockKey]);
      await session.query('CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
      const applied = new Set((await session.query('SELECT version FROM schema_migration')).map((row) => Number(row.version)));
      const done: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        for (const statement of migration.up) await session.query(statement);
        await session.query('INSERT INTO schema_migration VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
        done.push(migration.version);
      }
      await session.query('COMMIT');
      failed = false;
      return done;
    } finally {
      if (failed) await session.query('ROLLBACK').catch(() => undefined);
      session.release(failed);
    }
  }

  private map(table: TableName): ColumnMap {
    return this.maps.get(table) as ColumnMap;
  }

  async writeTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const session = await this.driver.session().catch((error: Error) => {
      throw this.unavailable(error, 'before the transaction began; nothing was written');
    });
    let failed = true;
    try {
      await session.query('BEGIN');
      await session.query('SELECT pg_advisory_xact_lock($1)', [writeLockKey]);
      const result = await work(this.writeTx(session));
      await session.query('COMMIT');
      failed = false;
      return result;
    } catch (error) {
      if (error instanceof DomainError || !isConnectionLoss(error)) throw error;
      throw this.unavailable(error as Error, 'during the transaction; if it was lost while committing the batch may have been stored, so send the same command ids again: each applies once');
    } finally {
      if (failed) await session.query('ROLLBACK').catch(() => undefined);
      session.release(failed);
    }
  }

  private unavailable(error: Error, when: string): DomainError {
    return new DomainError('STORE_UNAVAILABLE', `database: ${this.location} went away ${when} (${error.message})`);
  }

  private writeTx(session: PgSession): WriteTx {
    return {
      quietSince: async () => false,
      head: () => headOf(session),
      readTable: (table) => this.readTableWith(session, table),
      readEvents: (afterSeq, limit) => eventsAfter(session, afterSeq, limit),
      findCommands: async (ids) => {
        const rows = await session.query('SELECT command_id, body_hash, first_seq, last_seq FROM command WHERE command_id = ANY($1::text[])', [
          [...new Set(ids)],
        ]);
        return new Map(rows.map((row): [string, CommandRow] => [String(row.command_id), toCommandRow(row)]));
      },
      eventTypesOf: async (ids) => {
        const rows = await session.query(
          'SELECT c.command_id, e.type FROM command c JOIN event_log e ON e.seq BETWEEN c.first_seq AND c.last_seq WHERE c.command_id = ANY($1::text[]) ORDER BY e.seq',
          [[...new Set(ids)]],
        );
        const found = new Map<string, string[]>();
        for (const row of rows) {
          const types = found.get(String(row.command_id));
          if (types) types.push(String(row.type));
          else found.set(String(row.command_id), [String(row.type)]);
        }
        return found;
      },
      write: (batch) => this.writeBatch(session, batch),
      addAccess: (users, tokens) => insertAccess(session, users, tokens),
    };
  }

  private async writeBatch(session: PgSession, batch: WriteBatch): Promise<void> {
    if (batch.log.length > 0) {
      const log = batch.log;
      await session.query(
        `INSERT INTO event_log (${logColumns})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
        [
          log.map((r) => r.seq),
          log.map((r) => r.actor),
          log.map((r) => r.commandId),
          log.map((r) => r.type),
          log.map((r) => r.payload),
          log.map((r) => r.recordedAt),
          log.map((r) => r.prevHash),
          log.map((r) => r.hash),
        ],
      );
    }
    if (batch.commands.length > 0) {
      const commands = batch.commands;
      await session.query(
        'INSERT INTO command (command_id, body_hash, first_seq, last_seq) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])',
        [commands.map((c) => c.commandId), commands.map((c) => c.bodyHash), commands.map((c) => c.firstSeq), commands.map((c) => c.lastSeq)],
      );
    }
    await this.writeChanges(session, batch.changes);
  }

  private async writeChanges(session: PgSession, changes: RowChanges): Promise<void> {
    for (const [table, rows] of changes.appends) await this.insertRows(session, table, rows, false);
    for (const [table, rows] of changes.puts) await this.insertRows(session, table, rows, true);
  }

  /** Many rows in one statement: one array parameter per column. */
  private async insertRows(session: PgSession, table: TableName, rows: readonly Row[], upsert: boolean): Promise<void> {
    if (rows.length === 0) return;
    const def = tables[table];
    const map = this.map(table);
    const keys = new Set(def.key.map(snake));
    const updates = map.columns.filter((column) => !keys.has(column)).map((column) => `${column} = excluded.${column}`);
    const conflict = upsert ? ` ON CONFLICT (${[...keys].join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}` : '';
    const unnest = map.types.map((type, index) => `$${index + 1}::${arrayType[type]}`).join(', ');
    const params = map.fields.map((field) => rows.map((row) => param(row[field] ?? null)));
    await session.query(`INSERT INTO ${def.name} (${map.columns.join(', ')}) SELECT * FROM unnest(${unnest})${conflict}`, params);
  }

  async head(): Promise<ChainHead> {
    return headOf(this.driver);
  }

  async readEvents(afterSeq: number, limit: number): Promise<readonly LogRow[]> {
    return eventsAfter(this.driver, afterSeq, limit);
  }

  async eventsOfCommand(commandId: string): Promise<readonly LogRow[]> {
    const rows = await this.driver.query(
      `SELECT e.seq, e.actor, e.command_id, e.type, e.payload, e.recorded_at, e.prev_hash, e.hash
       FROM command c JOIN event_log e ON e.seq BETWEEN c.first_seq AND c.last_seq WHERE c.command_id = $1 ORDER BY e.seq`,
      [commandId],
    );
    return rows.map(toLogRow);
  }

  async readCommands(fromSeq: number, toSeq: number): Promise<readonly CommandRow[]> {
    const rows = await this.driver.query('SELECT command_id, body_hash, first_seq, last_seq FROM command WHERE first_seq BETWEEN $1 AND $2', [fromSeq, toSeq]);
    return rows.map(toCommandRow);
  }

  async readTable(table: TableName): Promise<readonly Row[]> {
    return this.readTableWith(this.driver, table);
  }

  private async readTableWith(session: PgSession, table: TableName): Promise<readonly Row[]> {
    const def: TableDef = tables[table];
    const map = this.map(table);
    // Binary collation on text keys, so rows come in the same order as from SQLite.
    const order = def.key.map((field) => (def.columns[field]?.startsWith('text') ? `${snake(field)} COLLATE "C"` : snake(field))).join(', ');
    const rows = await session.query(`SELECT ${map.columns.join(', ')} FROM ${def.name} ORDER BY ${order}`);
    return rows.map((row) => fromStored(map, row));
  }

  async transferTotals(): Promise<readonly TransferTotal[]> {
    const rows = await this.driver.query(
      `SELECT from_account, to_account, currency, value_date, SUM(amount_minor)::text AS amount_minor FROM transfer
       GROUP BY from_account, to_account, currency, value_date
       ORDER BY from_account COLLATE "C", to_account COLLATE "C", currency COLLATE "C", value_date COLLATE "C"`,
    );
    return rows.map((row) => ({
      fromAccount: String(row.from_account),
      toAccount: String(row.to_account),
      currency: String(row.currency),
      valueDate: String(row.value_date),
      amountMinor: BigInt(String(row.amount_minor)),
    }));
  }

  async replaceProjections(produce: (write: (changes: RowChanges) => Promise<void>) => Promise<void>): Promise<void> {
    const session = await this.driver.session();
    let failed = true;
    try {
      await session.query('BEGIN');
      await session.query('SELECT pg_advisory_xact_lock($1)', [writeLockKey]);
      for (const def of tableList) {
        await session.query(`DROP TABLE IF EXISTS ${def.name}`);
        for (const statement of projectionDdl(def)) await session.query(statement);
      }
      await produce((changes) => this.writeChanges(session, changes));
      await session.query('COMMIT');
      failed = false;
    } finally {
      if (failed) await session.query('ROLLBACK').catch(() => undefined);
      session.release(failed);
    }
  }

  async projectionDigest(): Promise<Readonly<Record<string, string>>> {
    return projectionDigestOf((table) => this.readTable(table));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

async function headOf(session: PgSession): Promise<ChainHead> {
  const [row] = await session.query('SELECT seq, hash FROM event_log ORDER BY seq DESC LIMIT 1');
  return row ? { seq: Number(row.seq), hash: String(row.hash) } : { seq: 0, hash: genesisHash };
}

async function eventsAfter(session: PgSession, afterSeq: number, limit: number): Promise<LogRow[]> {
  const rows = await session.query(
    `SELECT ${logColumns} FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return rows.map(toLogRow);
}


