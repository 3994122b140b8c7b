import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** End to end through the real command line, as a user runs it. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, AIDTRACE_DB: join(dir, 'default.db') } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const world = [
  { id: 'p-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor'] },
  { id: 'p-2', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'] },
  { id: 'p-3', type: 'RegisterParty', partyId: 'NATO', name: 'NATO', kind: 'organisation', roles: ['coordinator'] },
  {
    id: 'k-1', type: 'ProposePackage', packageId: 'PK-1', title: 'Air defence', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR',
    proposedAt: '2025-08-04', lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 10, unitValue: '1000000.00' }],
  },
  { id: 'k-2', type: 'ApprovePackage', packageId: 'PK-1', at: '2025-08-05' },
];
const transfer = (id: string, amount: string) => ({
  id, type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PK-1', amount: { amount, currency: 'EUR' }, valueDate: '2025-08-10',
});
const jsonl = (lines: readonly unknown[]) => `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;

function eventCount(db: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    return Number((sqlite.prepare('SELECT count(*) AS n FROM event_log').get() as { n: number }).n);
  } finally {
    sqlite.close();
  }
}

describe('aidtrace apply', () => {
  it('is all or nothing by default and names every bad line', () => {
    const db = join(dir, 'apply.db');
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, jsonl([...world, transfer('t-1', '100.00'), '{not json', transfer('t-2', '1.001'), transfer('t-3', '5.00')]));
    const result = aidtrace('apply', file, '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 7: VALIDATION_FAILED: not JSON');
    expect(result.stderr).toContain('line 8 (t-2): AMOUNT_PRECISION');
    expect(result.stderr).toMatch(/EUR has 2 decimal places/);
    expect(result.stdout).toContain('nothing was written');
    expect(eventCount(db)).toBe(0);
  });

  it('rolls back everything when a rule is broken, and applies the valid lines with --continue', () => {
    const db = join(dir, 'continue.db');
    const file = join(dir, 'rule.jsonl');
    const overdraw = { id: 'x-1', type: 'RecordTransfer', fromAccount: 'package:PK-1', toAccount: 'donor:NLD', amount: { amount: '999.00', currency: 'EUR' }, valueDate: '2025-08-11' };
    writeFileSync(file, jsonl([...world, transfer('t-1', '100.00'), overdraw, transfer('t-3', '5.00')]));
    const strict = aidtrace('apply', file, '--db', db);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('line 7 (x-1): INSUFFICIENT_BALANCE');
    expect(eventCount(db)).toBe(0);

    const lenient = aidtrace('apply', file, '--db', db, '--continue');
    expect(lenient.code).toBe(1);
    expect(lenient.stdout).toContain('applied 7, already applied 0, rejected 1');
    expect(eventCount(db)).toBe(7);

    const again = aidtrace('apply', file, '--db', db, '--continue');
    expect(again.stdout).toContain('applied 0, already applied 7, rejected 1');
    expect(eventCount(db)).toBe(7);
  });

  it('refuses a used command id with a different body', () => {
    const db = join(dir, 'reuse.db');
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    writeFileSync(first, jsonl([...world, transfer('t-1', '100.00')]));
    writeFileSync(second, jsonl([transfer('t-1', '200.00')]));
    expect(aidtrace('apply', first, '--db', db).code).toBe(0);
    const result = aidtrace('apply', second, '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('COMMAND_ID_REUSED');
  });

  it('refuses a file that is not a ledger, a missing ledger and a missing folder, naming each', () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'these bytes are not an SQLite database at all');
    const notLedger = aidtrace('verify', '--db', garbage);
    expect(notLedger.code).toBe(1);
    expect(notLedger.stderr).toContain(`cannot use ${garbage} as a ledger`);
    const missing = aidtrace('report', 'pipeline', '--db', join(dir, 'missing.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no ledger here');
    const folder = aidtrace('init', '--db', join(dir, 'no-such-folder', 'x.db'));
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('does not exist');
  });

  it('says which file is missing', () => {
    const result = aidtrace('apply', join(dir, 'nope.jsonl'), '--db', join(dir, 'x.db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.jsonl: no such file/);
  });
});

describe('demo ledger', () => {
  const db = join(dir, 'demo.db');
  beforeAll(() => {
    const result = aidtrace('demo', '--db', db);
    expect(result.code, result.stderr).toBe(0);
  });

  it('verifies, and verify names the row after any byte of a payload changes', () => {
    const ok = aidtrace('verify', '--db', db);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ events/);

    const total = eventCount(db);
    const copy = join(dir, 'tampered.db');
    for (const [seq, position] of [[1, 0], [Math.floor(total / 2), 17], [total, 3]] as const) {
      rmSync(copy, { force: true });
      const source = new Database(db, { readonly: true });
      source.prepare('VACUUM INTO ?').run(copy);
      source.close();
      const sqlite = new Database(copy);
      sqlite.exec('DROP TRIGGER event_log_no_update');
      const { payload } = sqlite.prepare('SELECT payload FROM event_log WHERE seq = ?').get(seq) as { payload: string };
      const at = Math.min(position, payload.length - 1);
      const flipped = payload.slice(0, at) + String.fromCharCode(payload.charCodeAt(at) ^ 1) + payload.slice(at + 1);
      sqlite.prepare('UPDATE event_log SET payload = ? WHERE seq = ?').run(flipped, seq);
      sqlite.close();
      const bad = aidtrace('verify', '--db', copy);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`chain broken at seq ${seq}`);
    }
  });

  it('refuses to update or delete event_log rows through SQL', () => {
    const sqlite = new Database(db);
    try {
      expect(() => sqlite.prepare("UPDATE event_log SET type = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => sqlite.prepare('DELETE FROM event_log WHERE seq = 1').run()).toThrow(/append-only/);
    } finally {
      sqlite.close();
    }
  });

  it('rebuild leaves the projections identical', () => {
    const before = aidtrace('report', 'pipeline', '--json', '--db', db, '--as-of', '2026-06-30').stdout;
    const result = aidtrace('rebuild', '--db', db);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('identical to the tables before the rebuild');
    expect(aidtrace('report', 'pipeline', '--json', '--db', db, '--as-of', '2026-06-30').stdout).toBe(before);
  });

  it('prints every report, as text and as JSON with amounts as decimal strings', () => {
    for (const name of ['pipeline', 'donor', 'requirements', 'exceptions', 'spending']) {
      const text = aidtrace('report', name, '--db', db, '--as-of', '2026-06-30');
      expect(text.code, text.stderr).toBe(0);
      const json = aidtrace('report', name, '--json', '--db', db, '--as-of', '2026-06-30');
      expect(json.code, json.stderr).toBe(0);
      const parsed = JSON.parse(json.stdout) as { report: string; rows: unknown[] };
      expect(parsed.report).toBe(name);
      expect(parsed.rows.length).toBeGreaterThan(0);
      expect(json.stdout).not.toMatch(/"(value|paid|amount|spending)": \d/);
    }
    const pipeline = JSON.parse(aidtrace('report', 'pipeline', '--json', '--db', db, '--as-of', '2026-06-30').stdout) as {
      totals: { paid: string };
    };
    expect(pipeline.totals.paid).toMatch(/^\d+\.\d{2}$/);
  });

  it('rejects an unknown report and a bad currency with a clear message', () => {
    const unknown = aidtrace('report', 'nonsense', '--db', db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown report "nonsense"');
    const currency = aidtrace('report', 'pipeline', '--currency', 'EURO', '--db', db);
    expect(currency.code).toBe(1);
    expect(currency.stderr).toContain('CURRENCY_UNKNOWN');
  });

  it('reads reports from the replica in AIDTRACE_READ_DATABASE_URL', () => {
    const primary = join(dir, 'primary.db');
    expect(aidtrace('init', '--db', primary).code).toBe(0);
    const direct = aidtrace('report', 'pipeline', '--json', '--db', db, '--as-of', '2026-06-30');
    const viaReplica = spawnSync(process.execPath, [bin, 'report', 'pipeline', '--json', '--db', primary, '--as-of', '2026-06-30'], {
      encoding: 'utf8',
      env: { ...process.env, AIDTRACE_READ_DATABASE_URL: db },
    });
    expect(viaReplica.status, viaReplica.stderr).toBe(0);
    expect(viaReplica.stdout).toBe(direct.stdout);
    expect(JSON.parse(aidtrace('report', 'pipeline', '--json', '--db', primary).stdout).rows).toEqual([]);
  });

  it('running the demo again changes nothing', () => {
    const before = eventCount(db);
    const again = aidtrace('demo', '--db', db);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 commands applied/);
    expect(eventCount(db)).toBe(before);
  });
});

describe('aidtrace user and token', () => {
  const db = join(dir, 'accounts.db');
  const withInput = (input: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, env: { ...process.env, AIDTRACE_DB: db } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('adds an account with the password on standard input, never storing it in clear', () => {
    const added = withInput('a-long-enough-password\n', 'user', 'add', '--id', 'nl-desk', '--role', 'donor', '--party', 'NLD');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added nl-desk \(donor for NLD\)/);
    const sqlite = new Database(db, { readonly: true });
    try {
      const row = sqlite.prepare('SELECT password_hash FROM app_user WHERE user_id = ?').get('nl-desk') as { password_hash: string };
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain('a-long-enough-password');
    } finally {
      sqlite.close();
    }
    expect(withInput('a-long-enough-password\n', 'user', 'list').stdout).toMatch(/^nl-desk\tdonor\tNLD\t/m);
  });

  it('refuses a donor without a party, a short password and a taken id, naming each', () => {
    const noParty = withInput('a-long-enough-password', 'user', 'add', '--id', 'x', '--role', 'donor');
    expect(noParty.code).toBe(1);
    expect(noParty.stderr).toMatch(/VALIDATION_FAILED: partyId/);
    expect(withInput('short', 'user', 'add', '--id', 'y', '--role', 'auditor').stderr).toMatch(/password: 12/);
    expect(withInput('a-long-enough-password', 'user', 'add', '--id', 'nl-desk', '--role', 'auditor').stderr).toMatch(/ALREADY_EXISTS/);
  });

  it('creates a token shown once, lists it, and revokes it', () => {
    const created = withInput('', 'token', 'create', '--user', 'nl-desk', '--name', 'nightly import', '--days', '30');
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^at_[A-Za-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const tokenId = token.split('_')[1] as string;
    expect(withInput('', 'token', 'list', '--user', 'nl-desk').stdout).toContain(`${tokenId}\tnightly import`);
    const sqlite = new Database(db, { readonly: true });
    try {
      expect(JSON.stringify(sqlite.prepare('SELECT * FROM api_token').all())).not.toContain(token.slice(20));
    } finally {
      sqlite.close();
    }
    expect(withInput('', 'token', 'revoke', tokenId).code).toBe(0);
    expect(withInput('', 'token', 'list', '--user', 'nl-desk').stdout).toMatch(/revoked/);
    const again = withInput('', 'token', 'revoke', tokenId);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/NOT_FOUND/);
  });
});
