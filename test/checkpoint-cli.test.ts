import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/storage/sqlite/store.js';

/** Signed checkpoints through the command line: keys in files, the tree head signed, and checked later against the ledger. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('aidtrace keys init, checkpoint and check-checkpoint', () => {
  const db = join(dir, 'ledger.db');
  const keys = join(dir, 'keys');
  const key = join(keys, 'aidtrace.test_ledger.key');
  const pub = join(keys, 'aidtrace.test_ledger.pub');
  const note = join(dir, 'checkpoint.txt');

  it('writes a private key only its owner reads, and never overwrites it', () => {
    expect(aidtrace('demo', '--db', db).code).toBe(0);
    const made = aidtrace('keys', 'init', '--name', 'aidtrace.test/ledger', '--dir', keys);
    expect(made.code, made.stderr).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(pub, 'utf8')).toMatch(/^aidtrace\.test\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*\n$/);
    const again = aidtrace('keys', 'init', '--name', 'aidtrace.test/ledger', '--dir', keys);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/aidtrace\.test_ledger\.key: exists; a key is never overwritten/);
  });

  it('signs the tree head that verify reports, and the checkpoint still holds after more writes', async () => {
    const signed = aidtrace('checkpoint', '--key', key, '--db', db);
    expect(signed.code, signed.stderr).toBe(0);
    writeFileSync(note, signed.stdout);
    const verify = aidtrace('verify', '--db', db).stdout;
    const [origin, size, root] = signed.stdout.split('\n');
    expect(origin).toBe('aidtrace.test/ledger');
    expect(verify).toContain(`ok: ${size} events`);
    expect(verify).toContain(`tree root ${root}`);
    expect(aidtrace('check-checkpoint', note, '--pub', pub, '--db', db).stdout).toMatch(/^ok: aidtrace\.test\/ledger, \d+ events, root .*; the ledger still has that tree/);
    // More events later: the old checkpoint's tree is still the prefix of the new one.
    expect(aidtrace('import', 'fx', join(import.meta.dirname, 'fixtures', 'fx', 'eurofxref-sample.csv'), '--db', db).code).toBe(0);
    expect(aidtrace('check-checkpoint', note, '--pub', pub, '--db', db).code).toBe(0);
  });

  it('keeps each checkpoint it signs in the ledger and lists them; --no-store only prints', async () => {
    const listed = () => aidtrace('checkpoints', '--db', db).stdout.trim().split('\n');
    const before = listed();
    expect(before).toHaveLength(1);
    expect(before.every((line) => /^aidtrace\.test\/ledger\t\d+\t\S+=\t\S+\tsigned by aidtrace\.test\/ledger$/.test(line))).toBe(true);
    const printed = aidtrace('checkpoint', '--key', key, '--db', db, '--no-store');
    expect(printed.code, printed.stderr).toBe(0);
    expect(listed()).toEqual(before);
    // Signed again and kept: the same tree gives the same note (Ed25519 signatures are deterministic).
    expect(aidtrace('checkpoint', '--key', key, '--db', db).stdout).toBe(printed.stdout);
    expect(listed()).toHaveLength(2);
    const store = SqliteStore.open(db);
    try {
      const kept = await store.checkpoints.list();
      expect(kept.map((c) => c.size)).toEqual(listed().map((line) => Number(line.split('\t')[1])));
      expect(`${printed.stdout.trimEnd()}\n`).toBe(kept.at(-1)?.note);
    } finally {
      await store.close();
    }
  });

  it('refuses a tampered note, another log\'s key, and a ledger whose history was rewritten', async () => {
    const text = readFileSync(note, 'utf8');
    const tampered = join(dir, 'tampered.txt');
    writeFileSync(tampered, text.replace(/^(.*\n)(\d+)\n/, (_all, origin: string, size: string) => `${origin}${Number(size) - 1}\n`));
    const bad = aidtrace('check-checkpoint', tampered, '--pub', pub);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/tampered\.txt: /);

    const otherKeys = join(dir, 'other');
    aidtrace('keys', 'init', '--name', 'elsewhere.test/log', '--dir', otherKeys);
    const other = aidtrace('check-checkpoint', note, '--pub', join(otherKeys, 'elsewhere.test_log.pub'));
    expect(other.code).toBe(1);

    // Rewrite history the way someone holding the database could: replace the log with another
    // ledger's log of the same length (the triggers stop UPDATE, not a whole new file).
    const forged = join(dir, 'forged.db');
    expect(aidtrace('demo', '--db', forged).code).toBe(0);
    const store = SqliteStore.open(forged);
    const size = (await store.head()).seq;
    await store.close();
    const [, checkpointSize] = text.split('\n');
    expect(size).toBe(Number(checkpointSize));
    const rewritten = aidtrace('check-checkpoint', note, '--pub', pub, '--db', forged);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toMatch(/the log was rewritten/);
  });
});
