import { genesisHash, rowBytes } from '../audit/chain.js';
import { consistencyProofFromSubtrees, hashOfBinary, inclusionProofFromSubtrees, leafHashBinary, nodeHashBinary, type BinaryHash, type Hash } from '../audit/merkle.js';
import { checkRowLeaf } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import type { LedgerStore, LogRow } from './ports.js';
import { eventSubjects } from './reports/history.js';

/**
 * The ledger's RFC 9162 Merkle tree (src/audit/merkle.ts) kept up to date in memory, so that a
 * proof reads a few hundred rows of the log instead of all of it.
 *
 * What it holds. The tree's leaves are cut into tiles of 256 (tile t holds leaves
 * [256·t, 256·t + 256)). For every complete tile the index keeps its root, and above those the
 * roots of every aligned perfect subtree of 512, 1,024, … leaves (levels[h] holds the subtrees
 * of 256·2^h leaves, in order): at 1,000,000 events about 7,800 hashes of 32 bytes. The leaves
 * of the last, incomplete tile are kept as they are (at most 255).
 *
 * Catching up (`update`). It reads only the rows appended since its last update, checks each
 * one's chain link as `verifyChain` does, and appends its leaf: O(log n) hashing per event, one
 * for the leaf, one for the chain link, and on average about two node hashes. The row at the
 * index's own size must still be the one it saw (same hash): if not — a log rewritten, a
 * shorter log, another store — it rebuilds from the first row rather than serve wrong proofs.
 * A row that breaks the chain stops it there: proofs in trees up to that row still work, and a
 * proof in a larger tree fails with CHAIN_BROKEN, naming the row, as the proofs without an
 * index do.
 *
 * A proof. Every node of a proof path is either an aligned perfect subtree or the right edge
 * of a tree: the index has every aligned perfect subtree of 256 leaves or more, and computes the
 * rest from at most the two tiles the path goes into (the leaf's and the tree's last), read
 * from the store (256 rows each) unless it is the incomplete last tile it holds. A tile read
 * is checked against the root the index keeps for it; a tile that changed makes the index
 * rebuild and try again once.
 *
 * Records. `recordEvents` (for `proveRecord`) needs to know which events name a record: on
 * first use the index rebuilds once with a map from record id to seqs, and keeps it up to date
 * from then on (about what `EventHistory` holds, without the events themselves).
 *
 * One index serves one store; calls are queued, one at a time.
 */

export const tileSize = 256;
const tileHeight = 8;
const pageSize = 8192;

/** A tile that no longer has the root the index kept for it. */
class TileChanged extends Error {}

/** MTH of leaves [start, end) of a list (end > start). */
function leavesRoot(leaves: readonly BinaryHash[], start: number, end: number): BinaryHash {
  const n = end - start;
  if (n === 1) return leaves[start] as BinaryHash;
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHashBinary(leavesRoot(leaves, start, start + k), leavesRoot(leaves, start + k, end));
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2 of n if n is a power of 2, else -1. */
function heightOf(n: number): number {
  let height = 0;
  let rest = n;
  while (rest > 1 && rest % 2 === 0) {
    rest /= 2;
    height += 1;
  }
  return rest === 1 ? height : -1;
}

/** A tile's leaves, with its rows when they were read from the store (not for the index's own last tile). */
interface Tile {
  readonly leaves: readonly BinaryHash[];
  readonly rows?: readonly LogRow[] | undefined;
}

type Store = Pick<LedgerStore, 'head' | 'readEvents'>;

/** Where the log stopped verifying, if it did: the error a proof in a larger tree fails with. */
type Stop = { readonly kind: 'break'; readonly seq: number; readonly reason: string } | { readonly kind: 'missing'; readonly seq: number };

export class MerkleIndex {
  #size = 0;
  #head = genesisHash;
  /** levels[h]: roots of the aligned perfect subtrees of 256·2^h leaves, in order. */
  #levels: BinaryHash[][] = [[]];
  /** The leaves of the last, incomplete tile. */
  #tail: BinaryHash[] = [];
  #stop: Stop | undefined;
  /** Record id → the seqs of the events that name it, once `recordEvents` was asked for. */
  #records: Map<string, number[]> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Rebuilds from scratch, for the tests and the benchmark. */
  rebuilds = 0;

  /** The number of events the index holds (verified, in order, from the first). */
  get size(): number {
    return this.#size;
  }

  /** Catches up with the store's log (see the module comment). */
  update(store: Store): Promise<void> {
    return this.#exclusive(() => this.#catchUp(store));
  }

  /** MTH of the first `size` events, as base64-ready bytes. */
  root(store: Store, size: number): Promise<Hash> {
    return this.#exclusive(() => this.#withTiles(store, size, (range) => hashOfBinary(range(0, size))));
  }

  /** The leaf hash of event `seq`, the root of the first `size` events and the audit path (size ≥ seq ≥ 1, both checked by the caller). */
  inclusion(store: Store, seq: number, size: number): Promise<{ leaf: Hash; root: Hash; proof: Hash[] }> {
    return this.#exclusive(() =>
      this.#withTiles(store, size, (range) => ({
        leaf: hashOfBinary(range(seq - 1, seq)),
        root: hashOfBinary(range(0, size)),
        proof: inclusionProofFromSubtrees(seq - 1, size, (start, end) => hashOfBinary(range(start, end))),
      })),
    );
  }

  /** The roots of the first `size1` and `size2` events and the consistency proof between them (1 ≤ size1 ≤ size2). */
  consistency(store: Store, size1: number, size2: number): Promise<{ root1: Hash; root2: Hash; proof: Hash[] }> {
    return this.#exclusive(() =>
      this.#withTiles(store, size2, (range) => ({
        root1: hashOfBinary(range(0, size1)),
        root2: hashOfBinary(range(0, size2)),
        proof: consistencyProofFromSubtrees(size1, size2, (start, end) => hashOfBinary(range(start, end))),
      })),
    );
  }

  /**
   * The events among the first `size` that name `recordId` (as `proveRecord` matches them),
   * oldest first, each with its leaf hash and audit path in the tree of `size` events, and that
   * tree's root. Empty `events` when none does.
   */
  recordEvents(store: Store, recordId: string, size: number): Promise<{ root: Hash; events: { row: LogRow; leaf: Hash; proof: Hash[] }[] }> {
    return this.#exclusive(async () => {
      if (this.#records === undefined) {
        this.#records = new Map();
        this.#reset();
      }
      await this.#catchUp(store);
      this.#requireSize(size);
      const seqs = (this.#records.get(recordId) ?? []).filter((seq) => seq <= size);
      return this.#withTiles(
        store,
        size,
        (range, rowAt) => ({
          root: hashOfBinary(range(0, size)),
          events: seqs.map((seq) => ({
            row: rowAt(seq),
            leaf: hashOfBinary(range(seq - 1, seq)),
            proof: inclusionProofFromSubtrees(seq - 1, size, (start, end) => hashOfBinary(range(start, end))),
          })),
        }),
        seqs.map((seq) => Math.floor((seq - 1) / tileSize)),
      );
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #reset(): void {
    this.#size = 0;
    this.#head = genesisHash;
    this.#levels = [[]];
    this.#tail = [];
    this.#stop = undefined;
    if (this.#records !== undefined) this.#records = new Map();
    this.rebuilds += 1;
  }

  async #catchUp(store: Store): Promise<void> {
    const head = await store.head();
    if (head.seq === this.#size && head.hash === this.#head) return;
    if (head.seq < this.#size || (head.seq === this.#size && head.hash !== this.#head)) this.#reset();
    for (;;) {
      // After a break or a missing row, the next rows are read and checked again: the log may
      // have been repaired, and the row the index ends with is checked like any other time.
      this.#stop = undefined;
      if (this.#size >= head.seq) return;
      // The page starts at the row the index ends with, to check that it is still the one it saw.
      const from = Math.max(this.#size - 1, 0);
      const rows = await store.readEvents(from, Math.min(pageSize, head.seq - from));
      let start = 0;
      if (this.#size > 0) {
        const first = rows[0];
        if (first === undefined || first.seq !== this.#size || first.hash !== this.#head) {
          this.#reset();
          continue;
        }
        start = 1;
      }
      if (rows.length === start) {
        this.#stop = { kind: 'missing', seq: this.#size + 1 };
        return;
      }
      for (let i = start; i < rows.length; i += 1) {
        const row = rows[i] as LogRow;
        if (row.seq > head.seq) break;
        const leaf = checkRowLeaf(this.#size, this.#head, row);
        if (typeof leaf !== 'string') {
          this.#stop = { kind: 'break', seq: leaf.seq, reason: leaf.reason };
          return;
        }
        this.#append(row, leaf);
      }
    }
  }

  #append(row: LogRow, leaf: BinaryHash): void {
    this.#tail.push(leaf);
    this.#size = row.seq;
    this.#head = row.hash;
    if (this.#records !== undefined) {
      for (const id of eventSubjects(JSON.parse(row.payload) as Record<string, unknown>)) {
        const seqs = this.#records.get(id);
        if (seqs === undefined) this.#records.set(id, [row.seq]);
        else seqs.push(row.seq);
      }
    }
    if (this.#tail.length < tileSize) return;
    // A tile is complete: its root, then every perfect subtree it completes above it.
    let node = leavesRoot(this.#tail, 0, tileSize);
    this.#tail = [];
    for (let h = 0; ; h += 1) {
      const level = (this.#levels[h] ??= []);
      level.push(node);
      if (level.length % 2 === 1) break;
      node = nodeHashBinary(level[level.length - 2] as BinaryHash, node);
    }
  }

  /** Throws the error of a proof in a tree the index could not verify up to `size`. */
  #requireSize(size: number): void {
    if (size <= this.#size) return;
    const stop = this.#stop;
    if (stop?.kind === 'break') throw new DomainError('CHAIN_BROKEN', `event_log seq ${stop.seq}: ${stop.reason}; run "aidtrace verify"`);
    const missing = stop?.seq ?? this.#size + 1;
    throw new DomainError('CHAIN_BROKEN', `event_log: seq ${missing} is missing, the log ends at ${missing - 1} of ${size} events`);
  }

  /**
   * Catches up, loads the tiles that `compute` needs for a tree of `size` events (found by a
   * first, dry run of it) and runs it with the root of any range of leaves. A tile that changed
   * under the index makes it rebuild and try once more.
   */
  async #withTiles<T>(
    store: Store,
    size: number,
    compute: (range: (start: number, end: number) => BinaryHash, rowAt: (seq: number) => LogRow) => T,
    extraTiles: readonly number[] = [],
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.#catchUp(store);
      this.#requireSize(size);
      const needed = new Set<number>(extraTiles);
      const dry = '\u0000'.repeat(32);
      compute(
        (start, end) => this.#range(start, end, (t) => (needed.add(t), undefined)) ?? dry,
        () => ({}) as LogRow,
      );
      try {
        const tiles = new Map<number, Tile>();
        for (const t of [...needed].sort((a, b) => a - b)) tiles.set(t, await this.#tile(store, t));
        const tileOf = (t: number): Tile => {
          const tile = tiles.get(t);
          if (tile === undefined) throw new Error(`merkle index: tile ${t} was not loaded`);
          return tile;
        };
        return compute(
          (start, end) => this.#range(start, end, (t) => tileOf(t).leaves) as BinaryHash,
          (seq) => {
            const row = tileOf(Math.floor((seq - 1) / tileSize)).rows?.[(seq - 1) % tileSize];
            if (row === undefined || row.seq !== seq) throw new TileChanged(`seq ${seq}`);
            return row;
          },
        );
      } catch (error) {
        if (!(error instanceof TileChanged)) throw error;
        if (attempt > 0) throw new DomainError('CHAIN_BROKEN', `event_log changed while a proof was being made (${error.message}); run "aidtrace verify"`);
        this.#reset();
      }
    }
  }

  /**
   * MTH of leaves [start, end): a perfect subtree the index holds, or from a tile's leaves
   * (`leavesOf(t)`; undefined in the dry run, where the range's root is not needed).
   */
  #range(start: number, end: number, leavesOf: (tile: number) => readonly BinaryHash[] | undefined): BinaryHash | undefined {
    const n = end - start;
    const height = heightOf(n);
    if (height >= tileHeight && start % n === 0) {
      const node = this.#levels[height - tileHeight]?.[start / n];
      if (node === undefined) throw new Error(`merkle index: no subtree [${start}, ${end}) in a tree of ${this.#size}`);
      return node;
    }
    const tile = Math.floor(start / tileSize);
    if (Math.floor((end - 1) / tileSize) === tile) {
      const leaves = leavesOf(tile);
      return leaves === undefined ? undefined : leavesRoot(leaves, start - tile * tileSize, end - tile * tileSize);
    }
    const k = splitPoint(n);
    const left = this.#range(start, start + k, leavesOf);
    const right = this.#range(start + k, end, leavesOf);
    return left === undefined || right === undefined ? undefined : nodeHashBinary(left, right);
  }

  /** The leaves of tile t: the index's own last tile, or 256 rows read and checked against the tile's root. */
  async #tile(store: Store, t: number): Promise<Tile> {
    const complete = this.#levels[0]?.length ?? 0;
    if (t === complete) {
      // The rows of the last tile are read only when a record proof needs them.
      return { leaves: [...this.#tail], rows: await this.#tailRows(store, t) };
    }
    const rows = await store.readEvents(t * tileSize, tileSize);
    if (rows.length !== tileSize || rows.some((row, i) => row.seq !== t * tileSize + i + 1)) throw new TileChanged(`tile ${t} is not 256 rows in order`);
    const leaves = rows.map((row) => leafHashBinary(rowBytes(row)));
    if (leavesRoot(leaves, 0, tileSize) !== this.#levels[0]?.[t]) throw new TileChanged(`tile ${t} (seq ${t * tileSize + 1} to ${(t + 1) * tileSize}) is not what was verified`);
    return { leaves, rows };
  }

  async #tailRows(store: Store, t: number): Promise<readonly LogRow[] | undefined> {
    if (this.#records === undefined || this.#tail.length === 0) return undefined;
    const rows = await store.readEvents(t * tileSize, this.#tail.length);
    if (rows.length !== this.#tail.length || rows.some((row, i) => row.seq !== t * tileSize + i + 1 || leafHashBinary(rowBytes(row)) !== this.#tail[i])) {
      throw new TileChanged(`the last tile (from seq ${t * tileSize + 1}) is not what was verified`);
    }
    return rows;
  }
}
