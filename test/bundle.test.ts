import { Option } from 'commander';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBundle, exportBundle, type BundleAudit, type BundleManifest } from '../src/application/bundle.js';
import { copyLedger } from '../src/application/copy.js';
import { loadReportData, reportNames, reports } from '../src/application/reports/index.js';
import { generateSignerKey, signCheckpoint } from '../src/audit/checkpoint.js';
import { LogVerifier } from '../src/audit/verify.js';
import { addBundleCommands } from '../src/cli/bundle.js';
import { buildProgram, type CliContext } from '../src/cli/program.js';
import { loadConfig } from '../src/config.js';
import { toJsonValue } from '../src/contract/wire.js';
import { DomainError } from '../src/domain/errors.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { testDatabase } from './support/postgres.js';

/**
 * Audit bundles end to end: a demo ledger, a signing key and a checkpoint made by the command
 * line, a bundle exported, then audited offline (no database of the auditor's, no server), and
 * every kind of tampering caught and named.
 */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawn(...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cliContext(sink: { code: number; stdout: string; stderr: string }): CliContext {
  return {
    config: loadConfig(),
    openStore: async (location) => SqliteStore.open(location),
    out: (text) => (sink.stdout += `${text}\n`),
    err: (text) => (sink.stderr += `${text}\n`),
    setExitCode: (value) => (sink.code = value),
    today: () => new Date().toISOString().slice(0, 10),
    actor: 'cli:test',
  };
}

/** Whether bin/aidtrace.js has the bundle commands yet (program.ts registers them); until then they run in this process. */
const registered = buildProgram(cliContext({ code: 0, stdout: '', stderr: '' })).commands.some((command) => command.name() === 'export-bundle');

/** Runs the CLI in this process, with the bundle commands added, as main.ts runs it. */
async function inProcess(args: string[]): Promise<Run> {
  const sink = { code: 0, stdout: '', stderr: '' };
  const context = cliContext(sink);
  const { config } = context;
  const program = buildProgram(context);
  const withStore = async <T,>(db: string, work: (store: SqliteStore) => Promise<T>): Promise<T> => {
    const store = SqliteStore.open(db);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  addBundleCommands(program, context, () => new Option('--db <path|url>').default(config.databasePath), withStore);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    sink.stderr += `error ${error.code}: ${error.message}\n`;
    sink.code = 1;
  }
  return sink;
}

async function aidtrace(...args: string[]): Promise<Run> {
  const bundleCommand = args[0] === 'export-bundle' || args[0] === 'audit';
  return bundleCommand && !registered ? inProcess(args) : spawn(...args);
}

const db = join(dir, 'ledger.db');
const keys = join(dir, 'keys');
const key = join(keys, 'aidtrace.test_ledger.key');
const pub = join(keys, 'aidtrace.test_ledger.pub');
const note = join(dir, 'checkpoint.txt');
const bundle = join(dir, 'bundle');
const asOf = '2026-06-30';

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readManifest(at: string): BundleManifest {
  return JSON.parse(readFileSync(join(at, 'manifest.json'), 'utf8')) as BundleManifest;
}

function writeManifest(at: string, manifest: BundleManifest): void {
  writeFileSync(join(at, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Records a changed file's new SHA-256 in the manifest, as a forger would. */
function rehash(at: string, file: string): void {
  const manifest = readManifest(at);
  writeManifest(at, { ...manifest, files: { ...manifest.files, [file]: { sha256: sha256(join(at, file)), bytes: readFileSync(join(at, file)).length } } });
}

let copies = 0;
/** A fresh copy of the bundle to tamper with. */
function copyOfBundle(): string {
  copies += 1;
  const copy = join(dir, `copy-${copies}`);
  cpSync(bundle, copy, { recursive: true });
  return copy;
}

async function auditJson(at: string, ...args: string[]): Promise<{ run: Run; audit: BundleAudit & { rederived: Record<string, unknown> } }> {
  const run = await aidtrace('audit', at, '--json', ...args);
  return { run, audit: JSON.parse(run.stdout) };
}

/** The root of the tree of the first `size` events of a bundle, recomputed here from its lines. */
function rootOfFirst(at: string, size: number): string {
  const verifier = new LogVerifier();
  for (const line of readFileSync(join(at, 'events.jsonl'), 'utf8').split('\n').slice(0, size)) expect(verifier.push(JSON.parse(line))).toBeUndefined();
  return verifier.report().treeRoot;
}

let events = 0;

beforeAll(async () => {
  expect(spawn('demo', '--db', db).code).toBe(0);
  const made = spawn('keys', 'init', '--name', 'aidtrace.test/ledger', '--dir', keys);
  expect(made.code, made.stderr).toBe(0);
  const signed = spawn('checkpoint', '--key', key, '--db', db);
  expect(signed.code, signed.stderr).toBe(0);
  writeFileSync(note, signed.stdout);
  events = Number(signed.stdout.split('\n')[1]);
  const exported = await aidtrace('export-bundle', '--out', bundle, '--db', db, '--pub', pub, '--checkpoint', note, '--as-of', asOf);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stdout).toContain(`wrote ${bundle}: ${events} events`);
}, 120_000);

describe('aidtrace export-bundle', () => {
  it('writes the events as stored, the checkpoint, the key and every report, each file hashed in the manifest', async () => {
    const manifest = readManifest(bundle);
    expect(manifest).toMatchObject({ format: 'aidtrace-bundle', version: 1, events, currency: 'EUR', asOf, origins: ['aidtrace.test/ledger'] });
    expect(manifest.reports).toEqual(reportNames);
    const files = readdirSync(bundle, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(bundle.length + 1))
      .filter((file) => file !== 'manifest.json')
      .sort();
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    for (const file of files) expect(manifest.files[file]?.sha256, file).toBe(sha256(join(bundle, file)));
    expect(files).toContain(`checkpoints/aidtrace.test_ledger-${events}.txt`);
    expect(readFileSync(join(bundle, `checkpoints/aidtrace.test_ledger-${events}.txt`), 'utf8')).toBe(readFileSync(note, 'utf8'));
    expect(readFileSync(join(bundle, 'keys/aidtrace.test_ledger.pub'), 'utf8')).toBe(readFileSync(pub, 'utf8'));

    const store = SqliteStore.open(db);
    try {
      const rows = await store.readEvents(0, events + 1);
      const lines = readFileSync(join(bundle, 'events.jsonl'), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
      expect(manifest.headHash).toBe(rows.at(-1)?.hash);
    } finally {
      await store.close();
    }
    const verify = spawn('verify', '--db', db);
    expect(verify.stdout).toContain(`tree root ${manifest.treeRoot}`);
  });

  it('includes the checkpoints the ledger keeps, with no --checkpoint given', async () => {
    const out = join(dir, 'kept');
    const exported = await aidtrace('export-bundle', '--out', out, '--db', db, '--as-of', asOf);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readManifest(out).checkpoints).toEqual([{ file: `checkpoints/aidtrace.test_ledger-${events}.txt`, origin: 'aidtrace.test/ledger', size: events, rootHash: readManifest(bundle).treeRoot }]);
    expect(readFileSync(join(out, `checkpoints/aidtrace.test_ledger-${events}.txt`), 'utf8')).toBe(readFileSync(note, 'utf8'));
    expect(readManifest(out).keys).toEqual([]);
    const { audit } = await auditJson(out, '--pub', pub);
    expect(audit.ok).toBe(true);
  }, 60_000);

  it('refuses a folder that is not empty, and one of another ledger\'s checkpoints, writing nothing', async () => {
    const busy = join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine\n');
    const refused = await aidtrace('export-bundle', '--out', busy, '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`error ALREADY_EXISTS: --out: ${busy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} exists and is not an empty folder`));
    expect(readdirSync(busy)).toEqual(['notes.txt']);

    const other = join(dir, 'other.db');
    expect(spawn('demo', '--db', other).code).toBe(0);
    const otherNote = join(dir, 'other-checkpoint.txt');
    writeFileSync(otherNote, spawn('checkpoint', '--key', key, '--db', other).stdout);
    const out = join(dir, 'never');
    const wrong = await aidtrace('export-bundle', '--out', out, '--db', db, '--checkpoint', otherNote);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`error VALIDATION_FAILED: ${otherNote}: its root for ${events} events is`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.aidtrace-bundle-'))).toEqual([]);
  }, 60_000);
});

describe('aidtrace audit BUNDLE', () => {
  it('verifies the bundle with the operator\'s public key, and re-derives the ledger\'s own reports', async () => {
    const before = readdirSync(bundle, { recursive: true }).sort();
    const { run, audit } = await auditJson(bundle, '--pub', pub);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(audit.ok).toBe(true);
    expect(audit.findings).toEqual([]);
    expect(audit.events).toBe(events);
    expect(audit.keys).toEqual([expect.objectContaining({ source: 'given', file: pub })]);
    expect(audit.checkpoints).toEqual([expect.objectContaining({ status: 'verified', size: events, verifiedBy: [expect.stringMatching(/^aidtrace\.test\/ledger\+[0-9a-f]{8}$/)] })]);
    expect(audit.reports.map((r) => [r.name, r.status])).toEqual(reportNames.map((name) => [name, 'same']));
    // Nothing was written into the bundle (no database of the auditor's).
    expect(readdirSync(bundle, { recursive: true }).sort()).toEqual(before);

    // The same figures as the operator's ledger computes from its live tables...
    const store = SqliteStore.open(db);
    try {
      const data = await loadReportData(store);
      for (const name of reportNames) {
        expect(audit.rederived[name], name).toEqual(toJsonValue(reports[name](data, { currency: 'EUR', asOf }), 'EUR'));
      }
    } finally {
      await store.close();
    }
    // ...and as `aidtrace report` prints them.
    for (const name of ['pipeline', 'donor'].filter((n) => reportNames.includes(n as never))) {
      const printed = spawn('report', name, '--db', db, '--json', '--currency', 'EUR', '--as-of', asOf);
      expect(printed.code, printed.stderr).toBe(0);
      expect(audit.rederived[name]).toEqual(JSON.parse(printed.stdout));
    }
    const text = await aidtrace('audit', bundle, '--pub', pub);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ok: the bundle verifies/m);
    expect(text.stdout).toContain(`given by you (${pub})`);
    const pipelineTotal = spawn('report', 'pipeline', '--db', db, '--as-of', asOf).stdout.split('\n').find((line) => line.startsWith('total'));
    expect(pipelineTotal).toBeDefined();
    expect(text.stdout.split('\n')).toContain(pipelineTotal);
  }, 60_000);

  it('without a public key the signatures are unverified and the audit fails; the bundle\'s own keys only on request, and said so', async () => {
    const { run, audit } = await auditJson(bundle);
    expect(run.code).toBe(1);
    expect(audit.ok).toBe(false);
    expect(audit.checkpoints.map((c) => c.status)).toEqual(['unverified']);
    expect(audit.findings).toEqual([expect.objectContaining({ file: 'checkpoints/', message: expect.stringMatching(/no public key given \(--pub FILE\)/) })]);
    // Everything else was checked all the same.
    expect(audit.reports.every((r) => r.status === 'same')).toBe(true);

    const trusting = await auditJson(bundle, '--trust-bundle-keys');
    expect(trusting.run.code).toBe(0);
    expect(trusting.audit.keys).toEqual([expect.objectContaining({ source: 'bundle', file: 'keys/aidtrace.test_ledger.pub' })]);
    expect(trusting.audit.warnings.join('\n')).toMatch(/--trust-bundle-keys.*prove.? nothing about who signed/);
    const text = await aidtrace('audit', bundle, '--trust-bundle-keys');
    expect(text.stdout).toContain('from the bundle (keys/aidtrace.test_ledger.pub), trusted on request');
  }, 60_000);

  it('catches one changed byte of an event even when the manifest\'s hash was updated to match', async () => {
    const copy = copyOfBundle();
    const path = join(copy, 'events.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    const line = 50;
    const original = lines[line - 1] as string;
    // One character of the timestamp inside the hashed bytes: still a well-formed row.
    lines[line - 1] = original.replace(/("recordedAt":"[^"]*)(\d)(Z")/, (_all, head: string, digit: string, tail: string) => `${head}${digit === '1' ? '2' : '1'}${tail}`);
    expect(lines[line - 1]).not.toBe(original);
    expect(lines[line - 1]?.length).toBe(original.length);
    writeFileSync(path, lines.join('\n'));
    rehash(copy, 'events.jsonl');
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toContainEqual(expect.objectContaining({ file: 'events.jsonl', line, message: expect.stringMatching(/^seq 50: hash does not match the row's content/) }));
    expect(audit.findings.some((f) => /SHA-256/.test(f.message))).toBe(false);
    expect(audit.events).toBe(line - 1);
    // The signed checkpoint no longer matches what the events give, and no report is re-derived from a broken chain.
    expect(audit.checkpoints[0]?.status).toBe('failed');
    expect(audit.reports.every((r) => r.status === 'not re-derived')).toBe(true);
  }, 60_000);

  it('catches a deleted line, by the file\'s hash and by the chain', async () => {
    const copy = copyOfBundle();
    const path = join(copy, 'events.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(99, 1);
    writeFileSync(path, lines.join('\n'));
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toContainEqual(expect.objectContaining({ file: 'events.jsonl', message: expect.stringMatching(/SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}: the file was changed/) }));
    expect(audit.findings).toContainEqual(expect.objectContaining({ file: 'events.jsonl', line: 100, message: expect.stringMatching(/^seq 101: sequence jumps from 99 to 101/) }));
  }, 60_000);

  it('lists a report figure that is not what the events give, with both values', async () => {
    const copy = copyOfBundle();
    const file = 'reports/pipeline.json';
    const report = JSON.parse(readFileSync(join(copy, file), 'utf8')) as { totals: { paid: string } };
    const honest = report.totals.paid;
    const [units, cents] = honest.split('.') as [string, string];
    const inflated = `${(BigInt(units) + 1_000_000n).toString()}.${cents}`;
    report.totals.paid = inflated;
    writeFileSync(join(copy, file), `${JSON.stringify(report, null, 2)}\n`);
    rehash(copy, file);
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toEqual([expect.objectContaining({ file, path: 'totals.paid', bundle: inflated, rederived: honest })]);
    expect(audit.reports.find((r) => r.name === 'pipeline')).toEqual({ name: 'pipeline', status: 'differs', differences: 1 });
    const text = await aidtrace('audit', copy, '--pub', pub);
    expect(text.stdout).toContain(`${file}: totals.paid: the bundle has "${inflated}", the events give "${honest}"`);
  }, 60_000);

  it('refuses a checkpoint signed by another key of the same name, and names it', async () => {
    const copy = copyOfBundle();
    const file = `checkpoints/aidtrace.test_ledger-${events}.txt`;
    const impostor = generateSignerKey('aidtrace.test/ledger');
    const manifest = readManifest(copy);
    writeFileSync(join(copy, file), signCheckpoint({ origin: 'aidtrace.test/ledger', size: events, root: Buffer.from(manifest.treeRoot, 'base64') }, [impostor.signer]));
    rehash(copy, file);
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toEqual([expect.objectContaining({ file, message: expect.stringMatching(/no verifiable signature: it is signed only by unknown keys \(aidtrace\.test\/ledger\+[0-9a-f]{8}\)/) })]);
    expect(audit.checkpoints[0]?.status).toBe('failed');
  }, 60_000);

  it('refuses a checkpoint, signed by the right key, whose root is not the events\' tree at its size; and checks an earlier one at its own size', async () => {
    const copy = copyOfBundle();
    const signer = readFileSync(key, 'utf8').trim();
    const manifest = readManifest(copy);
    // An honest earlier checkpoint: its root is recomputed from the first 100 events alone.
    const early = 'checkpoints/aidtrace.test_ledger-100.txt';
    const earlyRoot = rootOfFirst(copy, 100);
    expect(earlyRoot).not.toBe(manifest.treeRoot);
    writeFileSync(join(copy, early), signCheckpoint({ origin: 'aidtrace.test/ledger', size: 100, root: Buffer.from(earlyRoot, 'base64') }, [signer]));
    // A checkpoint of the full size stating the root of 100 events: signed, but not these events.
    const late = `checkpoints/aidtrace.test_ledger-${events}.txt`;
    writeFileSync(join(copy, late), signCheckpoint({ origin: 'aidtrace.test/ledger', size: events, root: Buffer.from(earlyRoot, 'base64') }, [signer]));
    writeManifest(copy, {
      ...manifest,
      checkpoints: [
        { file: early, origin: 'aidtrace.test/ledger', size: 100, rootHash: earlyRoot },
        { file: late, origin: 'aidtrace.test/ledger', size: events, rootHash: earlyRoot },
      ],
    });
    rehash(copy, early);
    rehash(copy, late);
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toEqual([expect.objectContaining({ file: late, message: `states root ${earlyRoot} for ${events} events, the events give ${manifest.treeRoot}: the events are not the ones signed` })]);
    expect(audit.checkpoints.map((c) => [c.file, c.status])).toEqual([
      [early, 'verified'],
      [late, 'failed'],
    ]);
    expect(audit.warnings).toContain(`events 101 to ${events} are in no verified checkpoint: no trusted signature covers them`);
  }, 60_000);

  it('names a file that is missing, and one that is not in the manifest', async () => {
    const copy = copyOfBundle();
    rmSync(join(copy, 'reports', 'donor.json'));
    writeFileSync(join(copy, 'reports', 'extra.json'), '{}\n');
    const { run, audit } = await auditJson(copy, '--pub', pub);
    expect(run.code).toBe(1);
    expect(audit.findings).toEqual([
      expect.objectContaining({ file: 'reports/donor.json', message: 'listed in the manifest but missing from the bundle' }),
      expect.objectContaining({ file: 'reports/extra.json', message: 'not listed in the manifest; not used' }),
    ]);
    expect(audit.reports.find((r) => r.name === 'donor')?.status).toBe('not in the bundle');
  }, 60_000);

  it('refuses a folder without a manifest', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const run = await aidtrace('audit', empty, '--pub', pub);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error NOT_FOUND: ${join(empty, 'manifest.json')}: no such file; ${empty} is not an audit bundle`);
  });
});

describe('a bundle exported from PostgreSQL', () => {
  it('holds the same events, byte for byte, as the SQLite ledger it was copied from, and audits ok', async () => {
    const database = await testDatabase('bundle');
    const source = SqliteStore.open(db);
    const target = await PgStore.open(database.driver(), database.url);
    const out = join(dir, 'from-postgres');
    try {
      await copyLedger(source, target);
      await exportBundle(target, out, { currency: 'EUR', asOf, createdAt: new Date().toISOString(), checkpoints: [{ source: note, text: readFileSync(note, 'utf8') }] });
    } finally {
      await source.close();
      await target.close();
      await database.drop();
    }
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toBe(readFileSync(join(bundle, 'events.jsonl'), 'utf8'));
    const scratch = SqliteStore.open(':memory:');
    try {
      const audit = await auditBundle(out, { keys: [{ source: pub, text: readFileSync(pub, 'utf8') }], scratch });
      expect(audit.findings).toEqual([]);
      expect(audit.ok).toBe(true);
    } finally {
      await scratch.close();
    }
    for (const name of reportNames) expect(readFileSync(join(out, 'reports', `${name}.json`), 'utf8'), name).toBe(readFileSync(join(bundle, 'reports', `${name}.json`), 'utf8'));
  }, 120_000);
});
