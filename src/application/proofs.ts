import { checkRow, genesisHash, rowBytes } from '../audit/chain.js';
import { checkConsistency, checkInclusion, consistencyProof, equalHashes, hashLength, inclusionProof, leafHash, MerkleFrontier, rowLeafHash, type Hash } from '../audit/merkle.js';
import { DomainError } from '../domain/errors.js';
import type { MerkleIndex } from './merkle-index.js';
import type { LedgerStore, LogRow } from './ports.js';
import { eventSubjects } from './reports/history.js';

/**
 * Proofs an outside auditor checks offline, against the ledger's RFC 9162 Merkle tree
 * (src/audit/merkle.ts): leaf i is `rowLeafHash` of the event with seq i + 1, and the root of
 * the first N leaves is what `verifyChain` reports as `treeRoot` when the log holds N events.
 *
 * - `proveEvent`: one event is leaf seq − 1 of the tree of `treeSize` events.
 * - `proveRecord`: every event that concerns a record (matched as `history.ts` matches them),
 *   each with its canonical row bytes, so the auditor recomputes each leaf hash and reads the
 *   event itself. A proof shows that the listed events are in the tree; it cannot show that no
 *   other event concerns the record.
 * - `proveConsistency`: the tree of `size1` events is a prefix of the tree of `size2`.
 * - `checkProof`: checks any of these documents with no store.
 *
 * A root does not vouch for itself: the auditor must take the size and root a proof is checked
 * against from a source they trust (a signed checkpoint, a root published earlier), and compare
 * them with the document's `treeSize` and `rootHash`.
 *
 * Hashes are base64 (standard alphabet, padded), as `verifyChain` reports `treeRoot`.
 *
 * Cost. Without an index, every proof reads the log from the first event up to the tree's
 * size and hashes every leaf: O(n) per proof (a record's proofs share one read of the log).
 * Only the 32-byte leaf hashes are held in memory, never the rows (except, for a record, its
 * own events' rows). With a `MerkleIndex` (the last argument; a server keeps one per store),
 * the index catches up with the rows appended since its last use, and a proof reads at most
 * the 256-row tiles its path goes into (one per event of a record, and the tree's last): the
 * same documents, byte for byte.
 */

/** That one event is a leaf of the tree of `treeSize` events whose root is `rootHash`. */
export interface EventProof {
  readonly seq: number;
  /** seq − 1. */
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly rootHash: string;
  /** The audit path of RFC 9162 §2.1.3, the sibling nearest the leaf first. */
  readonly proof: readonly string[];
}

/** One event of a record as the log holds it: `row` is its canonical bytes (`rowBytes`), whose leaf hash is SHA-256(0x00 ‖ row). */
export interface RecordEvent {
  readonly seq: number;
  readonly type: string;
  readonly row: string;
}

/** Every event that concerns `recordId`, oldest first, and the proof of each (in the same order). */
export interface RecordProof {
  readonly recordId: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly events: readonly RecordEvent[];
  readonly proofs: readonly EventProof[];
}

/** That the tree of `size1` events (root `root1`) is a prefix of the tree of `size2` (root `root2`). */
export interface ConsistencyProof {
  readonly size1: number;
  readonly size2: number;
  readonly root1: string;
  readonly root2: string;
  /** The proof of RFC 9162 §2.1.4; empty when the sizes are equal. */
  readonly proof: readonly string[];
}

export type ProofKind = 'event' | 'record' | 'consistency';

export type ProofCheck = { readonly ok: true; readonly kind: ProofKind; readonly summary: string } | { readonly ok: false; readonly reason: string };

const pageSize = 10_000;

const base64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/** The leaf hashes of the first `size` events, packed 32 bytes each. */
class Leaves {
  constructor(
    readonly size: number,
    private readonly bytes: Uint8Array,
  ) {}

  readonly at = (index: number): Hash => this.bytes.subarray(index * hashLength, (index + 1) * hashLength);

  /** MTH of the first `count` leaves. */
  rootOf(count: number): Hash {
    const frontier = new MerkleFrontier();
    for (let index = 0; index < count; index += 1) frontier.append(this.at(index));
    return frontier.root();
  }
}

/**
 * Reads the first `size` events in pages, checking the hash chain as it goes (a proof over a
 * broken chain would vouch for rows the chain disowns), and keeps only their leaf hashes.
 * `onRow` sees every row once, in order.
 */
async function readLeaves(store: Pick<LedgerStore, 'readEvents'>, size: number, onRow?: (row: LogRow) => void): Promise<{ leaves: Leaves; root: Hash }> {
  const bytes = new Uint8Array(size * hashLength);
  const frontier = new MerkleFrontier();
  let seq = 0;
  let prevHash = genesisHash;
  while (seq < size) {
    const rows = await store.readEvents(seq, Math.min(pageSize, size - seq));
    if (rows.length === 0) throw new DomainError('CHAIN_BROKEN', `event_log: seq ${seq + 1} is missing, the log ends at ${seq} of ${size} events`);
    for (const row of rows) {
      if (seq >= size) break;
      const broken = checkRow(seq, prevHash, row);
      if (broken) throw new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}; run "aidtrace verify"`);
      const leaf = rowLeafHash(row);
      bytes.set(leaf, seq * hashLength);
      frontier.append(leaf);
      onRow?.(row);
      seq = row.seq;
      prevHash = row.hash;
    }
  }
  return { leaves: new Leaves(size, bytes), root: frontier.root() };
}

/** The tree size to prove against: `size` if given (1 to the head's seq), else the head's seq. */
async function treeSizeOf(store: Pick<LedgerStore, 'head'>, size: number | undefined, what = 'size'): Promise<number> {
  const head = await store.head();
  if (size === undefined) {
    if (head.seq === 0) throw new DomainError('VALIDATION_FAILED', 'the log is empty: there is no tree to prove anything in');
    return head.seq;
  }
  if (!Number.isSafeInteger(size) || size < 1 || size > head.seq) {
    throw new DomainError('VALIDATION_FAILED', `${what} ${String(size)}: must be a whole number from 1 to ${head.seq}, the number of events in the log`, what);
  }
  return size;
}

function eventProofOf(leaves: Leaves, root: Hash, seq: number): EventProof {
  const leafIndex = seq - 1;
  return {
    seq,
    leafIndex,
    treeSize: leaves.size,
    leafHash: base64(leaves.at(leafIndex)),
    rootHash: base64(root),
    proof: inclusionProof(leafIndex, leaves.size, leaves.at).map(base64),
  };
}

/** The inclusion proof of event `seq` in the tree of the first `size` events (default: the whole log). */
export async function proveEvent(store: Pick<LedgerStore, 'head' | 'readEvents'>, seq: number, size?: number, index?: MerkleIndex): Promise<EventProof> {
  const treeSize = await treeSizeOf(store, size);
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > treeSize) {
    throw new DomainError('VALIDATION_FAILED', `seq ${String(seq)}: must be a whole number from 1 to ${treeSize}, the size of the tree`, 'seq');
  }
  if (index !== undefined) {
    const { leaf, root, proof } = await index.inclusion(store, seq, treeSize);
    return { seq, leafIndex: seq - 1, treeSize, leafHash: base64(leaf), rootHash: base64(root), proof: proof.map(base64) };
  }
  const { leaves, root } = await readLeaves(store, treeSize);
  return eventProofOf(leaves, root, seq);
}

/**
 * The inclusion proofs of every event up to `size` that concerns `recordId` (its payload names
 * the id, as in a record's history), with each event's canonical row bytes. NOT_FOUND when no
 * event does.
 */
export async function proveRecord(store: Pick<LedgerStore, 'head' | 'readEvents'>, recordId: string, size?: number, index?: MerkleIndex): Promise<RecordProof> {
  if (recordId === '') throw new DomainError('VALIDATION_FAILED', 'the record id is empty', 'recordId');
  const treeSize = await treeSizeOf(store, size);
  if (index !== undefined) {
    const found = await index.recordEvents(store, recordId, treeSize);
    if (found.events.length === 0) throw new DomainError('NOT_FOUND', `record ${recordId}: no event among the first ${treeSize} names it`, 'recordId');
    const rootHash = base64(found.root);
    return {
      recordId,
      treeSize,
      rootHash,
      events: found.events.map(({ row }) => ({ seq: row.seq, type: row.type, row: rowBytes(row) })),
      proofs: found.events.map(({ row, leaf, proof }) => ({ seq: row.seq, leafIndex: row.seq - 1, treeSize, leafHash: base64(leaf), rootHash, proof: proof.map(base64) })),
    };
  }
  const events: RecordEvent[] = [];
  const { leaves, root } = await readLeaves(store, treeSize, (row) => {
    if (eventSubjects(JSON.parse(row.payload) as Record<string, unknown>).has(recordId)) events.push({ seq: row.seq, type: row.type, row: rowBytes(row) });
  });
  if (events.length === 0) throw new DomainError('NOT_FOUND', `record ${recordId}: no event among the first ${treeSize} names it`, 'recordId');
  // Each proof hashes the whole tree again: k events cost O(k·n) hashes but one read of the log.
  const proofs = events.map((event) => eventProofOf(leaves, root, event.seq));
  return { recordId, treeSize, rootHash: base64(root), events, proofs };
}

/** The consistency proof from the tree of the first `size1` events to that of the first `size2` (1 ≤ size1 ≤ size2 ≤ the head's seq). */
export async function proveConsistency(store: Pick<LedgerStore, 'head' | 'readEvents'>, size1: number, size2: number, index?: MerkleIndex): Promise<ConsistencyProof> {
  const second = await treeSizeOf(store, size2, 'size2');
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > second) {
    throw new DomainError('VALIDATION_FAILED', `size1 ${String(size1)}: must be a whole number from 1 to size2 (${second})`, 'size1');
  }
  if (index !== undefined) {
    const { root1, root2, proof } = await index.consistency(store, size1, second);
    return { size1, size2: second, root1: base64(root1), root2: base64(root2), proof: proof.map(base64) };
  }
  const { leaves, root } = await readLeaves(store, second);
  return { size1, size2: second, root1: base64(leaves.rootOf(size1)), root2: base64(root), proof: consistencyProof(size1, second, leaves.at).map(base64) };
}

// ---------------------------------------------------------------------------------------------
// Checking, offline
// ---------------------------------------------------------------------------------------------

/** Why a document is refused; caught by `checkProof` and returned as its reason. */
class Refused extends Error {}

type Doc = Readonly<Record<string, unknown>>;

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countAt(doc: Doc, key: string, where: string): number {
  const value = doc[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Refused(`${where}${key} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

function stringAt(doc: Doc, key: string, where: string): string {
  const value = doc[key];
  if (typeof value !== 'string') throw new Refused(`${where}${key} must be a string`);
  return value;
}

/** A 32-byte hash in canonical base64: one that decodes and encodes back to the same text, so no character is ignored. */
function decodeHash(value: unknown, what: string): Hash {
  if (typeof value !== 'string') throw new Refused(`${what} must be a base64 string`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) throw new Refused(`${what} is not canonical base64`);
  if (bytes.length !== hashLength) throw new Refused(`${what} is ${bytes.length} bytes, not ${hashLength}`);
  return new Uint8Array(bytes);
}

function hashesAt(doc: Doc, key: string, where: string): Hash[] {
  const value = doc[key];
  if (!Array.isArray(value)) throw new Refused(`${where}${key} must be an array of base64 hashes`);
  return value.map((element, index) => decodeHash(element, `${where}${key}[${index}]`));
}

/** The canonical row bytes parsed, with the seq and type they must state. */
function rowOf(row: string, seq: number, type: string | undefined, where: string): Doc {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row);
  } catch {
    throw new Refused(`${where}row is not JSON`);
  }
  if (!isDoc(parsed)) throw new Refused(`${where}row is not a JSON object`);
  if (parsed.seq !== seq) throw new Refused(`${where}row states seq ${JSON.stringify(parsed.seq)}, not ${seq}`);
  if (type !== undefined && parsed.type !== type) throw new Refused(`${where}row states type ${JSON.stringify(parsed.type)}, not ${JSON.stringify(type)}`);
  return parsed;
}

/** Checks an event proof; with `row` (a RecordEvent's bytes, or a `row` field), the leaf hash is recomputed from it. Returns the root. */
function checkEventDoc(doc: Doc, where: string, row?: string): { seq: number; treeSize: number; root: Hash } {
  const seq = countAt(doc, 'seq', where);
  const leafIndex = countAt(doc, 'leafIndex', where);
  const treeSize = countAt(doc, 'treeSize', where);
  if (seq < 1) throw new Refused(`${where}seq must be at least 1`);
  if (leafIndex !== seq - 1) throw new Refused(`${where}leafIndex ${leafIndex} is not seq ${seq} − 1`);
  const leaf = decodeHash(doc.leafHash, `${where}leafHash`);
  const root = decodeHash(doc.rootHash, `${where}rootHash`);
  const proof = hashesAt(doc, 'proof', where);
  const bytes = row ?? (doc.row === undefined ? undefined : stringAt(doc, 'row', where));
  if (bytes !== undefined) {
    rowOf(bytes, seq, undefined, where);
    if (!equalHashes(leafHash(bytes), leaf)) throw new Refused(`${where}the leaf hash of the row bytes of seq ${seq} is not leafHash`);
  }
  const reason = checkInclusion(leafIndex, treeSize, leaf, proof, root);
  if (reason !== undefined) throw new Refused(`${where}seq ${seq} is not in the tree of ${treeSize} events: ${reason}`);
  return { seq, treeSize, root };
}

function checkRecordDoc(doc: Doc): string {
  const recordId = stringAt(doc, 'recordId', '');
  if (recordId === '') throw new Refused('recordId is empty');
  const treeSize = countAt(doc, 'treeSize', '');
  const root = decodeHash(doc.rootHash, 'rootHash');
  const events = doc.events;
  const proofs = doc.proofs;
  if (!Array.isArray(events) || !Array.isArray(proofs)) throw new Refused('events and proofs must be arrays');
  if (events.length === 0) throw new Refused('the proof lists no event');
  if (events.length !== proofs.length) throw new Refused(`${events.length} events but ${proofs.length} proofs`);
  let lastSeq = 0;
  events.forEach((event: unknown, index) => {
    const where = `events[${index}].`;
    if (!isDoc(event)) throw new Refused(`events[${index}] is not an object`);
    const proof: unknown = proofs[index];
    if (!isDoc(proof)) throw new Refused(`proofs[${index}] is not an object`);
    const seq = countAt(event, 'seq', where);
    const type = stringAt(event, 'type', where);
    const row = stringAt(event, 'row', where);
    if (seq <= lastSeq) throw new Refused(`${where}seq ${seq} does not follow ${lastSeq}: events must be in ascending order, each once`);
    lastSeq = seq;
    const parsed = rowOf(row, seq, type, where);
    if (!isDoc(parsed.payload) || !eventSubjects(parsed.payload).has(recordId)) throw new Refused(`${where}the event of seq ${seq} does not name ${recordId}`);
    const checked = checkEventDoc(proof, `proofs[${index}].`, row);
    if (checked.seq !== seq) throw new Refused(`proofs[${index}] proves seq ${checked.seq}, not ${seq}`);
    if (checked.treeSize !== treeSize || !equalHashes(checked.root, root)) throw new Refused(`proofs[${index}] is for another tree than treeSize and rootHash`);
  });
  return `record ${recordId}: ${events.length} events, each in the tree of ${treeSize} events with root ${base64(root)}`;
}

function checkConsistencyDoc(doc: Doc): string {
  const size1 = countAt(doc, 'size1', '');
  const size2 = countAt(doc, 'size2', '');
  const root1 = decodeHash(doc.root1, 'root1');
  const root2 = decodeHash(doc.root2, 'root2');
  const proof = hashesAt(doc, 'proof', '');
  const reason = checkConsistency(size1, size2, root1, root2, proof);
  if (reason !== undefined) throw new Refused(`the tree of ${size1} events is not shown to be a prefix of the tree of ${size2}: ${reason}`);
  return `the tree of ${size1} events (root ${base64(root1)}) is a prefix of the tree of ${size2} (root ${base64(root2)})`;
}

/** What kind of proof a document is, by its fields. */
function kindOf(doc: Doc): ProofKind | undefined {
  if ('size1' in doc || 'size2' in doc) return 'consistency';
  if ('recordId' in doc) return 'record';
  if ('seq' in doc) return 'event';
  return undefined;
}

/**
 * Checks a proof document from `proveEvent`, `proveRecord` or `proveConsistency` — as JSON text
 * or already parsed — with no store: every hash is recomputed from what the document holds,
 * the leaf hashes of a record's events from their row bytes. Never throws. `ok` says that the
 * document is consistent with its own `rootHash` (or roots); the auditor must still compare
 * those with a size and root from a source they trust.
 */
export function checkProof(json: unknown): ProofCheck {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (error) {
      return { ok: false, reason: `not JSON: ${(error as Error).message}` };
    }
  }
  if (!isDoc(doc)) return { ok: false, reason: 'not a proof: the document must be a JSON object' };
  const kind = kindOf(doc);
  if (kind === undefined) return { ok: false, reason: 'not a proof: expected an event proof (seq), a record proof (recordId) or a consistency proof (size1, size2)' };
  try {
    switch (kind) {
      case 'event': {
        const { seq, treeSize, root } = checkEventDoc(doc, '');
        return { ok: true, kind, summary: `event ${seq} is in the tree of ${treeSize} events with root ${base64(root)}` };
      }
      case 'record':
        return { ok: true, kind, summary: checkRecordDoc(doc) };
      case 'consistency':
        return { ok: true, kind, summary: checkConsistencyDoc(doc) };
    }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    return { ok: false, reason: `malformed proof: ${(error as Error).message}` };
  }
}
