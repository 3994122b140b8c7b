import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startDemoServer, type DemoServer } from './support/server.js';

/**
 * Hostile input over real HTTP: each request gets the right 4xx as problem+json naming what is
 * wrong, and nothing is written (the chain head does not move).
 */

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ settings: { bodyBytesMax: 1_048_576 } });
});
afterAll(async () => server.close());

const contribution = {
  contributionId: 'CON-H-1',
  donorId: 'NLD',
  kind: 'money',
  stage: 'announced',
  value: { amount: '1000.00', currency: 'EUR' },
  at: '2026-03-01',
  category: 'air_defence',
  description: 'hostile input test',
};

interface Attempt {
  readonly name: string;
  readonly body: string;
  readonly status: number;
  readonly code: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value);
const attempts: readonly Attempt[] = [
  { name: 'malformed JSON', body: '{"contributionId": "CON-H-1",', status: 400, code: 'MALFORMED_JSON' },
  { name: 'an empty body', body: '', status: 400, code: 'MALFORMED_JSON' },
  { name: 'a JSON array', body: '[1,2]', status: 400, code: 'VALIDATION_FAILED', path: 'body' },
  { name: 'a number where a date goes', body: json({ ...contribution, at: 20260301 }), status: 400, code: 'VALIDATION_FAILED', path: 'at' },
  { name: 'a string where an object goes', body: json({ ...contribution, value: '1000 EUR' }), status: 400, code: 'VALIDATION_FAILED', path: 'value' },
  { name: 'a huge quantity', body: json({ ...contribution, kind: 'in_kind', quantity: 1e300, unit: 'x', valuationMethod: 'stated' }), status: 400, code: 'VALIDATION_FAILED', path: 'quantity' },
  { name: 'a huge amount', body: json({ ...contribution, value: { amount: '99999999999999999999.99', currency: 'EUR' } }), status: 400, code: 'AMOUNT_TOO_LARGE', path: 'value.amount' },
  { name: 'an exponent amount', body: json({ ...contribution, value: { amount: '1e9', currency: 'EUR' } }), status: 400, code: 'VALIDATION_FAILED', path: 'value.amount' },
  { name: 'a number as amount', body: json({ ...contribution, value: { amount: 1000, currency: 'EUR' } }), status: 400, code: 'VALIDATION_FAILED', path: 'value.amount' },
  { name: 'a negative amount', body: json({ ...contribution, value: { amount: '-5.00', currency: 'EUR' } }), status: 400, code: 'AMOUNT_NOT_POSITIVE', path: 'value.amount' },
  { name: 'fractional minor units', body: json({ ...contribution, value: { amount: '10.005', currency: 'EUR' } }), status: 400, code: 'AMOUNT_PRECISION', path: 'value.amount' },
  { name: 'fractional yen', body: json({ ...contribution, value: { amount: '10.5', currency: 'JPY' } }), status: 400, code: 'AMOUNT_PRECISION', path: 'value.amount' },
  { name: 'an unknown currency', body: json({ ...contribution, value: { amount: '10.00', currency: 'XYZ' } }), status: 400, code: 'VALIDATION_FAILED', path: 'value.currency' },
  { name: 'an unknown field', body: json({ ...contribution, approvedBy: 'me' }), status: 400, code: 'VALIDATION_FAILED', path: 'approvedBy' },
  { name: 'a type in the body', body: json({ ...contribution, type: 'RegisterParty' }), status: 400, code: 'VALIDATION_FAILED', path: 'type' },
  { name: 'SQL in an id', body: json({ ...contribution, contributionId: "x'; DROP TABLE event_log; --" }), status: 400, code: 'VALIDATION_FAILED', path: 'contributionId' },
  { name: 'script in an id', body: json({ ...contribution, contributionId: '<script>alert(1)</script>' }), status: 400, code: 'VALIDATION_FAILED', path: 'contributionId' },
  { name: 'prototype poisoning', body: '{"__proto__": {"admin": true}, "contributionId": "CON-H-1"}', status: 400, code: 'MALFORMED_JSON' },
  { name: 'a bad idempotency key', body: json(contribution), status: 400, code: 'VALIDATION_FAILED', path: 'Idempotency-Key', headers: { 'idempotency-key': 'a b c' } },
  { name: 'another donor', body: json({ ...contribution, donorId: 'DNK' }), status: 403, code: 'FORBIDDEN', path: 'donorId' },
  { name: 'a package that does not exist', body: json({ ...contribution, packageId: 'NOPE' }), status: 404, code: 'NOT_FOUND' },
  { name: 'text/plain', body: json(contribution), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'text/plain' } },
];

async function post(path: string, body: string, headers: Record<string, string>, url = server.url): Promise<{ status: number; type: string; problem: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', problem: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('hostile input to POST /api/contributions, signed in as the Dutch donor', () => {
  it.each(attempts.map((attempt) => [attempt.name, attempt] as const))('%s', async (_name, attempt) => {
    const before = await server.store.head();
    const result = await post('/api/contributions', attempt.body, { cookie: server.cookies.donor as string, ...attempt.headers });
    expect(result.status, JSON.stringify(result.problem)).toBe(attempt.status);
    expect(result.type).toMatch(/^application\/problem\+json/);
    expect(result.problem).toMatchObject({ status: attempt.status, code: attempt.code, instance: '/api/contributions' });
    expect(typeof result.problem.detail).toBe('string');
    if (attempt.path !== undefined) expect(result.problem.path).toBe(attempt.path);
    expect(await server.store.head()).toEqual(before);
  });

  it('a 10 MB body is refused with 413 before it is parsed', async () => {
    const before = await server.store.head();
    const huge = json({ ...contribution, description: 'x'.repeat(10 * 1024 * 1024) });
    const result = await post('/api/contributions', huge, { cookie: server.cookies.donor as string });
    expect(result.status).toBe(413);
    expect(result.problem).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(await server.store.head()).toEqual(before);
  });

  it('SQL and script in free text are stored as text and come back verbatim', async () => {
    const text = "'); DROP TABLE event_log; -- <script>alert(1)</script>";
    const result = await post('/api/contributions', json({ ...contribution, contributionId: 'CON-H-TEXT', description: text }), { cookie: server.cookies.donor as string });
    expect(result.status).toBe(201);
    const response = await fetch(`${server.url}/api/contributions/CON-H-TEXT`, { headers: { cookie: server.cookies.donor as string } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { description: string }).description).toBe(text);
    expect((await server.store.head()).seq).toBeGreaterThan(0);
  });
});

describe('hostile credentials', () => {
  const attempt = async (headers: Record<string, string>) => {
    const before = await server.store.head();
    const result = await post('/api/contributions', json({ ...contribution, contributionId: 'CON-H-CRED' }), headers);
    expect(await server.store.head()).toEqual(before);
    return result;
  };

  it('a forged session cookie is refused', async () => {
    const result = await attempt({ cookie: 'aidtrace_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(result.status).toBe(401);
    expect(result.problem.code).toBe('UNAUTHENTICATED');
  });

  it('an overlong cookie is refused without a lookup', async () => {
    expect((await attempt({ cookie: `aidtrace_session=${'A'.repeat(5000)}` })).status).toBe(401);
  });

  it('an expired session is refused, and signing in again works with the stale cookie still sent', async () => {
    const cookie = await signIn(server.url, 'nl-mod', 'nl-mod-demo-2025');
    server.clock.advanceHours(13);
    try {
      const result = await attempt({ cookie });
      expect(result.status).toBe(401);
      expect(String(result.problem.detail)).toMatch(/expired/);
      const again = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: json({ userId: 'nl-mod', password: 'nl-mod-demo-2025' }),
      });
      expect(again.status).toBe(200);
    } finally {
      server.clock.advanceHours(-13);
    }
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const wrong = await post('/api/session', json({ userId: 'nl-mod', password: 'not-the-password' }), {});
    const unknown = await post('/api/session', json({ userId: 'nobody', password: 'not-the-password' }), {});
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.problem.detail).toBe(unknown.problem.detail);
  });

  it('a forged, an expired and a malformed bearer token are refused', async () => {
    const issued = await server.access.createToken('nl-mod', 'short-lived', 1);
    const forged = issued.token.slice(0, -4) + (issued.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await attempt({ authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await attempt({ authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await attempt({ authorization: 'Basic bmw6bW9k' })).status).toBe(401);
    server.clock.advanceHours(25);
    try {
      const expired = await attempt({ authorization: `Bearer ${issued.token}` });
      expect(expired.status).toBe(401);
      expect(String(expired.problem.detail)).toMatch(/expired/);
    } finally {
      server.clock.advanceHours(-25);
    }
    // The same token within its life works.
    const ok = await post('/api/contributions', json({ ...contribution, contributionId: 'CON-H-TOKEN' }), { authorization: `Bearer ${issued.token}` });
    expect(ok.status).toBe(201);
  });
});

describe('limits', () => {
  it('an account over its rate limit gets 429 as problem+json', async () => {
    const limited = await startDemoServer({ settings: { rateLimitPerMinute: 5 }, signIn: false });
    try {
      const cookie = await signIn(limited.url, 'auditor', 'auditor-demo-2025');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await fetch(`${limited.url}/api/parties`, { headers: { cookie } })).status);
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      const response = await fetch(`${limited.url}/api/parties`, { headers: { cookie } });
      expect(response.status).toBe(429);
      expect(await response.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    } finally {
      await limited.close();
    }
  });

  it('password guessing from one address meets a tighter limit than other requests', async () => {
    const limited = await startDemoServer({ settings: { signInsPerMinuteMax: 3 }, signIn: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await post('/api/session', json({ userId: 'admin', password: `guess-${i}-xxxxxxxx` }), {}, limited.url)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect((await fetch(`${limited.url}/api/parties`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('a page larger than the maximum and an unknown filter are named', async () => {
    const cookie = server.cookies.auditor as string;
    const big = await fetch(`${server.url}/api/contributions?limit=100000`, { headers: { cookie } });
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ path: 'query.limit' });
    const unknown = await fetch(`${server.url}/api/contributions?colour=red`, { headers: { cookie } });
    expect(await unknown.json()).toMatchObject({ status: 400, path: 'query.colour' });
    const badCursor = await fetch(`${server.url}/api/contributions?cursor=garbage`, { headers: { cookie } });
    expect(await badCursor.json()).toMatchObject({ status: 400, path: 'query.cursor' });
  });
});

describe('concurrent requests', () => {
  it('forty writes racing forty report reads: every write applied once, every read a consistent report', async () => {
    const cookie = server.cookies.donor as string;
    const before = await server.store.head();
    const writes = Array.from({ length: 40 }, (_, i) =>
      post('/api/contributions', json({ ...contribution, contributionId: `CON-RACE-${i}` }), { cookie, 'idempotency-key': `race-${i}` }),
    );
    const reads = Array.from({ length: 40 }, async () => {
      const response = await fetch(`${server.url}/api/reports/donor`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const report = (await response.json()) as { rows: { donorId: string; promised: string }[] };
      // Each read sees some prefix of the writes: NLD's promised total moves in steps of 1,000.00.
      const nl = report.rows.find((row) => row.donorId === 'NLD');
      return BigInt((nl?.promised ?? '').replace('.', ''));
    });
    const [written, promised] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(written.map((result) => result.status)).toEqual(Array(40).fill(201));
    expect((await server.store.head()).seq).toBe(before.seq + 40);
    const base = promised.reduce((low, value) => (value < low ? value : low));
    for (const value of promised) expect((value - base) % 100_000n).toBe(0n);
  });
});
