import type { AccessRole, CommandRow, LogRow, SessionRecord, TokenRecord, UserRecord } from '../application/ports.js';
import { canonicalJson } from '../audit/canonical.js';
import { sha256Hex } from '../audit/chain.js';
import { DomainError } from '../domain/errors.js';
import type { Cell, Row } from '../projections/memory.js';
import { tables, type ColumnType, type TableDef, type TableName } from '../projections/tables.js';

/** Rows both stores read and write alike, whatever their driver returns for integers. */

/** Field names are camelCase in code and snake_case in SQL: `valueMinor` ↔ `value_minor`. */
export function snake(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export interface ColumnMap {
  readonly fields: readonly string[];
  readonly columns: readonly string[];
  readonly types: readonly ColumnType[];
}

export function columnMap(def: TableDef): ColumnMap {
  const fields = Object.keys(def.columns);
  return { fields, columns: fields.map(snake), types: fields.map((field) => def.columns[field] as ColumnType) };
}

/** Turns a stored row (snake_case, integers possibly bigint or numeric strings) into a projection row. */
export function fromStored(map: ColumnMap, stored: Record<string, unknown>): Row {
  const row: Record<string, Cell> = {};
  map.fields.forEach((field, index) => {
    const value = stored[map.columns[index] as string];
    const type = map.types[index];
    if (value === null || value === undefined) row[field] = null;
    else if (type === 'money') row[field] = BigInt(value as bigint | string | number);
    else if (type === 'int' || type === 'int?') row[field] = Number(value);
    else row[field] = String(value);
  });
  return row;
}

/** The values of a row in column order, for binding. */
export function toParams(map: ColumnMap, row: Row): Cell[] {
  return map.fields.map((field) => row[field] ?? null);
}

/**
 * DDL for a projection table from its definition, in a store's own column types; entity tables
 * get their key as primary key (plus `keySuffix`, e.g. SQLite's WITHOUT ROWID).
 */
export function projectionTableDdl(def: TableDef, sqlType: Readonly<Record<ColumnType, string>>, keySuffix = ''): string[] {
  const columns = Object.entries(def.columns).map(([field, type]) => `${snake(field)} ${sqlType[type]}`);
  const key = def.key.map(snake).join(', ');
  const statements = [
    def.mode === 'entity'
      ? `CREATE TABLE ${def.name} (${columns.join(', ')}, PRIMARY KEY (${key}))${keySuffix}`
      : `CREATE TABLE ${def.name} (${columns.join(', ')})`,
  ];
  for (const index of def.indexes ?? []) {
    statements.push(`CREATE INDEX ${def.name}_${index.map(snake).join('_')} ON ${def.name} (${index.map(snake).join(', ')})`);
  }
  return statements;
}

export function toLogRow(row: Record<string, unknown>): LogRow {
  return {
    seq: Number(row.seq),
    actor: String(row.actor),
    commandId: String(row.command_id),
    type: String(row.type),
    payload: String(row.payload),
    recordedAt: String(row.recorded_at),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

/** The event_log columns in the order both stores select them. */
export const logColumns = 'seq, actor, command_id, type, payload, recorded_at, prev_hash, hash';

export function toCommandRow(row: Record<string, unknown>): CommandRow {
  return { commandId: String(row.command_id), bodyHash: String(row.body_hash), firstSeq: Number(row.first_seq), lastSeq: Number(row.last_seq) };
}

// ---- accounts, tokens and sessions (beside the ledger, outside the chain) ----

export const userColumns = 'user_id, password_hash, role, party_id, created_at';
export const tokenColumns = 'token_id, user_id, name, secret_hash, created_at, expires_at, revoked_at';
export const sessionColumns = 'session_hash, user_id, created_at, expires_at';

const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function toUserRecord(row: Record<string, unknown>): UserRecord {
  return {
    userId: String(row.user_id),
    passwordHash: String(row.password_hash),
    role: String(row.role) as AccessRole,
    partyId: textOrNull(row.party_id),
    createdAt: String(row.created_at),
  };
}

export function userParams(user: UserRecord): (string | null)[] {
  return [user.userId, user.passwordHash, user.role, user.partyId, user.createdAt];
}

export function toTokenRecord(row: Record<string, unknown>): TokenRecord {
  return {
    tokenId: String(row.token_id),
    userId: String(row.user_id),
    name: String(row.name),
    secretHash: String(row.secret_hash),
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    revokedAt: textOrNull(row.revoked_at),
  };
}

export function tokenParams(token: TokenRecord): (string | null)[] {
  return [token.tokenId, token.userId, token.name, token.secretHash, token.createdAt, token.expiresAt, token.revokedAt];
}

export function toSessionRecord(row: Record<string, unknown>): SessionRecord {
  return { sessionHash: String(row.session_hash), userId: String(row.user_id), createdAt: String(row.created_at), expiresAt: String(row.expires_at) };
}

export function sessionParams(session: SessionRecord): string[] {
  return [session.sessionHash, session.userId, session.createdAt, session.expiresAt];
}

/** The refusal for a user, token or session id that is already taken; nothing was written. */
export function alreadyExists(kind: 'user' | 'token' | 'session', id: string): DomainError {
  if (kind === 'session') return new DomainError('ALREADY_EXISTS', 'session: already exists');
  return new DomainError('ALREADY_EXISTS', `${kind}: "${id}" already exists`, kind === 'user' ? 'userId' : 'tokenId');
}

/** Row count and SHA-256 of every projection table's canonical content, in key order. */
export async function projectionDigestOf(readTable: (table: TableName) => Promise<readonly Row[]>): Promise<Readonly<Record<string, string>>> {
  const digest: Record<string, string> = {};
  for (const name of Object.keys(tables) as TableName[]) {
    const rows = await readTable(name);
    digest[tables[name].name] = `${rows.length}:${sha256Hex(canonicalJson(rows))}`;
  }
  return digest;
}
