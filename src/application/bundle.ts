import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { parseWithMinor } from '../audit/canonical.js';
import { NoteError, openNote, parseCheckpoint, parseVerifierKey, type NoteVerifier } from '../audit/checkpoint.js';
import { emptyRoot } from '../audit/merkle.js';
import { LogVerifier } from '../audit/verify.js';
import { toJson, toJsonValue } from '../contract/wire.js';
import { DomainError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { asCurrency } from '../domain/money.js';
import { MemoryState } from '../projections/memory.js';
import { project } from '../projections/project.js';
import type { CheckpointRecord, CheckpointStore, LedgerStore, LogRow } from './ports.js';
import { loadReportData, reportNames, reports, type AnyReport, type ReportData, type ReportName } from './reports/index.js';

/**
 * Audit bundles: a ledger's whole history in plain files, which an auditor verifies offline,
 * with no database and no server of theirs, and from which they re-derive the reports.
 *
 * Format `aidtrace-bundle`, version 1. A bundle is a folder:
 *
 * | file                             | content |
 * |----------------------------------|---------|
 * | `manifest.json`                  | `format` ("aidtrace-bundle"), `version` (1), `createdAt`, `origins` (the checkpoints' log names), `events` (count), `headHash` (hex SHA-256 of the last event's chain link), `treeRoot` (base64 RFC 9162 root over all events), `currency` and `asOf` (the options the reports were computed with), `checkpoints` (`file`, `origin`, `size`, `rootHash` of each), `keys` (`file`, `key` name+id of each), `reports` (names), and `files`: for every other file of the bundle, its path (forward slashes) → `{ sha256 (hex), bytes }` |
 * | `events.jsonl`                   | every row of the event log exactly as stored, in seq order, one JSON object per line: `seq`, `actor`, `commandId`, `type`, `payload` (the event's canonical JSON, as a string), `recordedAt`, `prevHash`, `hash` |
 * | `checkpoints/<origin>-<size>.txt` | the signed checkpoints (C2SP signed notes, `src/audit/checkpoint.ts`) the ledger keeps, plus any the exporter was given; the origin with every character other than `A-Za-z0-9._-` written `_`, a `-2`, `-3`… before `.txt` when two notes share a name |
 * | `keys/<name>.pub`                | public (verifier) keys the exporter was given: a convenience only, since a bundle's own keys prove nothing about who signed |
 * | `reports/<name>.json`            | every report of the registry as the operator's ledger computed it from its live projection tables, in the wire form of `aidtrace report NAME --json`, with the manifest's currency and as-of date |
 *
 * The manifest is not signed: the file hashes catch damage, and what vouches for the content
 * is a checkpoint signed by a key the auditor holds, whose root must be the root recomputed
 * from the events. Everything else (chain, tree, reports) is recomputed from `events.jsonl`.
 */

export const bundleFormat = 'aidtrace-bundle';
export const bundleVersion = 1;

const pageSize = 20_000;

export interface BundleFile {
  readonly sha256: string;
  readonly bytes: number;
}

export interface BundleManifest {
  readonly format: typeof bundleFormat;
  readonly version: number;
  readonly createdAt: string;
  readonly origins: readonly string[];
  readonly events: number;
  readonly headHash: string;
  readonly treeRoot: string;
  readonly currency: string;
  readonly asOf: string;
  readonly checkpoints: readonly { readonly file: string; readonly origin: string; readonly size: number; readonly rootHash: string }[];
  readonly keys: readonly { readonly file: string; readonly key: string }[];
  readonly reports: readonly string[];
  readonly files: Readonly<Record<string, BundleFile>>;
}

/** A text the caller read from somewhere, with where it came from (a file name) for messages. */
export interface SourcedText {
  readonly source: string;
  readonly text: string;
}

export interface ExportOptions {
  readonly currency: string;
  /** YYYY-MM-DD. */
  readonly asOf: string;
  /** ISO 8601 timestamp written into the manifest. */
  readonly createdAt: string;
  /** Signed checkpoints to add to the ones the ledger keeps. */
  readonly checkpoints?: readonly SourcedText[];
  /** Public (verifier) keys to include under keys/. */
  readonly keys?: readonly SourcedText[];
}

export interface ExportSummary {
  readonly dir: string;
  readonly events: number;
  readonly headHash: string;
  readonly treeRoot: string;
  readonly checkpoints: readonly string[];
  readonly reports: readonly string[];
}

/** A name safe as one path segment: what `aidtrace keys init` does to a key's name. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

function fromNote<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof NoteError) throw new DomainError('VALIDATION_FAILED', `${where}: ${error.message}`);
    throw error;
  }
}

/** The checkpoint in a signed note, read without checking its signatures. */
function checkpointOfNote(note: string): { origin: string; size: number; rootHash: string } {
  const split = note.lastIndexOf('\n\n');
  if (split === -1) throw new NoteError('malformed-note', 'malformed note: no blank line before the signatures');
  const checkpoint = parseCheckpoint(note.slice(0, split + 1));
  if (checkpoint.size > BigInt(Number.MAX_SAFE_INTEGER)) throw new NoteError('malformed-checkpoint', `malformed checkpoint: the tree size ${checkpoint.size} is larger than any ledger`);
  return { origin: checkpoint.origin, size: Number(checkpoint.size), rootHash: Buffer.from(checkpoint.root).toString('base64') };
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  if (!(await stat(dir)).isDirectory()) return false;
  return (await readdir(dir)).length === 0;
}

/** Writes and hashes a stream of lines, waiting when the file falls behind. */
class HashedWriter {
  private readonly digest = createHash('sha256');
  private bytes = 0;
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
  }

  async write(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    this.digest.update(data);
    this.bytes += data.length;
    if (!this.stream.write(data)) await new Promise<void>((resolve, reject) => {
      this.stream.once('drain', resolve);
      this.stream.once('error', reject);
    });
  }

  async close(): Promise<BundleFile> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return { sha256: this.digest.digest('hex'), bytes: this.bytes };
  }
}

async function writeHashed(path: string, text: string): Promise<BundleFile> {
  const data = Buffer.from(text, 'utf8');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data, { flag: 'wx' });
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/**
 * The head, the report tables and the stored checkpoints, read between two reads of the head
 * that agree, so all three describe the same log (another process may be writing).
 */
async function consistentSnapshot(store: LedgerStore): Promise<{ seq: number; data: ReportData; stored: readonly CheckpointRecord[] }> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = await store.head();
    const data = await loadReportData(store);
    // Stores from before checkpoints were kept have none.
    const kept = store.checkpoints as CheckpointStore | undefined;
    const stored = kept === undefined ? [] : await kept.list();
    const after = await store.head();
    if (before.seq === after.seq && before.hash === after.hash) return { seq: before.seq, data, stored };
  }
  throw new DomainError('STORE_BUSY', `${store.location}: the ledger kept changing while its reports were read; try again`);
}

/**
 * Writes a bundle of the ledger into `dir` (new, or an empty folder): events streamed page by
 * page, each verified on the way; checkpoints kept by the ledger and given; keys given; every
 * report of the registry. The bundle is built in a temporary folder beside `dir` and renamed
 * into place, so a failure leaves nothing behind.
 */
export async function exportBundle(store: LedgerStore, dir: string, options: ExportOptions): Promise<ExportSummary> {
  if (!(await isEmptyOrAbsent(dir))) throw new DomainError('ALREADY_EXISTS', `--out: ${dir} exists and is not an empty folder; a bundle is written only into a new or empty one`, 'out');
  asCurrency(options.currency);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new DomainError('VALIDATION_FAILED', `--as-of: "${options.asOf}" is not a date such as 2026-06-30`, 'asOf');
  const keys = (options.keys ?? []).map(({ source, text }) => ({ source, verifier: fromNote(source, () => parseVerifierKey(text.trim())) }));

  const { seq: size, data, stored } = await consistentSnapshot(store);
  const notes: { source: string; note: string; origin: string; size: number; rootHash: string; given: boolean }[] = [];
  for (const record of stored) {
    const source = `the ledger's checkpoint ${record.origin} at ${record.size}`;
    notes.push({ source, note: record.note, given: false, ...fromNote(source, () => checkpointOfNote(record.note)) });
  }
  for (const { source, text } of options.checkpoints ?? []) {
    if (notes.some((known) => known.note === text)) continue;
    notes.push({ source, note: text, given: true, ...fromNote(source, () => checkpointOfNote(text)) });
  }
  for (const note of notes) {
    if (note.size > size) {
      throw new DomainError(note.given ? 'VALIDATION_FAILED' : 'CHAIN_BROKEN', `${note.source}: covers ${note.size} events, the ledger holds ${size}; it is not a checkpoint of this log`);
    }
  }
  const rootsAt = new Map<number, string>();
  const wanted = new Set(notes.map((note) => note.size));
  if (wanted.has(0)) rootsAt.set(0, Buffer.from(emptyRoot()).toString('base64'));

  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  const work = await mkdtemp(join(dirname(target), '.aidtrace-bundle-'));
  try {
    const files: Record<string, BundleFile> = {};
    const verifier = new LogVerifier();
    const events = new HashedWriter(join(work, 'events.jsonl'));
    try {
      while (verifier.events < size) {
        const rows = await store.readEvents(verifier.events, Math.min(pageSize, size - verifier.events));
        if (rows.length === 0) break;
        for (const row of rows) {
          const broken = verifier.push(row);
          if (broken) throw new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}; no bundle is written of a broken chain`);
          if (wanted.has(row.seq)) rootsAt.set(row.seq, verifier.report().treeRoot);
          await events.write(`${JSON.stringify(row)}\n`);
        }
      }
    } finally {
      files['events.jsonl'] = await events.close();
    }
    const head = verifier.report();
    if (head.events !== size) throw new DomainError('CHAIN_BROKEN', `event_log: the head is at seq ${size} but the log ends at ${head.events}`);

    const checkpoints: BundleManifest['checkpoints'][number][] = [];
    const taken = new Set<string>();
    for (const note of notes) {
      const root = rootsAt.get(note.size);
      if (root !== note.rootHash) {
        throw new DomainError(
          note.given ? 'VALIDATION_FAILED' : 'CHAIN_BROKEN',
          `${note.source}: its root for ${note.size} events is ${note.rootHash}, the ledger's tree of its first ${note.size} events has root ${root}; it is not a checkpoint of this log`,
        );
      }
      const base = `checkpoints/${fileSafe(note.origin)}-${note.size}`;
      let file = `${base}.txt`;
      for (let n = 2; taken.has(file); n += 1) file = `${base}-${n}.txt`;
      taken.add(file);
      files[file] = await writeHashed(join(work, file), note.note);
      checkpoints.push({ file, origin: note.origin, size: note.size, rootHash: note.rootHash });
    }

    const keyEntries: BundleManifest['keys'][number][] = [];
    for (const { verifier: key } of keys) {
      const id = `${key.name}+${key.keyId}`;
      if (keyEntries.some((entry) => entry.key === id)) continue;
      let file = `keys/${fileSafe(key.name)}.pub`;
      for (let n = 2; files[file] !== undefined; n += 1) file = `keys/${fileSafe(key.name)}-${n}.pub`;
      files[file] = await writeHashed(join(work, file), `${key.encoded}\n`);
      keyEntries.push({ file, key: id });
    }

    for (const name of reportNames) {
      const report = reports[name](data, { currency: options.currency, asOf: options.asOf });
      files[`reports/${name}.json`] = await writeHashed(join(work, 'reports', `${name}.json`), `${toJson(report, options.currency)}\n`);
    }

    const manifest: BundleManifest = {
      format: bundleFormat,
      version: bundleVersion,
      createdAt: options.createdAt,
      origins: [...new Set(checkpoints.map((checkpoint) => checkpoint.origin))].sort(),
      events: head.events,
      headHash: head.headHash,
      treeRoot: head.treeRoot,
      currency: options.currency,
      asOf: options.asOf,
      checkpoints,
      keys: keyEntries,
      reports: [...reportNames],
      files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    await writeFile(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    // Another process may have made the folder meanwhile: rename replaces only an empty one.
    if (!(await isEmptyOrAbsent(target))) throw new DomainError('ALREADY_EXISTS', `--out: ${dir} is no longer empty; nothing was written`, 'out');
    await rename(work, target);
    return { dir, events: head.events, headHash: head.headHash, treeRoot: head.treeRoot, checkpoints: checkpoints.map((c) => c.file), reports: [...reportNames] };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Auditing a bundle

/** Something wrong with the bundle, named by its file and line, checkpoint or report path. */
export interface BundleFinding {
  /** The bundle's file (`events.jsonl`, `checkpoints/….txt`, `reports/pipeline.json`, `manifest.json`). */
  readonly file: string;
  /** The 1-based line of `events.jsonl`. */
  readonly line?: number;
  /** In a report: the JSON path of the figure (`totals.paid`, `rows[2].accepted`). */
  readonly path?: string;
  /** The figure in the bundle's report (absent when the bundle lacks it). */
  readonly bundle?: unknown;
  /** The figure re-derived from the events (absent when the events do not give it). */
  readonly rederived?: unknown;
  readonly message: string;
}

export interface AuditedKey {
  readonly key: string;
  /** `given` from the auditor (`--pub FILE`), or `bundle` (keys/, only when trusted on request). */
  readonly source: 'given' | 'bundle';
  readonly file: string;
}

export interface AuditedCheckpoint {
  readonly file: string;
  readonly origin?: string;
  readonly size?: number;
  readonly rootHash?: string;
  /** `verified`: signed by a trusted key and its root is the events' tree root at its size. */
  readonly status: 'verified' | 'unverified' | 'failed';
  /** The trusted keys (name+id) whose signatures verified. */
  readonly verifiedBy: readonly string[];
  /** Signatures by keys the auditor did not trust (witnesses, or others). */
  readonly otherSigners: readonly string[];
}

export interface AuditedReport {
  readonly name: string;
  /** `same`: the bundle's report equals the re-derived one figure for figure. */
  readonly status: 'same' | 'differs' | 'not in the bundle' | 'not re-derived';
  readonly differences: number;
}

export interface BundleAudit {
  readonly ok: boolean;
  readonly dir: string;
  readonly version: number;
  readonly createdAt: string;
  readonly currency: string;
  readonly asOf: string;
  /** Recomputed from events.jsonl (up to the first row that fails, if one does). */
  readonly events: number;
  readonly headHash: string;
  readonly treeRoot: string;
  readonly filesChecked: number;
  readonly keys: readonly AuditedKey[];
  readonly checkpoints: readonly AuditedCheckpoint[];
  readonly reports: readonly AuditedReport[];
  readonly findings: readonly BundleFinding[];
  /** What does not fail the audit but the auditor should read. */
  readonly warnings: readonly string[];
  /** Every report re-derived from the events (empty when the events do not verify). */
  readonly rederived: Readonly<Partial<Record<ReportName, AnyReport>>>;
}

export interface AuditOptions {
  /** The public keys the auditor trusts (`--pub FILE`). */
  readonly keys?: readonly SourcedText[];
  /** Also trust the keys inside the bundle (keys/). */
  readonly trustBundleKeys?: boolean;
  /** An empty scratch ledger to project the events into (an in-memory SQLite store); closed by the caller. */
  readonly scratch: LedgerStore;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks the manifest's shape; a bundle without a readable manifest cannot be audited at all. */
async function readManifest(dir: string): Promise<BundleManifest> {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `${path}: no such file; ${dir} is not an audit bundle`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `${path}: not JSON: ${(error as Error).message}`);
  }
  const bad = (field: string, what: string): never => {
    throw new DomainError('VALIDATION_FAILED', `${path}: "${field}" must be ${what}`, field);
  };
  if (!isRecord(value)) return bad('(top level)', 'an object');
  if (value.format !== bundleFormat) bad('format', `"${bundleFormat}"`);
  if (value.version !== bundleVersion) bad('version', `${bundleVersion} (this aidtrace reads version ${bundleVersion} bundles)`);
  for (const field of ['createdAt', 'headHash', 'treeRoot', 'currency', 'asOf']) if (typeof value[field] !== 'string') bad(field, 'a string');
  if (!Number.isSafeInteger(value.events) || (value.events as number) < 0) bad('events', 'a whole number');
  if (!Array.isArray(value.origins) || !value.origins.every((o) => typeof o === 'string')) bad('origins', 'a list of strings');
  if (!Array.isArray(value.reports) || !value.reports.every((r) => typeof r === 'string')) bad('reports', 'a list of report names');
  const checkpoints = value.checkpoints;
  if (!Array.isArray(checkpoints)) return bad('checkpoints', 'a list');
  checkpoints.forEach((c: unknown, i) => {
    if (!isRecord(c) || typeof c.file !== 'string' || typeof c.origin !== 'string' || !Number.isSafeInteger(c.size) || typeof c.rootHash !== 'string') {
      bad(`checkpoints[${i}]`, 'an object with file, origin, size and rootHash');
    }
  });
  const keys = value.keys;
  if (!Array.isArray(keys)) return bad('keys', 'a list');
  keys.forEach((k: unknown, i) => {
    if (!isRecord(k) || typeof k.file !== 'string' || typeof k.key !== 'string') bad(`keys[${i}]`, 'an object with file and key');
  });
  const files = value.files;
  if (!isRecord(files)) return bad('files', 'an object of path → { sha256, bytes }');
  for (const [file, entry] of Object.entries(files)) {
    if (!isRecord(entry) || typeof entry.sha256 !== 'string' || !Number.isSafeInteger(entry.bytes)) bad(`files.${file}`, 'an object with sha256 and bytes');
  }
  asCurrency(value.currency as string);
  return value as unknown as BundleManifest;
}

/** Every file under `dir`, as bundle paths with forward slashes. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

async function sha256File(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

/** A path of the manifest that stays inside the bundle. */
function safeBundlePath(file: string): boolean {
  return file !== '' && !file.startsWith('/') && !file.includes('\\') && file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const logRowFields = { seq: 'number', actor: 'string', commandId: 'string', type: 'string', payload: 'string', recordedAt: 'string', prevHash: 'string', hash: 'string' } as const;

/** A line of events.jsonl as a LogRow, or what is wrong with it. */
function logRowOf(line: string): LogRow | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (!isRecord(value)) return 'not a JSON object';
  for (const [field, type] of Object.entries(logRowFields)) {
    if (typeof value[field] !== type) return `"${field}" is not a ${type}`;
  }
  if (!Number.isSafeInteger(value.seq)) return '"seq" is not a whole number';
  return value as unknown as LogRow;
}

/** Every leaf where the two JSON values differ, by path. */
function differences(bundle: unknown, rederived: unknown, path: string, out: { path: string; bundle?: unknown; rederived?: unknown }[]): void {
  if (Array.isArray(bundle) && Array.isArray(rederived)) {
    for (let i = 0; i < Math.max(bundle.length, rederived.length); i += 1) {
      const at = `${path}[${i}]`;
      if (i >= bundle.length) out.push({ path: at, rederived: rederived[i] });
      else if (i >= rederived.length) out.push({ path: at, bundle: bundle[i] });
      else differences(bundle[i], rederived[i], at, out);
    }
    return;
  }
  if (isRecord(bundle) && isRecord(rederived)) {
    const keys = [...new Set([...Object.keys(bundle), ...Object.keys(rederived)])].sort();
    for (const key of keys) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!(key in bundle)) out.push({ path: at, rederived: rederived[key] });
      else if (!(key in rederived)) out.push({ path: at, bundle: bundle[key] });
      else differences(bundle[key], rederived[key], at, out);
    }
    return;
  }
  if (JSON.stringify(bundle) !== JSON.stringify(rederived)) out.push({ path: path === '' ? '(whole report)' : path, bundle, rederived });
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/**
 * Audits a bundle with nothing but its files and the keys the auditor trusts: each file's
 * SHA-256 against the manifest; the hash chain and the Merkle tree recomputed from
 * events.jsonl; each checkpoint's signatures, and its root against the tree recomputed at its
 * size; every report re-derived from the events (projected into `options.scratch`) and compared
 * figure by figure with the bundle's. `ok` only when nothing is wrong and at least one
 * checkpoint is signed by a trusted key: without one the bundle only shows that it agrees
 * with itself, which anyone can produce.
 */
export async function auditBundle(dir: string, options: AuditOptions): Promise<BundleAudit> {
  if (!existsSync(dir) || !(await stat(dir)).isDirectory()) throw new DomainError('NOT_FOUND', `${dir}: no such folder`);
  const manifest = await readManifest(dir);
  const findings: BundleFinding[] = [];
  const warnings: string[] = [];
  const given = (options.keys ?? []).map(({ source, text }) => ({ source, verifier: fromNote(source, () => parseVerifierKey(text.trim())) }));

  // Files: present, unchanged, and nothing beside them.
  const usable = new Set<string>();
  const listed = Object.keys(manifest.files);
  for (const file of listed) {
    if (!safeBundlePath(file) || file === 'manifest.json') {
      findings.push({ file: 'manifest.json', message: `lists the path ${JSON.stringify(file)}, which is not a file inside the bundle` });
      continue;
    }
    const path = join(dir, file);
    if (!existsSync(path)) {
      findings.push({ file, message: 'listed in the manifest but missing from the bundle' });
      continue;
    }
    usable.add(file);
    const expected = manifest.files[file] as BundleFile;
    const actual = await sha256File(path);
    if (actual !== expected.sha256) findings.push({ file, message: `SHA-256 ${actual}, the manifest says ${expected.sha256}: the file was changed` });
  }
  for (const file of await listFiles(dir)) {
    if (file !== 'manifest.json' && manifest.files[file] === undefined) findings.push({ file, message: 'not listed in the manifest; not used' });
  }
  const needed = ['events.jsonl', ...manifest.checkpoints.map((c) => c.file), ...manifest.keys.map((k) => k.file), ...manifest.reports.map((name) => `reports/${name}.json`)];
  for (const file of needed) {
    if (manifest.files[file] === undefined) findings.push({ file, message: 'named in the manifest but not in its list of files with their hashes' });
  }

  // Keys: the auditor's, and the bundle's only on request.
  const keys: AuditedKey[] = [];
  const trusted: NoteVerifier[] = [];
  for (const { source, verifier } of given) {
    keys.push({ key: `${verifier.name}+${verifier.keyId}`, source: 'given', file: source });
    trusted.push(verifier);
  }
  if (options.trustBundleKeys === true) {
    for (const entry of manifest.keys) {
      if (!usable.has(entry.file)) continue;
      try {
        const verifier = parseVerifierKey((await readFile(join(dir, entry.file), 'utf8')).trim());
        keys.push({ key: `${verifier.name}+${verifier.keyId}`, source: 'bundle', file: entry.file });
        trusted.push(verifier);
      } catch (error) {
        if (!(error instanceof NoteError)) throw error;
        findings.push({ file: entry.file, message: error.message });
      }
    }
    warnings.push('the bundle\'s own keys were trusted (--trust-bundle-keys): whoever made the bundle chose them, so a signature by them proves nothing about who signed');
  }

  // Checkpoints: parsed first, so the tree's root at each size is kept while the events stream.
  const notes: { file: string; note: string; origin: string; size: number; rootHash: string }[] = [];
  const audited = new Map<string, { origin?: string; size?: number; rootHash?: string; problems: number; verifiedBy: string[]; otherSigners: string[] }>();
  for (const entry of manifest.checkpoints) {
    const state = { problems: 0, verifiedBy: [] as string[], otherSigners: [] as string[] };
    audited.set(entry.file, state);
    if (!usable.has(entry.file)) {
      state.problems += 1;
      continue;
    }
    const note = await readFile(join(dir, entry.file), 'utf8');
    try {
      const checkpoint = checkpointOfNote(note);
      Object.assign(state, checkpoint);
      notes.push({ file: entry.file, note, ...checkpoint });
      if (checkpoint.origin !== entry.origin || checkpoint.size !== entry.size || checkpoint.rootHash !== entry.rootHash) {
        findings.push({ file: entry.file, message: `the note states ${checkpoint.origin} at ${checkpoint.size} with root ${checkpoint.rootHash}; the manifest says ${entry.origin} at ${entry.size} with root ${entry.rootHash}` });
        state.problems += 1;
      }
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      findings.push({ file: entry.file, message: error.message });
      state.problems += 1;
    }
  }
  const wanted = new Set(notes.map((note) => note.size));
  const rootsAt = new Map<number, string>();
  if (wanted.has(0)) rootsAt.set(0, Buffer.from(emptyRoot()).toString('base64'));

  // Events: the chain, the tree, and the projection, streamed.
  const verifier = new LogVerifier();
  // A missing or unlisted events.jsonl is already a finding above.
  let eventsOk = usable.has('events.jsonl');
  if (eventsOk) {
    const memory = new MemoryState();
    await options.scratch.replaceProjections(async (write) => {
      const lines = createInterface({ input: createReadStream(join(dir, 'events.jsonl'), 'utf8'), crlfDelay: Infinity });
      let line = 0;
      let pending = 0;
      memory.begin();
      try {
        for await (const text of lines) {
          line += 1;
          const row = logRowOf(text);
          if (typeof row === 'string') {
            findings.push({ file: 'events.jsonl', line, message: `${row}; the events after it are not checked` });
            eventsOk = false;
            break;
          }
          const broken = verifier.push(row);
          if (broken) {
            findings.push({ file: 'events.jsonl', line, message: `seq ${broken.seq}: ${broken.reason}; the events after it are not checked` });
            eventsOk = false;
            break;
          }
          if (wanted.has(row.seq)) rootsAt.set(row.seq, verifier.report().treeRoot);
          try {
            project(parseWithMinor<DomainEvent>(row.payload), row.seq, memory);
          } catch (error) {
            findings.push({ file: 'events.jsonl', line, message: `seq ${row.seq}: the event cannot be projected: ${(error as Error).message}` });
            eventsOk = false;
            break;
          }
          pending += 1;
          if (pending === pageSize) {
            await write(memory.commit());
            memory.begin();
            pending = 0;
          }
        }
      } finally {
        lines.close();
      }
      await write(memory.commit());
    });
  }
  const head = verifier.report();
  if (eventsOk) {
    const claims: [string, unknown, unknown][] = [
      ['events', manifest.events, head.events],
      ['headHash', manifest.headHash, head.headHash],
      ['treeRoot', manifest.treeRoot, head.treeRoot],
    ];
    for (const [field, claimed, actual] of claims) {
      if (claimed !== actual) findings.push({ file: 'manifest.json', path: field, bundle: claimed, rederived: actual, message: `"${field}" is ${show(claimed)}, the events give ${show(actual)}` });
    }
  }

  // Signatures and roots.
  if (notes.length === 0) findings.push({ file: 'checkpoints/', message: 'the bundle holds no signed checkpoint: nothing vouches for its events' });
  else if (trusted.length === 0) {
    findings.push({ file: 'checkpoints/', message: 'no public key given (--pub FILE): the checkpoints\' signatures are not verified, so the bundle only shows that it agrees with itself' });
  }
  for (const note of notes) {
    const state = audited.get(note.file) as NonNullable<ReturnType<typeof audited.get>>;
    if (trusted.length > 0) {
      try {
        const opened = openNote(note.note, trusted);
        state.verifiedBy.push(...opened.verified.map((s) => `${s.name}+${s.keyId}`));
        state.otherSigners.push(...opened.unverified.map((s) => `${s.name}+${s.keyId}`));
      } catch (error) {
        if (!(error instanceof NoteError)) throw error;
        findings.push({ file: note.file, message: error.message });
        state.problems += 1;
      }
    }
    const root = rootsAt.get(note.size);
    if (root === undefined) {
      findings.push({ file: note.file, message: `covers ${note.size} events, the bundle's events give a tree of ${head.events}${eventsOk ? '' : ' before the first that fails'}` });
      state.problems += 1;
    } else if (root !== note.rootHash) {
      findings.push({ file: note.file, message: `states root ${note.rootHash} for ${note.size} events, the events give ${root}: the events are not the ones signed` });
      state.problems += 1;
    }
  }
  const checkpoints: AuditedCheckpoint[] = manifest.checkpoints.map((entry) => {
    const state = audited.get(entry.file) as NonNullable<ReturnType<typeof audited.get>>;
    const status = state.problems > 0 ? 'failed' : state.verifiedBy.length > 0 ? 'verified' : 'unverified';
    const named = state.origin === undefined ? {} : { origin: state.origin, size: state.size as number, rootHash: state.rootHash as string };
    return { file: entry.file, ...named, status, verifiedBy: state.verifiedBy, otherSigners: state.otherSigners };
  });
  const verified = checkpoints.filter((c) => c.status === 'verified');
  const covered = Math.max(-1, ...verified.map((c) => c.size as number));
  if (verified.length > 0 && covered < head.events) warnings.push(`events ${covered + 1} to ${head.events} are in no verified checkpoint: no trusted signature covers them`);

  // Reports, re-derived from the events.
  const rederived: Partial<Record<ReportName, AnyReport>> = {};
  const audits: AuditedReport[] = [];
  const data = eventsOk ? await loadReportData(options.scratch) : undefined;
  const reportOptions = { currency: manifest.currency, asOf: manifest.asOf };
  for (const name of reportNames) {
    const file = `reports/${name}.json`;
    if (data === undefined) {
      audits.push({ name, status: 'not re-derived', differences: 0 });
      continue;
    }
    const report = reports[name](data, reportOptions);
    rederived[name] = report;
    if (!manifest.reports.includes(name)) {
      warnings.push(`${file}: not in the bundle (made by an older aidtrace?); re-derived only`);
      audits.push({ name, status: 'not in the bundle', differences: 0 });
      continue;
    }
    if (!usable.has(file)) {
      audits.push({ name, status: 'not in the bundle', differences: 0 });
      continue;
    }
    let theirs: unknown;
    try {
      theirs = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      findings.push({ file, message: `not JSON: ${(error as Error).message}` });
      audits.push({ name, status: 'differs', differences: 1 });
      continue;
    }
    const found: { path: string; bundle?: unknown; rederived?: unknown }[] = [];
    differences(theirs, toJsonValue(report, manifest.currency), '', found);
    for (const d of found) findings.push({ file, ...d, message: `${d.path}: the bundle has ${show(d.bundle)}, the events give ${show(d.rederived)}` });
    audits.push({ name, status: found.length === 0 ? 'same' : 'differs', differences: found.length });
  }
  if (data === undefined) findings.push({ file: 'reports/', message: 'the reports were not re-derived: the events do not verify' });
  for (const name of manifest.reports) {
    if (!(reportNames as readonly string[]).includes(name)) warnings.push(`reports/${name}.json: a report this aidtrace does not know; not re-derived`);
  }

  return {
    ok: findings.length === 0,
    dir,
    version: manifest.version,
    createdAt: manifest.createdAt,
    currency: manifest.currency,
    asOf: manifest.asOf,
    events: head.events,
    headHash: head.headHash,
    treeRoot: head.treeRoot,
    filesChecked: usable.size,
    keys,
    checkpoints,
    reports: audits,
    findings,
    warnings,
    rederived,
  };
}
