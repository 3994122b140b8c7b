import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it: `aidtrace start` builds the demo, prints the sign-ins and serves
 * the API and its docs; then the README's curl session (sign in, list packages, record a
 * contribution) over real HTTP, and a clean stop on SIGTERM.
 */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-start-'));
const db = join(dir, 'demo.db');
let child: ChildProcess;
let output = '';
let base = '';

beforeAll(async () => {
  child = spawn(process.execPath, [bin, 'start', '--db', db], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  while (!/ on (http:\/\/\S+) — dashboard/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  base = (/ on (http:\/\/\S+) — dashboard/.exec(output) as RegExpExecArray)[1] as string;
}, 70_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('aidtrace start', () => {
  it('prints the pipeline and one sign-in per role', () => {
    expect(output).toContain('Pipeline by package');
    for (const role of ['admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor']) expect(output).toMatch(new RegExp(`^  ${role}\\s+\\S+\\s+\\S+-demo-2025`, 'm'));
  });

  it('serves the dashboard at / and at any page path', async () => {
    for (const path of ['/', '/pipeline', '/donors/NLD']) {
      const page = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(200);
      expect(await page.text()).toMatch(/<div id="root"><\/div>/);
    }
    // An unknown API path is still a problem, not the page.
    expect((await fetch(`${base}/api/nope`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    for (const path of ['/api/packages', '/api/contributions', '/api/reports/{name}', '/api/session', '/api/shipments/{shipmentId}/milestones']) expect(Object.keys(spec.paths)).toContain(path);
    const docs = await fetch(`${base}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
  });

  it('runs the README session: sign in, list packages, record a contribution, replay it', async () => {
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'nl-mod', password: 'nl-mod-demo-2025' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] as string;

    const packages = (await (await fetch(`${base}/api/packages?donor=NLD`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    expect(packages.items.map((item) => item.id)).toEqual(['PURL-NLD-1']);

    const record = () =>
      fetch(`${base}/api/contributions`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'idempotency-key': 'nl-2026-001' },
        body: JSON.stringify({
          contributionId: 'CON-NLD-2026-1', donorId: 'NLD', kind: 'money', stage: 'announced',
          value: { amount: '250000000.00', currency: 'EUR' }, at: '2026-11-30', category: 'air_defence', description: 'further PURL funding',
        }),
      });
    const first = await record();
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ commandId: 'nl-2026-001', status: 'applied' });
    const again = await record();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'replayed' });
  });

  it('stops cleanly on SIGTERM, and the write is in the verified log', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const verify = spawnSync(process.execPath, [bin, 'verify', '--db', db], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^ok: \d+ events/);
  });
});
