import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `aidtrace report reconciliation` through the real command line: text, JSON and CSV over the demo ledger. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-reconciliation-'));
const db = join(dir, 'demo.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  expect(aidtrace('demo', '--db', db).code).toBe(0);
}, 60_000);

describe('aidtrace report reconciliation', () => {
  const args = ['report', 'reconciliation', '--db', db, '--as-of', '2026-03-05'];

  it('prints the stages by donor and package, the untraced money by age, the goods and the merges', () => {
    const { code, stdout } = aidtrace(...args);
    expect(code).toBe(0);
    for (const heading of ['By donor', 'By package', 'Untraced money by age', 'Rejected at receipt, and dispatched but not received', 'Double counting avoided']) expect(stdout).toContain(heading);
    const json = JSON.parse(aidtrace(...args, '--json').stdout) as { totals: { tracedPercent: string } };
    expect(stdout).toContain(`(${json.totals.tracedPercent}%) is traced to goods the recipient accepted`);
  });

  it('--csv writes every donor and package row under a header, RFC 4180 lines, exact amounts', () => {
    const { code, stdout } = aidtrace(...args, '--csv');
    expect(code).toBe(0);
    expect(stdout.endsWith('\r\n')).toBe(true);
    // Every record ends in CRLF, and a strict RFC 4180 reader takes the file whole.
    expect(stdout.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    const [header, ...records] = parse(stdout, { record_delimiter: '\r\n', relax_quotes: false }) as string[][];
    expect(header?.slice(0, 3)).toEqual(['level', 'id', 'name']);
    expect(header).toContain('untracedOver365');
    const json = JSON.parse(aidtrace(...args, '--json').stdout) as { rows: { level: string; id: string; name: string; disbursed: string }[] };
    expect(records).toHaveLength(json.rows.length);
    expect(records.some((record) => (record[2] ?? '').includes(','))).toBe(true);
    const disbursed = header?.indexOf('disbursed') ?? -1;
    for (const [index, row] of json.rows.entries()) expect(records[index]?.filter((_, column) => column < 3 || column === disbursed)).toEqual([row.level, row.id, row.name, row.disbursed]);
  });

  it('refuses --csv with --json, and writes nothing to standard output', () => {
    const { code, stdout, stderr } = aidtrace(...args, '--csv', '--json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/'--csv' cannot be used with option '--json'/);
  });
});
