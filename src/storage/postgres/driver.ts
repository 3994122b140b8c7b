import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The little the PostgreSQL store needs from a connection, so that node-postgres (a real
 * server) and PGlite (PostgreSQL compiled to WebAssembly, for machines without a server) can
 * both stand behind it.
 */
export interface PgSession {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

export interface PgDriver extends PgSession {
  /** A session held for one transaction; `release` returns it (and discards it after an error). */
  session(): Promise<PgSession & { release(failed: boolean): void }>;
  close(): Promise<void>;
}

/** Errors that mean the connection or the server is gone, rather than a bad statement. */
export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return /^(57P0[1-3]|08\d{3})$/.test(code) || /ECONNRESET|ECONNREFUSED|EPIPE|Connection terminated|connection is closed/i.test(`${code} ${message}`);
}

/** node-postgres: a pool of connections to a server. */
export function serverDriver(url: string, poolSizeMax = 4): PgDriver {
  const pool = new pg.Pool({ connectionString: url, max: poolSizeMax, connectionTimeoutMillis: 5000 });
  // An idle connection that the server drops must not crash the process.
  pool.on('error', () => undefined);
  return {
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows as Record<string, unknown>[];
    },
    async session() {
      const client = await pool.connect();
      // A connection lost while held surfaces as the failed query's error; the event is not a crash.
      const ignore = () => undefined;
      client.on('error', ignore);
      return {
        async query(sql, params) {
          return (await client.query(sql, params as unknown[])).rows as Record<string, unknown>[];
        },
        release(failed) {
          client.off('error', ignore);
          client.release(failed);
        },
      };
    },
    async close() {
      await pool.end();
    },
  };
}

/** PGlite: one in-process PostgreSQL, in memory or in a folder. Sessions take turns. */
export function pgliteDriver(dataDir?: string): PgDriver {
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  let turn: Promise<unknown> = Promise.resolve();
  const query = async (sql: string, params?: readonly unknown[]) => (await db.query(sql, params as unknown[])).rows as Record<string, unknown>[];
  return {
    query,
    async session() {
      let done!: () => void;
      const previous = turn;
      turn = new Promise<void>((resolve) => (done = resolve));
      await previous;
      return { query, release: () => done() };
    },
    async close() {
      await turn;
      await db.close();
    },
  };
}
