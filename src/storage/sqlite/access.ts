import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { AccessStore, SessionRecord, TokenRecord, UserRecord } from '../../application/ports.js';
import {
  alreadyExists,
  sessionColumns,
  sessionParams,
  toSessionRecord,
  toTokenRecord,
  toUserRecord,
  tokenColumns,
  tokenParams,
  userColumns,
  userParams,
} from '../columns.js';

/**
 * Accounts, API tokens and sessions in the ledger file, on the store's own connection.
 *
 * Reads run at once. Writes go through `exclusive`, which queues them behind the store's
 * transactions and takes the write lock the same way (so a write never lands inside a ledger
 * batch that is still open on this connection, and waits for other processes without blocking
 * the thread). A commit by this connection does not move its own data_version, so these writes
 * cost the ledger's catch-up nothing; one by another process costs one catch-up read.
 */
export class SqliteAccess implements AccessStore {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly exclusive: <T>(work: () => T) => Promise<T>,
  ) {}

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** Inserts on the current connection, inside whatever transaction is open; throws ALREADY_EXISTS on a taken id. */
  insertUserNow(user: UserRecord): void {
    const { changes } = this.prepared(`INSERT INTO app_user (${userColumns}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING`).run(userParams(user));
    if (Number(changes) === 0) throw alreadyExists('user', user.userId);
  }

  /** Inserts on the current connection, inside whatever transaction is open; throws ALREADY_EXISTS on a taken id. */
  insertTokenNow(token: TokenRecord): void {
    const { changes } = this.prepared(`INSERT INTO api_token (${tokenColumns}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING`).run(tokenParams(token));
    if (Number(changes) === 0) throw alreadyExists('token', token.tokenId);
  }

  async addUser(user: UserRecord): Promise<void> {
    await this.exclusive(() => this.insertUserNow(user));
  }

  async user(userId: string): Promise<UserRecord | undefined> {
    const row = this.prepared(`SELECT ${userColumns} FROM app_user WHERE user_id = ?`).get(userId) as Record<string, unknown> | undefined;
    return row && toUserRecord(row);
  }

  async users(): Promise<readonly UserRecord[]> {
    const rows = this.prepared(`SELECT ${userColumns} FROM app_user ORDER BY user_id`).all() as Record<string, unknown>[];
    return rows.map(toUserRecord);
  }

  async addToken(token: TokenRecord): Promise<void> {
    await this.exclusive(() => this.insertTokenNow(token));
  }

  async token(tokenId: string): Promise<TokenRecord | undefined> {
    const row = this.prepared(`SELECT ${tokenColumns} FROM api_token WHERE token_id = ?`).get(tokenId) as Record<string, unknown> | undefined;
    return row && toTokenRecord(row);
  }

  async tokensOf(userId: string): Promise<readonly TokenRecord[]> {
    const rows = this.prepared(`SELECT ${tokenColumns} FROM api_token WHERE user_id = ? ORDER BY created_at, token_id`).all(userId) as Record<string, unknown>[];
    return rows.map(toTokenRecord);
  }

  async revokeToken(tokenId: string, at: string): Promise<boolean> {
    return this.exclusive(() => Number(this.prepared('UPDATE api_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL').run(at, tokenId).changes) === 1);
  }

  async addSession(session: SessionRecord): Promise<void> {
    await this.exclusive(() => {
      const { changes } = this.prepared(`INSERT INTO app_session (${sessionColumns}) VALUES (?, ?, ?, ?) ON CONFLICT (session_hash) DO NOTHING`).run(sessionParams(session));
      if (Number(changes) === 0) throw alreadyExists('session', session.sessionHash);
    });
  }

  async session(sessionHash: string): Promise<SessionRecord | undefined> {
    const row = this.prepared(`SELECT ${sessionColumns} FROM app_session WHERE session_hash = ?`).get(sessionHash) as Record<string, unknown> | undefined;
    return row && toSessionRecord(row);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    await this.exclusive(() => this.prepared('DELETE FROM app_session WHERE session_hash = ?').run(sessionHash));
  }

  /** Sessions whose expiry is at or before `now` are no longer valid, so they go. */
  async pruneSessions(now: string): Promise<number> {
    return this.exclusive(() => Number(this.prepared('DELETE FROM app_session WHERE expires_at <= ?').run(now).changes));
  }
}
