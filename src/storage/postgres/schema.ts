import type { ColumnType, TableDef } from '../../projections/tables.js';
import { tablesOfMigration } from '../../projections/tables.js';
import { projectionTableDdl } from '../columns.js';

/** PostgreSQL DDL. The log tables are fixed here; projection tables come from their definitions. */

export const sqlType: Record<ColumnType, string> = {
  text: 'text NOT NULL',
  'text?': 'text',
  int: 'bigint NOT NULL',
  'int?': 'bigint',
  money: 'bigint NOT NULL',
};

/** The element type for `unnest($n::…[])` when writing many rows in one statement. */
export const arrayType: Record<ColumnType, string> = { text: 'text[]', 'text?': 'text[]', int: 'bigint[]', 'int?': 'bigint[]', money: 'bigint[]' };

export function projectionDdl(def: TableDef): string[] {
  return projectionTableDdl(def, sqlType);
}

export const logDdl = [
  `CREATE TABLE event_log (
     seq bigint PRIMARY KEY,
     command_id text NOT NULL,
     type text NOT NULL,
     payload text NOT NULL,
     recorded_at text NOT NULL,
     prev_hash text NOT NULL,
     hash text NOT NULL
   )`,
  `CREATE FUNCTION event_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'event_log is append-only'; END $$`,
  `CREATE TRIGGER event_log_no_change BEFORE UPDATE OR DELETE ON event_log FOR EACH ROW EXECUTE FUNCTION event_log_append_only()`,
  `CREATE TABLE command (
     command_id text PRIMARY KEY,
     body_hash text NOT NULL,
     first_seq bigint NOT NULL,
     last_seq bigint NOT NULL
   )`,
];

/**
 * Who wrote each event (rows from before carry ''), and the accounts, API tokens and sessions
 * kept beside the ledger: not append-only, not projections, never rebuilt.
 */
export const accessDdl = [
  `ALTER TABLE event_log ADD COLUMN actor text NOT NULL DEFAULT ''`,
  `CREATE TABLE app_user (
     user_id text PRIMARY KEY,
     password_hash text NOT NULL,
     role text NOT NULL,
     party_id text,
     created_at text NOT NULL
   )`,
  `CREATE TABLE api_token (
     token_id text PRIMARY KEY,
     user_id text NOT NULL,
     name text NOT NULL,
     secret_hash text NOT NULL,
     created_at text NOT NULL,
     expires_at text NOT NULL,
     revoked_at text
   )`,
  `CREATE INDEX api_token_user_id ON api_token (user_id)`,
  `CREATE TABLE app_session (
     session_hash text PRIMARY KEY,
     user_id text NOT NULL,
     created_at text NOT NULL,
     expires_at text NOT NULL
   )`,
  `CREATE INDEX app_session_expires_at ON app_session (expires_at)`,
];

/** Signed checkpoints of the log's Merkle tree, beside the log: not in the chain, not projections, never rebuilt. */
export const checkpointDdl = [
  `CREATE TABLE checkpoint (
     origin text NOT NULL,
     size bigint NOT NULL,
     root_hash text NOT NULL,
     note text NOT NULL,
     created_at text NOT NULL,
     PRIMARY KEY (origin, size)
   )`,
];

/** Ordered migrations, the same versions as SQLite's; each runs once, recorded in schema_migration. */
export const migrations: readonly { readonly version: number; readonly name: string; readonly up: readonly string[] }[] = [
  { version: 1, name: 'event log and projections', up: [...logDdl, ...tablesOfMigration(1).flatMap(projectionDdl)] },
  { version: 2, name: 'actor on events; accounts, tokens and sessions', up: accessDdl },
  { version: 3, name: 'provenance of records; reported defence shares of GDP', up: tablesOfMigration(3).flatMap(projectionDdl) },
  { version: 4, name: 'signed checkpoints', up: checkpointDdl },
  { version: 5, name: 'sources and evidence', up: tablesOfMigration(5).flatMap(projectionDdl) },
];
