import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './support/postgres.js';

/**
 * The command line on PostgreSQL, end to end: the same commands and outputs as on a SQLite file.
 * Needs a server (a CLI process cannot share an in-process PGlite); with CI=true it is required.
 */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-cli-pg-'));
let database: TestDatabase | undefined;
beforeAll(async () => {
  database = await testDatabase('cli');
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('aidtrace on PostgreSQL', () => {
  it('runs the demo, verifies, rebuilds identically, reports as on SQLite, and is all or nothing', (context) => {
    if (database?.kind !== 'server') {
      console.warn('notice: the command line on PostgreSQL needs a PostgreSQL server; skipped');
      context.skip();
      return;
    }
    const url = database.url;
    const file = join(dir, 'demo.db');
    expect(aidtrace('demo', '--db', url).code).toBe(0);
    expect(aidtrace('demo', '--db', file).code).toBe(0);
    const verified = aidtrace('verify', '--db', url);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: 206 events/);
    expect(aidtrace('rebuild', '--db', url).stdout).toContain('identical to the tables before the rebuild');
    for (const name of ['pipeline', 'donor', 'requirements', 'exceptions', 'spending']) {
      const onServer = aidtrace('report', name, '--json', '--db', url, '--as-of', '2026-06-30');
      expect(onServer.code, onServer.stderr).toBe(0);
      expect(onServer.stdout).toBe(aidtrace('report', name, '--json', '--db', file, '--as-of', '2026-06-30').stdout);
    }
    const bad = join(dir, 'bad.jsonl');
    const transfer = (id: string, amount: string) =>
      JSON.stringify({ id, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PURL-ILL-5', amount: { amount, currency: 'USD' }, valueDate: '2026-06-30' });
    writeFileSync(bad, `${transfer('x-1', '10.00')}\n${transfer('x-2', '1.001')}\n`);
    const strict = aidtrace('apply', bad, '--db', url);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('line 2 (x-2): AMOUNT_PRECISION');
    expect(aidtrace('verify', '--db', url).stdout).toMatch(/^ok: 206 events/);
    const lenient = aidtrace('apply', bad, '--db', url, '--continue');
    expect(lenient.stdout).toContain('applied 1, already applied 0, rejected 1');
    expect(aidtrace('verify', '--db', url).stdout).toMatch(/^ok: 207 events/);
    const reused = join(dir, 'reused.jsonl');
    writeFileSync(reused, `${transfer('x-1', '11.00')}\n`);
    expect(aidtrace('apply', reused, '--db', url).stderr).toContain('COMMAND_ID_REUSED');
    // About twenty processes, each starting Node and TypeScript: more than the default minute on a busy machine.
  }, 180_000);

  it('verify names the row after one byte of a payload changes on the server', async (context) => {
    if (database?.kind !== 'server') {
      context.skip();
      return;
    }
    const url = database.url;
    expect(aidtrace('verify', '--db', url).code).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE event_log DISABLE TRIGGER event_log_no_change');
    await client.query("UPDATE event_log SET payload = replace(payload, 'Patriot', 'Patriou') WHERE seq = (SELECT min(seq) FROM event_log WHERE payload LIKE '%Patriot%')");
    const { rows } = await client.query("SELECT min(seq) AS seq FROM event_log WHERE payload LIKE '%Patriou%'");
    await client.end();
    const bad = aidtrace('verify', '--db', url);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`chain broken at seq ${String(rows[0]?.seq)}`);
    // Rebuild replays the log and stops at the broken row, leaving the projections as they were.
    expect(aidtrace('rebuild', '--db', url).stderr).toContain('CHAIN_BROKEN');
  });
});
