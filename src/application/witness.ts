import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cosign, NoteError, openCheckpoint, parseCheckpoint, type NoteSigner, type NoteVerifier, type OpenedCheckpoint } from '../audit/checkpoint.js';
import { checkConsistency } from '../audit/merkle.js';
import { DomainError } from '../domain/errors.js';
import type { CheckpointRecord, LedgerStore } from './ports.js';
import { proveConsistency } from './proofs.js';

/**
 * A witness: another party that keeps the last checkpoint of the log it has seen and cosigns a
 * new one only when it extends that one (RFC 9162 consistency), so a log cannot show one
 * history to some readers and another to others, or roll its history back, without a witness
 * holding two signed checkpoints that prove it.
 *
 * One round (`witnessOnce`): fetch the latest checkpoint and open it with the log's key; read the
 * last one seen from the state folder (none: trust on first use); a larger one must come with a
 * consistency proof from the old tree to the new that checks out; an equal size must have the
 * same root. Only then cosign, save it as the last seen, and hand it back to the log. Anything
 * else — a second root at one size, a smaller size (rollback), a proof that fails — is a split
 * view: nothing is cosigned, the last seen stays, and both checkpoints are written to the state
 * folder as evidence.
 */

/** Where the witness reads the log: the server over HTTP, or the ledger's store. */
export interface LogSource {
  /** For messages: a URL or a database location. */
  readonly where: string;
  /** The latest signed checkpoint, as a note. */
  latest(): Promise<string>;
  /** A consistency proof document (`proveConsistency`) from the tree of `from` events to that of `to`. */
  consistency(from: number, to: number): Promise<unknown>;
  /** Hands a cosigned note back to the log. */
  submit(note: string): Promise<void>;
}

export interface WitnessOptions {
  /** The log's public key; its name is the origin. */
  readonly logKey: NoteVerifier;
  readonly witnessKey: NoteSigner;
  readonly stateDir: string;
  readonly source: LogSource;
  readonly now?: () => Date;
}

export type WitnessOutcome =
  | { readonly status: 'first-use'; readonly size: number; readonly rootHash: string; readonly note: string }
  | { readonly status: 'cosigned'; readonly from: number; readonly size: number; readonly rootHash: string; readonly note: string }
  | { readonly status: 'unchanged'; readonly size: number; readonly rootHash: string; readonly resent: boolean }
  | { readonly status: 'split-view'; readonly reason: string; readonly evidence: string; readonly seen: string; readonly offered: string };

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The file of the last checkpoint seen of `origin` in the state folder. */
export function lastSeenFile(stateDir: string, origin: string): string {
  return join(stateDir, `last-${origin.replace(/[^A-Za-z0-9._-]/g, '_')}.checkpoint`);
}

function openOrRefuse(note: string, logKey: NoteVerifier, what: string): OpenedCheckpoint {
  try {
    return openCheckpoint(note, [logKey], { origin: logKey.name });
  } catch (error) {
    if (error instanceof NoteError) throw new DomainError('VALIDATION_FAILED', `${what}: ${error.message}`);
    throw error;
  }
}

/** Why the consistency proof does not take the tree `old` to the tree `next`, or undefined when it does. */
function consistencyProblem(doc: unknown, old: { size: number; root: string }, next: { size: number; root: string }): string | undefined {
  if (typeof doc !== 'object' || doc === null) return 'the log sent no consistency proof';
  const { size1, size2, root1, root2, proof } = doc as Record<string, unknown>;
  if (size1 !== old.size || size2 !== next.size) return `the log sent a proof between sizes ${String(size1)} and ${String(size2)}, not ${old.size} and ${next.size}`;
  if (root1 !== old.root) return `the log's tree of ${old.size} events now has root ${String(root1)}, not the ${old.root} it signed before`;
  if (root2 !== next.root) return `the log's tree of ${next.size} events has root ${String(root2)} in the proof, ${next.root} in the checkpoint`;
  if (!Array.isArray(proof) || !proof.every((hash) => typeof hash === 'string')) return 'the proof is not a list of base64 hashes';
  const hashes = (proof as string[]).map((hash) => new Uint8Array(Buffer.from(hash, 'base64')));
  return checkConsistency(old.size, next.size, Buffer.from(old.root, 'base64'), Buffer.from(next.root, 'base64'), hashes);
}

/** One round of witnessing; see the module comment. Throws DomainError for what is not a split view (a bad key, a note that does not verify, a log out of reach). */
export async function witnessOnce(options: WitnessOptions): Promise<WitnessOutcome> {
  const { logKey, witnessKey, stateDir, source } = options;
  const now = options.now ?? (() => new Date());
  const offered = await source.latest();
  const opened = openOrRefuse(offered, logKey, `the latest checkpoint from ${source.where}`);
  const next = { size: Number(opened.checkpoint.size), root: base64(opened.checkpoint.root) };
  if (!Number.isSafeInteger(next.size)) throw new DomainError('VALIDATION_FAILED', `the latest checkpoint from ${source.where} states ${opened.checkpoint.size} events, more than a ledger can hold`);

  await mkdir(stateDir, { recursive: true });
  const file = lastSeenFile(stateDir, logKey.name);
  let seenNote: string | undefined;
  try {
    seenNote = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  const accept = async (): Promise<string> => {
    const cosigned = cosign(offered, witnessKey, { verifiers: [logKey] });
    // Saved before it is handed back: what the witness signed, it remembers.
    await writeFile(`${file}.new`, cosigned);
    await rename(`${file}.new`, file);
    await source.submit(cosigned);
    return cosigned;
  };

  if (seenNote === undefined) {
    const note = await accept();
    return { status: 'first-use', size: next.size, rootHash: next.root, note };
  }
  const seen = openOrRefuse(seenNote, logKey, file);
  const old = { size: Number(seen.checkpoint.size), root: base64(seen.checkpoint.root) };

  let problem: string | undefined;
  let proof: unknown;
  if (next.size < old.size) problem = `rollback: the log now shows ${next.size} events, fewer than the ${old.size} this witness already cosigned`;
  else if (next.size === old.size) {
    if (next.root !== old.root) problem = `two roots for ${old.size} events: ${old.root} cosigned before, ${next.root} now`;
  } else {
    proof = await source.consistency(old.size, next.size);
    const reason = consistencyProblem(proof, old, next);
    if (reason !== undefined) problem = `the checkpoint of ${next.size} events does not extend the one of ${old.size} cosigned before: ${reason}`;
  }

  if (problem !== undefined) {
    const evidence = join(stateDir, `split-view-${now().toISOString().replace(/[:.]/g, '-')}.txt`);
    const text = [
      `SPLIT VIEW of ${logKey.name} seen by ${witnessKey.name} at ${now().toISOString()} from ${source.where}`,
      problem,
      '',
      `--- the checkpoint cosigned before (${old.size} events, root ${old.root}):`,
      seenNote.trimEnd(),
      '',
      `--- the checkpoint offered now (${next.size} events, root ${next.root}):`,
      offered.trimEnd(),
      ...(proof === undefined ? [] : ['', '--- the consistency proof the log sent:', JSON.stringify(proof, null, 2)]),
      '',
    ].join('\n');
    await writeFile(evidence, text, { flag: 'wx' });
    return { status: 'split-view', reason: problem, evidence, seen: seenNote, offered };
  }
  if (next.size === old.size) {
    // Same tree: nothing to sign. If the log lost this witness's cosignature, it gets it again.
    const has = opened.unverified.some((s) => s.name === witnessKey.name && s.keyHash === witnessKey.keyHash);
    if (!has) await source.submit(seenNote);
    return { status: 'unchanged', size: next.size, rootHash: next.root, resent: !has };
  }
  const note = await accept();
  return { status: 'cosigned', from: old.size, size: next.size, rootHash: next.root, note };
}

/** The log's server over HTTP: GET /api/checkpoints/latest and /api/proofs/consistency, POST /api/checkpoints/cosigned. */
export function httpSource(url: string, token?: string): LogSource {
  const base = url.replace(/\/+$/, '');
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (error) {
      throw new DomainError('STORE_UNAVAILABLE', `${base}${path}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const body = await response.text();
      let detail = body.slice(0, 300);
      try {
        const problem = JSON.parse(body) as { code?: string; detail?: string };
        if (problem.detail !== undefined) detail = `${problem.code ?? ''} ${problem.detail}`.trim();
      } catch {
        // not a problem document
      }
      const code = response.status === 404 ? 'NOT_FOUND' : response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'VALIDATION_FAILED';
      throw new DomainError(code, `${init.method ?? 'GET'} ${base}${path}: ${response.status} ${detail}`);
    }
    return response;
  };
  return {
    where: base,
    latest: async () => (await call('/api/checkpoints/latest')).text(),
    consistency: async (from, to) => (await call(`/api/proofs/consistency?from=${from}&to=${to}`)).json(),
    submit: async (note) => {
      await call('/api/checkpoints/cosigned', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note }) });
    },
  };
}

/** The ledger's store itself (a witness with access to the database): its latest kept checkpoint of `origin`. */
export function storeSource(store: LedgerStore, origin: string, now: () => string = () => new Date().toISOString()): LogSource {
  return {
    where: store.location,
    latest: async () => {
      const record = await store.checkpoints.latest(origin);
      if (record === undefined) throw new DomainError('NOT_FOUND', `${store.location}: no checkpoint of ${origin} is kept; sign one with "aidtrace checkpoint --key"`);
      return record.note;
    },
    consistency: (from, to) => proveConsistency(store, from, to),
    submit: async (note) => {
      const opened = parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
      const record: CheckpointRecord = { origin, size: Number(opened.size), rootHash: base64(opened.root), note, createdAt: now() };
      await store.checkpoints.add(record);
    },
  };
}
