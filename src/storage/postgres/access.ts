import type { AccessStore, SessionRecord, TokenRecord, UserRecord } from '../../application/ports.js';
import { DomainError } from '../../domain/errors.js';
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
import { isConnectionLoss, type PgDriver, type PgSession } from './driver.js';

/**
 * Accounts, API tokens and sessions in the ledger database. Each call is one statement outside
 * the ledger's write lock. Writes hold a session of their own for that statement, so on PGlite
 * (one connection, sessions taking turns) a write never lands inside a ledger batch still open.
 */
export class PgAccess implements AccessStore {
  constructor(
    private readonly driver: PgDriver,
    private readonly location: string,
  ) {}

  private async read(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    try {
      return await this.driver.query(sql, params);
    } catch (error) {
      throw this.mapped(error);
    }
  }

  private async write(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    let session;
    try {
      session = await this.driver.session();
    } catch (error) {
      throw this.mapped(error);
    }
    let failed = true;
    try {
      const rows = await session.query(sql, params);
      failed = false;
      return rows;
    } catch (error) {
      throw this.mapped(error);
    } finally {
      session.release(failed);
    }
  }

  private mapped(error: unknown): unknown {
    if (error instanceof DomainError || !isConnectionLoss(error)) return error;
    return new DomainError('STORE_UNAVAILABLE', `database: ${this.location} went away (${(error as Error).message})`);
  }

  async addUser(user: UserRecord): Promise<void> {
    await insertUser(user, (sql, params) => this.write(sql, params));
  }

  async user(userId: string): Promise<UserRecord | undefined> {
    const [row] = await this.read(`SELECT ${userColumns} FROM app_user WHERE user_id = $1`, [userId]);
    return row && toUserRecord(row);
  }

  async users(): Promise<readonly UserRecord[]> {
    return (await this.read(`SELECT ${userColumns} FROM app_user ORDER BY user_id COLLATE "C"`)).map(toUserRecord);
  }

  async addToken(token: TokenRecord): Promise<void> {
    await insertToken(token, (sql, params) => this.write(sql, params));
  }

  async token(tokenId: string): Promise<TokenRecord | undefined> {
    const [row] = await this.read(`SELECT ${tokenColumns} FROM api_token WHERE token_id = $1`, [tokenId]);
    return row && toTokenRecord(row);
  }

  async tokensOf(userId: string): Promise<readonly TokenRecord[]> {
    const rows = await this.read(`SELECT ${tokenColumns} FROM api_token WHERE user_id = $1 ORDER BY created_at COLLATE "C", token_id COLLATE "C"`, [userId]);
    return rows.map(toTokenRecord);
  }

  async revokeToken(tokenId: string, at: string): Promise<boolean> {
    const rows = await this.write('UPDATE api_token SET revoked_at = $1 WHERE token_id = $2 AND revoked_at IS NULL RETURNING token_id', [at, tokenId]);
    return rows.length === 1;
  }

  async addSession(session: SessionRecord): Promise<void> {
    const rows = await this.write(
      `INSERT INTO app_session (${sessionColumns}) VALUES ($1, $2, $3, $4) ON CONFLICT (session_hash) DO NOTHING RETURNING session_hash`,
      sessionParams(session),
    );
    if (rows.length === 0) throw alreadyExists('session', session.sessionHash);
  }

  async session(sessionHash: string): Promise<SessionRecord | undefined> {
    const [row] = await this.read(`SELECT ${sessionColumns} FROM app_session WHERE session_hash = $1`, [sessionHash]);
    return row && toSessionRecord(row);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    await this.write('DELETE FROM app_session WHERE session_hash = $1', [sessionHash]);
  }

  /** Sessions whose expiry is at or before `now` are no longer valid, so they go. */
  async pruneSessions(now: string): Promise<number> {
    const [row] = await this.write('WITH gone AS (DELETE FROM app_session WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone', [now]);
    return Number(row?.n ?? 0);
  }
}

type Run = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

async function insertUser(user: UserRecord, run: Run): Promise<void> {
  const rows = await run(`INSERT INTO app_user (${userColumns}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`, userParams(user));
  if (rows.length === 0) throw alreadyExists('user', user.userId);
}

async function insertToken(token: TokenRecord, run: Run): Promise<void> {
  const rows = await run(
    `INSERT INTO api_token (${tokenColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
    tokenParams(token),
  );
  if (rows.length === 0) throw alreadyExists('token', token.tokenId);
}

/** Adds users, then tokens, inside the caller's transaction (copying a ledger). */
export async function insertAccess(session: PgSession, users: readonly UserRecord[], tokens: readonly TokenRecord[]): Promise<void> {
  const run: Run = (sql, params) => session.query(sql, params);
  for (const user of users) await insertUser(user, run);
  for (const token of tokens) await insertToken(token, run);
}
