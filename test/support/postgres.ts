import pg from 'pg';
import { pgliteDriver, serverDriver, type PgDriver } from '../../src/storage/postgres/driver.js';

/**
 * A throw-away PostgreSQL database for a test file: a fresh database on the local server when
 * one answers, otherwise PGlite in memory (with a notice). With CI=true the server is required.
 */
export interface TestDatabase {
  readonly kind: 'server' | 'pglite';
  readonly url: string;
  driver(): PgDriver;
  drop(): Promise<void>;
}

const adminUrl = process.env.AIDTRACE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the local PostgreSQL server accepts connections. */
export async function postgresServerAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function testDatabase(label: string): Promise<TestDatabase> {
  if (await postgresServerAnswers()) {
    const name = `aidtrace_test_${label}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    return {
      kind: 'server',
      url,
      driver: () => serverDriver(url),
      async drop() {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  if (process.env.CI === 'true') throw new Error(`CI=true but no PostgreSQL server answers at ${adminUrl}`);
  console.warn(`notice: no PostgreSQL server at ${adminUrl}; the PostgreSQL store is tested on PGlite instead`);
  // One PGlite instance per database, shared by every driver the test asks for (like one server).
  const shared = pgliteDriver();
  return {
    kind: 'pglite',
    url: 'pglite://memory',
    driver: () => ({ ...shared, close: async () => undefined }),
    drop: () => shared.close(),
  };
}
