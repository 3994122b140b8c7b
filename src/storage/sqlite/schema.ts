import type { ColumnType, TableDef } from '../../projections/tables.js';
import { tableList } from '../../projections/tables.js';
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

/** Ordered migrations; each runs once, recorded in schema_migration. */
export const migrations: readonly { readonly version: number; readonly name: string; readonly up: readonly string[] }[] = [
  { version: 1, name: 'event log and projections', up: [...logDdl, ...tableList.flatMap(projectionDdl)] },
];
