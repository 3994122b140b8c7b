import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../src/storage/postgres/store.js';
import { testDatabase, type TestDatabase } from './support/postgres.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * The HTTP API over the PostgreSQL store (a local server, or PGlite where there is none):
 * sign-in, a scoped write with its account in the log, a scoped read, and the public view.
 */

let database: TestDatabase;
let server: DemoServer;
beforeAll(async () => {
  database = await testDatabase('http');
  server = await startDemoServer({ store: await PgStore.open(database.driver(), database.url) });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe(`HTTP API on PostgreSQL`, () => {
  it('records a donor contribution with its account in the log, and refuses another donor', async () => {
    const post = (body: unknown, key: string) =>
      fetch(`${server.url}/api/contributions`, {
        method: 'POST',
        headers: { cookie: server.cookies.donor as string, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const contribution = {
      contributionId: 'CON-PG-1', donorId: 'NLD', kind: 'money', stage: 'announced',
      value: { amount: '10.00', currency: 'EUR' }, at: '2026-03-01', category: 'air_defence', description: 'pg',
    };
    expect((await post(contribution, 'pg-1')).status).toBe(201);
    expect((await post(contribution, 'pg-1')).status).toBe(200);
    expect((await post({ ...contribution, contributionId: 'CON-PG-2', donorId: 'DNK' }, 'pg-2')).status).toBe(403);
    const events = (await (await fetch(`${server.url}/api/events?after=0&limit=1000`, { headers: { cookie: server.cookies.auditor as string } })).json()) as {
      items: { commandId: string; actor: string }[];
    };
    expect(events.items.find((row) => row.commandId === 'pg-1')?.actor).toBe('user:nl-mod');
    expect(events.items.some((row) => row.commandId === 'pg-2')).toBe(false);
  });

  it('scopes lists and withholds from the public as on SQLite', async () => {
    const mine = (await (await fetch(`${server.url}/api/contributions?limit=1000`, { headers: { cookie: server.cookies.donor as string } })).json()) as {
      items: { donorId: string }[];
    };
    expect(new Set(mine.items.map((row) => row.donorId))).toEqual(new Set(['NLD']));
    expect((await fetch(`${server.url}/api/shipments`)).status).toBe(401);
    const lines = async (headers: Record<string, string>) =>
      ((await (await fetch(`${server.url}/api/packages/PURL-NLD-1`, { headers })).json()) as { lines: { item: string }[] }).lines.map((line) => line.item);
    expect(await lines({ cookie: server.cookies.coordinator as string })).toContain('Patriot PAC-3 MSE interceptor');
    expect(await lines({})).not.toContain('Patriot PAC-3 MSE interceptor');
  });
});
