import { hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LedgerStore } from '../application/ports.js';
import { checkRow, genesisHash, rowBytes, type ChainBreak, type ChainRow } from './chain.js';
import { leafHashBinary, MerkleFrontier, type BinaryHash } from './merkle.js';
import { verifyWorkerSource } from './verify-worker.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly headHash: string;
  /** The RFC 9162 Merkle tree root (base64) over the events that verified, as checkpoints state it. */
  readonly treeRoot: string;
  readonly firstBreak?: ChainBreak;
}

/** Rows per read; a power of 2, so that a whole page is a perfect subtree of the Merkle tree. */
const pageSize = 8192;

/** A row of the event log as verification reads it. */
export type VerifiableRow = ChainRow & { readonly prevHash: string; readonly hash: string };

// The row's UTF-8 bytes are written once, after the previous hash, into a reused buffer:
//   [ hex(prevHash): 64 bytes ][ rowBytes ]  → SHA-256 of the whole is the chain link;
// then byte 63 is set to 0x00, and SHA-256 of [ 0x00 ][ rowBytes ] is the row's leaf hash.
// Hashing bytes already in a buffer saves the UTF-8 encoding of two strings per row, and the
// string outputs (hex for the link, binary for the leaf) save a Buffer allocation per hash.
let scratch = Buffer.allocUnsafe(64 * 1024);
let scratchBytes = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);

/**
 * Checks that `row` follows the row of seq `prevSeq` whose hash is `prevHash` — exactly as
 * `checkRow` does, with the same reasons — and returns its Merkle leaf hash (`rowLeafHash`) as
 * a binary hash, or the break. `prevHash` is the genesis hash or the hash of a row that
 * verified, so 64 ASCII characters (the leaf's bytes are found after them).
 */
export function checkRowLeaf(prevSeq: number, prevHash: string, row: VerifiableRow): BinaryHash | ChainBreak {
  if (row.seq !== prevSeq + 1 || row.prevHash !== prevHash || prevHash.length !== 64) {
    const bytes = rowBytes(row);
    return checkRow(prevSeq, prevHash, row, bytes) ?? leafHashBinary(bytes);
  }
  const bytes = rowBytes(row);
  // At most 3 UTF-8 bytes per UTF-16 code unit.
  if (64 + bytes.length * 3 > scratch.length) {
    scratch = Buffer.allocUnsafe(64 + bytes.length * 3);
    scratchBytes = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);
  }
  // One write of the two strings costs less than two writes.
  const end = scratch.write(prevHash + bytes, 0, 'utf8');
  if (hash('sha256', scratchBytes.subarray(0, end), 'hex') !== row.hash) {
    return checkRow(prevSeq, prevHash, row, bytes) ?? { seq: row.seq, reason: "hash does not match the row's content" };
  }
  scratchBytes[63] = 0x00;
  return hash('sha256', scratchBytes.subarray(63, end), 'binary');
}

/**
 * The work of verification, row by row: each row must link to the one before (sequence,
 * previous hash, its own hash over its content, the acting account included), and each row
 * that does is the next leaf of the ledger's Merkle tree. The row's canonical bytes are made
 * once, and UTF-8 encoded once (see `checkRowLeaf`).
 */
export class LogVerifier {
  private seq = 0;
  private prevHash = genesisHash;
  private readonly tree = new MerkleFrontier();

  /** Takes the next row, or returns what is wrong with it (and does not take it). */
  push(row: VerifiableRow): ChainBreak | undefined {
    const leaf = checkRowLeaf(this.seq, this.prevHash, row);
    if (typeof leaf !== 'string') return leaf;
    this.seq = row.seq;
    this.prevHash = row.hash;
    this.tree.appendBinary(leaf);
    return undefined;
  }

  /**
   * Takes `count` rows whose links were checked elsewhere (by `ParallelVerifier`), `last` the
   * last of them: their leaf hashes, 32 bytes each in `leaves`, or, for a page that is an
   * aligned perfect subtree, `subtreeRoot`, the root of their leaves.
   */
  takeChecked(last: VerifiableRow, count: number, leaves: Buffer, subtreeRoot?: BinaryHash): void {
    if (count === 0) return;
    if (subtreeRoot !== undefined && (count & (count - 1)) === 0 && this.tree.size % count === 0) {
      this.tree.appendSubtree(subtreeRoot, count);
    } else {
      for (let i = 0; i < count; i += 1) this.tree.appendBinary(leaves.toString('latin1', i * 32, i * 32 + 32));
    }
    this.seq = last.seq;
    this.prevHash = last.hash;
  }

  report(firstBreak?: ChainBreak): VerifyReport {
    const report = { ok: firstBreak === undefined, events: this.seq, headHash: this.prevHash, treeRoot: Buffer.from(this.tree.rootBinary(), 'latin1').toString('base64') };
    return firstBreak === undefined ? report : { ...report, firstBreak };
  }

  /** The seq of the last row taken (0 before the first). */
  get events(): number {
    return this.seq;
  }

  /** The hash of the last row taken (the genesis hash before the first). */
  get headHash(): string {
    return this.prevHash;
  }
}

/** Reads the rows after seq `afterSeq`, at most `limit`, in order; none at the end of the log. */
export type PageReader = (afterSeq: number, limit: number) => Promise<readonly VerifiableRow[]> | readonly VerifiableRow[];

const lowerHex64 = /^[0-9a-f]{64}$/;

interface PageResult {
  readonly bad: number;
  readonly leaves: ArrayBuffer;
  readonly root: BinaryHash | null;
  /** The page's buffer, given back to be packed again. */
  readonly data: ArrayBuffer;
}

/** A page sent to the thread: its rows, how many were packed, and the row (index) at which the main thread saw a break, if any. */
interface SentPage {
  readonly rows: readonly VerifiableRow[];
  readonly packed: number;
  readonly mainBreak: number;
  readonly result: Promise<PageResult>;
}

/**
 * Verification on every core. The main thread reads a page of rows, makes each row's canonical
 * bytes and checks what is sequential and cheap — each seq follows the one before, each
 * prevHash is the hash of the row before (both exact string comparisons) — and packs the
 * bytes for the worker threads (one per core, pages in turn), which recompute each row's chain
 * link and leaf hash and, for a whole aligned page, the root of its leaves. While they hash,
 * the main thread reads and packs the next pages; it takes the pages' leaves (or subtree roots)
 * into the tree in order.
 *
 * A link checks the same thing whichever thread computes it: row.hash = SHA-256(row.prevHash ‖
 * bytes), and row.prevHash is the previous row's hash. The first break is the first row, in seq
 * order, that fails any check; that row is then given to `LogVerifier.push` itself, so the break
 * and its reason are exactly those of the one-thread verification.
 */
export class ParallelVerifier {
  readonly #workers: Worker[];
  readonly #waiting = new Map<number, { resolve: (result: PageResult) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #failed: Error | undefined;

  /** `workers` hashing threads (default: one per core, at least one); pages go to them in turn. */
  constructor(workers = Math.max(1, availableParallelism())) {
    const fail = (error: Error) => {
      this.#failed = error;
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    };
    this.#workers = Array.from({ length: workers }, () => {
      const worker = new Worker(verifyWorkerSource, { eval: true });
      worker.on('message', (message: PageResult & { id: number }) => {
        this.#waiting.get(message.id)?.resolve(message);
        this.#waiting.delete(message.id);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a verification thread exited (${code})`)));
      return worker;
    });
  }

  /** The number of hashing threads. */
  get workers(): number {
    return this.#workers.length;
  }

  /**
   * Verifies the rows `read` gives after `verifier.events`, page by page, into `verifier`, until
   * `read` gives none or a row breaks the chain; returns the break. Pages are taken in order;
   * while the threads hash up to one page each, this thread reads and packs the next.
   */
  async run(verifier: LogVerifier, read: PageReader, limit = pageSize): Promise<ChainBreak | undefined> {
    const inFlight: SentPage[] = [];
    let readFrom = verifier.events;
    let lastSeq = verifier.events;
    let lastHash = verifier.headHash;
    let packedAhead = 0;
    let ended = false;
    for (;;) {
      if (!ended && inFlight.length <= this.#workers.length) {
        const rows = await read(readFrom, limit);
        if (rows.length === 0) {
          ended = true;
        } else {
          const sent = this.#send(rows, lastSeq, lastHash, verifier.events + packedAhead);
          const last = rows[sent.packed - 1];
          if (last !== undefined) {
            lastSeq = last.seq;
            lastHash = last.hash;
          }
          readFrom = lastSeq;
          packedAhead += sent.packed;
          inFlight.push(sent);
          if (sent.mainBreak !== -1) ended = true;
          if (inFlight.length <= this.#workers.length && !ended) continue;
        }
      }
      const page = inFlight.shift();
      if (page === undefined) return undefined;
      packedAhead -= page.packed;
      const broken = await this.#take(verifier, page);
      if (broken) return broken;
    }
  }

  /** Buffers the threads gave back, to pack the next pages into (fresh memory costs page faults). */
  readonly #pool: ArrayBuffer[] = [];

  /** Packs the rows that pass the main thread's checks (up to the first that does not) and sends them. */
  #send(rows: readonly VerifiableRow[], afterSeq: number, afterHash: string, treeSize: number): SentPage {
    let data = Buffer.from(this.#pool.pop() ?? new ArrayBuffer(16 << 20));
    const ends = new Int32Array(rows.length);
    let mainBreak = -1;
    let seq = afterSeq;
    let prevHash = afterHash;
    let at = 0;
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] as VerifiableRow;
      // A hash that is not 64 lowercase hex characters can never equal a computed one: the row
      // breaks there (and below, the hashes are taken as one byte per character).
      if (row.seq !== seq + 1 || row.prevHash !== prevHash || !lowerHex64.test(row.hash)) {
        mainBreak = i;
        break;
      }
      const text = rowBytes(row);
      if (at + 128 + text.length * 3 > data.length) {
        const larger = Buffer.from(new ArrayBuffer(Math.max(data.length * 2, at + 128 + text.length * 3)));
        data.copy(larger, 0, 0, at);
        data = larger;
      }
      // Written at once, without keeping the row's bytes: one write costs less than three, and
      // strings kept for a page outlive the young generation.
      at += data.write(row.hash + row.prevHash + text, at, 'utf8');
      ends[i] = at;
      seq = row.seq;
      prevHash = row.hash;
    }
    const packed = mainBreak === -1 ? rows.length : mainBreak;
    if (packed === 0) {
      this.#pool.push(data.buffer as ArrayBuffer);
      return { rows, packed, mainBreak, result: Promise.resolve({ bad: -1, leaves: new ArrayBuffer(0), root: null, data: new ArrayBuffer(0) }) };
    }
    const wantRoot = (packed & (packed - 1)) === 0 && treeSize % packed === 0;
    const id = this.#nextId++;
    const result = new Promise<PageResult>((resolve, reject) => {
      if (this.#failed) return reject(this.#failed);
      this.#waiting.set(id, { resolve, reject });
    });
    // A page whose result is never awaited (a break came first) must not reject unhandled when the thread stops.
    result.catch(() => undefined);
    const buffer = data.buffer as ArrayBuffer;
    (this.#workers[id % this.#workers.length] as Worker).postMessage({ id, data: buffer, ends: ends.subarray(0, packed), wantRoot }, [buffer]);
    return { rows, packed, mainBreak, result };
  }

  async #take(verifier: LogVerifier, page: SentPage): Promise<ChainBreak | undefined> {
    const { bad, leaves, root, data } = await page.result;
    if (data.byteLength > 0) this.#pool.push(data);
    const good = bad === -1 ? page.packed : bad;
    if (good > 0) verifier.takeChecked(page.rows[good - 1] as VerifiableRow, good, Buffer.from(leaves), good === page.packed && root !== null ? root : undefined);
    if (good === page.rows.length) return undefined;
    // The first row that failed a check, on either thread: the one-thread path names the break.
    const broken = verifier.push(page.rows[good] as VerifiableRow);
    if (broken === undefined) throw new Error(`verification: row ${page.rows[good]?.seq} failed a check on one path and passed on the other`);
    return broken;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

export interface VerifyOptions {
  /**
   * Hash on worker threads (one per core) when the log is longer than one page (8,192 rows)
   * and the machine has more than one core. Default true; the report is the same either way.
   */
  readonly parallel?: boolean;
}

/**
 * Recomputes the whole hash chain and the Merkle tree from the first row; stops at the first
 * row that does not verify.
 */
export async function verifyChain(store: Pick<LedgerStore, 'readEvents'>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const verifier = new LogVerifier();
  const read: PageReader = (afterSeq, limit) => store.readEvents(afterSeq, limit);
  // The first page on this thread: a short log never starts a worker.
  const first = await read(0, pageSize);
  for (const row of first) {
    const broken = verifier.push(row);
    if (broken) return verifier.report(broken);
  }
  if (first.length === pageSize && options.parallel !== false && availableParallelism() > 1) {
    const threads = new ParallelVerifier();
    try {
      return verifier.report(await threads.run(verifier, read));
    } finally {
      await threads.close();
    }
  }
  for (;;) {
    const rows = await read(verifier.events, pageSize);
    if (rows.length === 0) return verifier.report();
    for (const row of rows) {
      const broken = verifier.push(row);
      if (broken) return verifier.report(broken);
    }
  }
}
