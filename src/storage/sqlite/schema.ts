import type { ColumnType, TableDef } from '../../projections/tables.js';
import { tablesOfMigration } from '../../projections/tables.js';
import { projectionTableDdl } from '../columns.js';

/** SQLite DDL. The log tables are fixed here; projection tables come from their definitions. */

const sqlType: Record<ColumnType, string> = {
  text: 'TEXT NOT NULL',
  'text?': 'TEXT',
  int: 'INTEGER NOT NULL',
  'int?': 'INTEGER',
  money: 'INTEGER NOT NULL',
};

export function projectionDdl(def: TableDef): string[] {
  return projectionTableDdl(def, sqlType, ' WITHOUT ROWID');
}

export const logDdl = [
  `CREATE TABLE event_log (
     seq INTEGER PRIMARY KEY,
     command_id TEXT NOT NULL,
     type TEXT NOT NULL,
     payload TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   )`,
  `CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END`,
  `CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END`,
  `CREATE TABLE command (
     command_id TEXT PRIMARY KEY,
     body_hash TEXT NOT NULL,
     first_seq INTEGER NOT NULL,
     last_seq INTEGER NOT NULL
   ) WITHOUT ROWID`,
];

/**
 * Who wrote each event (rows from before carry ''), and the accounts, API tokens and sessions
 * kept beside the ledger: not append-only, not projections, never rebuilt.
 */
export const accessDdl = [
  `ALTER TABLE event_log ADD COLUMN actor TEXT NOT NULL DEFAULT ''`,
  `CREATE TABLE app_user (
     user_id TEXT PRIMARY KEY,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL,
     party_id TEXT,
     created_at TEXT NOT NULL
   ) WITHOUT ROWID`,
  `CREATE TABLE api_token (
     token_id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     secret_hash TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     revoked_at TEXT
   ) WITHOUT ROWID`,
  `CREATE INDEX api_token_user_id ON api_token (user_id)`,
  `CREATE TABLE app_session (
     session_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   ) WITHOUT ROWID`,
  `CREATE INDEX app_session_expires_at ON app_session (expires_at)`,
];

/** Signed checkpoints of the log's Merkle tree, beside the log: not in the chain, not projections, never rebuilt. */
export const checkpointDdl = [
  `CREATE TABLE checkpoint (
     origin TEXT NOT NULL,
     size INTEGER NOT NULL,
     root_hash TEXT NOT NULL,
     note TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (origin, size)
   ) WITHOUT ROWID`,
];

/** Ordered migrations; each runs once, recorded in schema_migration. */
export const migrations: readonly { readonly version: number; readonly name: string; readonly up: readonly string[] }[] = [
  { version: 1, name: 'event log and projections', up: [...logDdl, ...tablesOfMigration(1).flatMap(projectionDdl)] },
  { version: 2, name: 'actor on events; accounts, tokens and sessions', up: accessDdl },
  { version: 3, name: 'provenance of records; reported defence shares of GDP', up: tablesOfMigration(3).flatMap(projectionDdl) },
  { version: 4, name: 'signed checkpoints', up: checkpointDdl },
  { version: 5, name: 'sources and evidence', up: tablesOfMigration(5).flatMap(projectionDdl) },
];
