import { createHash, hash } from 'node:crypto';
import { rowBytes, type ChainRow } from './chain.js';

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2), §2.1, with SHA-256:
 *
 *   MTH({})       = SHA-256()                                  the empty tree
 *   MTH({d0})     = SHA-256(0x00 ‖ d0)                         a leaf
 *   MTH(D[n])     = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))  k the largest power of 2 below n
 *
 * The leaves of the ledger's tree are the rows of the event log in `seq` order, leaf i being
 * `rowLeafHash(row)` of the row with seq i + 1, so one root commits to the whole log and
 * inclusion and consistency proofs let an outsider check a row or an append-only extension
 * without the log itself.
 *
 * A root does not commit to its tree's size (the proof of leaf 0 in a tree of 5 leaves also
 * checks out as leaf 0 of 6 against the same root), so a verifier must take the size and the
 * root together from one trusted source, such as a signed tree head.
 *
 * The module is pure: it hashes and computes, and reads leaves only through the callbacks it
 * is given.
 *
 * Sizes and indexes. A tree here holds at most Number.MAX_SAFE_INTEGER leaves, so sizes and
 * indexes are numbers. The functions that build trees and proofs take numbers and throw a
 * RangeError for anything that is not a safe non-negative integer. The verifiers also take a
 * bigint, because proofs come from outside: a size read from JSON as 18446744073709551615
 * would already have been rounded (to 18446744073709552000) had it been parsed as a number,
 * and a rounded size can make a wrong proof look right. A bigint is checked exactly, and one
 * above Number.MAX_SAFE_INTEGER, like a number that is not a safe integer, makes verification
 * fail: it names a tree this module cannot have built, and it is refused, never rounded.
 *
 * Errors. The verifiers never throw: everything they are given may come from an adversary, so
 * the answer is a boolean (`verifyInclusion`, `verifyConsistency`), or the reason it fails
 * (`checkInclusion`, `checkConsistency`, undefined when the proof holds). Malformed input —
 * an index not below the size, a proof of the wrong length, a hash that is not 32 bytes, a
 * size that is not a safe integer — is a failure like any other. The functions that build
 * trees and proofs do throw (RangeError, TypeError): there a bad argument is the caller's bug.
 */

/** The length in bytes of every hash here (SHA-256). */
export const hashLength = 32;

export type Hash = Uint8Array;

const emptyTreeRoot: Hash = createHash('sha256').digest();

/** The root of the empty tree: SHA-256 of the empty string (a fresh copy each call). */
export function emptyRoot(): Hash {
  return Uint8Array.from(emptyTreeRoot);
}

const leafPrefix = new Uint8Array([0x00]);
const nodePrefix = new Uint8Array([0x01]);

// One-shot `hash` costs about half of a `createHash` stream on the short inputs of a tree.

/** SHA-256(0x00 ‖ bytes): the hash of a leaf whose data is `bytes` (a string is taken as UTF-8). */
export function leafHash(bytes: Uint8Array | string): Hash {
  // "\u0000" is the single byte 0x00 in UTF-8.
  return hash('sha256', typeof bytes === 'string' ? `\u0000${bytes}` : Buffer.concat([leafPrefix, bytes]), 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Hash, right: Hash): Hash {
  return hash('sha256', Buffer.concat([nodePrefix, left, right]), 'buffer');
}

// Binary hashes. A hash held as a "binary string" — 32 characters, each the code of one byte
// (Node's 'latin1' encoding) — costs far less to make than a Buffer: `hash(…, 'buffer')`
// allocates a new ArrayBuffer per call, about 1 µs, more than hashing a 65-byte node. The
// loops that hash a leaf per row (verification, the proof index) keep hashes this way and turn
// them into bytes only at their edges.

/** A 32-byte hash as a binary string (see above). */
export type BinaryHash = string;

const nodeScratch = Buffer.alloc(65, 0x01);

/** `nodeHash` of two binary hashes, as a binary hash. */
export function nodeHashBinary(left: BinaryHash, right: BinaryHash): BinaryHash {
  nodeScratch.write(left, 1, 32, 'latin1');
  nodeScratch.write(right, 33, 32, 'latin1');
  return hash('sha256', nodeScratch, 'binary');
}

/** `leafHash` as a binary hash. */
export function leafHashBinary(bytes: string): BinaryHash {
  return hash('sha256', `\u0000${bytes}`, 'binary');
}

/** The bytes of a binary hash. */
export function hashOfBinary(binary: BinaryHash): Hash {
  return new Uint8Array(Buffer.from(binary, 'latin1'));
}

/** A hash as a binary string. */
export function binaryOfHash(bytes: Uint8Array): BinaryHash {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The leaf hash of one row of the event log: its canonical bytes (`rowBytes`) as UTF-8. */
export function rowLeafHash(row: ChainRow): Hash {
  return leafHash(rowBytes(row));
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === hashLength;
}

function requireHash(value: unknown, what: string): Hash {
  if (!isHash(value)) throw new TypeError(`${what} must be a ${hashLength}-byte hash`);
  return value;
}

function requireCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a safe non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** The largest power of 2 strictly below n, for n ≥ 2 (the `k` of RFC 9162 §2.1.1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The number of set bits of a safe non-negative integer (no 32-bit operators: sizes pass 2^32). */
function bitCount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/**
 * MTH of a list of leaf hashes, as RFC 9162 §2.1.1 defines it, recursively. The reference
 * against which the rest is checked; `MerkleFrontier` computes the same root incrementally.
 */
export function rootOf(leaves: readonly Hash[]): Hash {
  leaves.forEach((leaf, index) => requireHash(leaf, `leaf ${index}`));
  const mth = (start: number, end: number): Hash => {
    const n = end - start;
    if (n === 0) return emptyTreeRoot;
    if (n === 1) return leaves[start] as Hash;
    const k = splitPoint(n);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return Uint8Array.from(mth(0, leaves.length));
}

/**
 * An append-only Merkle tree kept as its frontier (a "compact range" over [0, size)): the
 * roots of the perfect subtrees that the binary expansion of `size` splits the leaves into,
 * largest (leftmost) first. Appending a leaf merges equal-sized subtrees like a binary carry,
 * O(log n) hashes; the root folds the frontier from the right, O(log n) hashes; the state is
 * at most 53 hashes and can be saved (`size`, `hashes()`) and restored (`restore`).
 */
export class MerkleFrontier {
  #size: number;
  /** Binary hashes (see `BinaryHash`). */
  readonly #hashes: BinaryHash[];

  constructor() {
    this.#size = 0;
    this.#hashes = [];
  }

  /**
   * Rebuilds a frontier from what `size` and `hashes()` gave. Throws when the list cannot be
   * the frontier of a tree of that size (one hash per set bit of `size`, each 32 bytes).
   */
  static restore(size: number, hashes: readonly Uint8Array[]): MerkleFrontier {
    requireCount(size, 'size');
    if (!Array.isArray(hashes)) throw new TypeError('hashes must be an array');
    const expected = bitCount(size);
    if (hashes.length !== expected) {
      throw new RangeError(`a tree of ${size} leaves has ${expected} frontier hashes, got ${hashes.length}`);
    }
    const frontier = new MerkleFrontier();
    hashes.forEach((hash, index) => frontier.#hashes.push(binaryOfHash(requireHash(hash, `frontier hash ${index}`))));
    frontier.#size = size;
    return frontier;
  }

  /** The number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** The frontier, largest subtree first: what a store keeps, with `size`, to `restore` it. */
  hashes(): Hash[] {
    return this.#hashes.map(hashOfBinary);
  }

  /** Appends one leaf hash (see `leafHash`); returns the new size. */
  append(leaf: Hash): number {
    return this.appendBinary(binaryOfHash(requireHash(leaf, 'leaf')));
  }

  /** Appends one leaf hash given as a binary hash (see `BinaryHash`; the caller makes sure it is one); returns the new size. */
  appendBinary(leaf: BinaryHash): number {
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('the tree is full');
    let node = leaf;
    // Each trailing 1 bit of the old size is a subtree of the same height as `node`: merge.
    for (let rest = this.#size; rest % 2 === 1; rest = (rest - 1) / 2) {
      node = nodeHashBinary(this.#hashes.pop() as BinaryHash, node);
    }
    this.#hashes.push(node);
    this.#size += 1;
    return this.#size;
  }

  /**
   * Appends `leaves` leaves at once by the root of their perfect subtree (binary), as if each
   * had been appended: `leaves` must be a power of 2 that divides the current size, so that
   * the subtree is aligned in the tree. Returns the new size.
   */
  appendSubtree(root: BinaryHash, leaves: number): number {
    requireCount(leaves, 'leaves');
    if (leaves === 0 || !isPowerOfTwo(leaves) || this.#size % leaves !== 0) {
      throw new RangeError(`a perfect subtree of ${leaves} leaves cannot follow ${this.#size} leaves`);
    }
    if (this.#size > Number.MAX_SAFE_INTEGER - leaves) throw new RangeError('the tree is full');
    let node = root;
    for (let rest = this.#size / leaves; rest % 2 === 1; rest = (rest - 1) / 2) {
      node = nodeHashBinary(this.#hashes.pop() as BinaryHash, node);
    }
    this.#hashes.push(node);
    this.#size += leaves;
    return this.#size;
  }

  /** MTH of the leaves appended so far. */
  root(): Hash {
    return this.#hashes.length === 0 ? emptyRoot() : hashOfBinary(this.rootBinary());
  }

  /** MTH of the leaves appended so far, as a binary hash. */
  rootBinary(): BinaryHash {
    const count = this.#hashes.length;
    if (count === 0) return binaryOfHash(emptyTreeRoot);
    let root = this.#hashes[count - 1] as BinaryHash;
    for (let i = count - 2; i >= 0; i -= 1) root = nodeHashBinary(this.#hashes[i] as BinaryHash, root);
    return root;
  }

  clone(): MerkleFrontier {
    const copy = new MerkleFrontier();
    copy.#hashes.push(...this.#hashes);
    copy.#size = this.#size;
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// Building proofs
// ---------------------------------------------------------------------------------------------

/**
 * Where the leaves come from: the leaf hash of leaf i, 0-based. It may answer synchronously,
 * and then so does the proof function, or with a promise (a store read), and then the proof
 * function returns a promise.
 */
export type LeafAt = (index: number) => Hash | PromiseLike<Hash>;

/** A computation that asks for leaves by yielding their index and is resumed with their hash. */
type NeedsLeaves<T> = Generator<number, T, Hash>;

/** MTH of leaves [start, end), reading each leaf once in order and keeping O(log n) hashes. */
function* rangeRoot(start: number, end: number): NeedsLeaves<Hash> {
  const frontier = new MerkleFrontier();
  for (let index = start; index < end; index += 1) frontier.append(yield index);
  return frontier.root();
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs a computation synchronously for as long as `leafAt` answers synchronously. */
function drive<T>(computation: NeedsLeaves<T>, leafAt: LeafAt): T | Promise<T> {
  let step = computation.next();
  while (step.done !== true) {
    const index = step.value;
    const answer = leafAt(index);
    if (isPromiseLike(answer)) return driveAsync(computation, leafAt, index, answer);
    step = computation.next(requireHash(answer, `leafAt(${index})`));
  }
  return step.value;
}

async function driveAsync<T>(computation: NeedsLeaves<T>, leafAt: LeafAt, index: number, pending: PromiseLike<Hash>): Promise<T> {
  let step = computation.next(requireHash(await pending, `leafAt(${index})`));
  while (step.done !== true) {
    const next = step.value;
    step = computation.next(requireHash(await leafAt(next), `leafAt(${next})`));
  }
  return step.value;
}

/** The number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves (index < size). */
export function inclusionProofLength(index: number, size: number): number {
  let length = 0;
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) end = start + k;
    else start += k;
    length += 1;
  }
  return length;
}

/** The number of hashes in the consistency proof from `size1` to `size2` leaves (0 < size1 ≤ size2). */
export function consistencyProofLength(size1: number, size2: number): number {
  let length = 0;
  let m = size1;
  let start = 0;
  let end = size2;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      end = start + k;
    } else {
      m -= k;
      start += k;
      whole = false;
    }
    length += 1;
  }
  return whole ? length : length + 1;
}

/** How a path gets the root of leaves [start, end): from the leaves, or from stored subtree roots. */
type RangeRoots = (start: number, end: number) => NeedsLeaves<Hash>;

/** Subtree roots a caller already holds (a store of interior nodes, a cache): no leaf is read. */
export type SubtreeRoot = (start: number, end: number) => Hash;

// Never yields: `drive` completes it at once.
function* fromSubtrees(subtreeRoot: SubtreeRoot, start: number, end: number): NeedsLeaves<Hash> {
  return requireHash(subtreeRoot(start, end), `subtreeRoot(${start}, ${end})`);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, the sibling nearest the leaf first. */
function* inclusionPath(index: number, size: number, rangeRoot: RangeRoots): NeedsLeaves<Hash[]> {
  const path: Hash[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      path.push(yield* rangeRoot(start + k, end));
      end = start + k;
    } else {
      path.push(yield* rangeRoot(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, the deepest node first. */
function* consistencyPath(size1: number, size2: number, rangeRoot: RangeRoots): NeedsLeaves<Hash[]> {
  const path: Hash[] = [];
  let m = size1;
  let start = 0;
  let end = size2;
  let whole = true; // b: the subtree [start, end) is a subtree of the old tree, whose root the verifier has
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!whole) path.push(yield* rangeRoot(start, end));
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      path.push(yield* rangeRoot(start + k, end));
      end = start + k;
    } else {
      path.push(yield* rangeRoot(start, start + k));
      m -= k;
      start += k;
      whole = false;
    }
  }
  return path.reverse();
}

/**
 * The inclusion proof (audit path) of leaf `index` in the tree of the first `size` leaves.
 * Throws a RangeError unless 0 ≤ index < size. Reads every leaf below `size` once (there are
 * no stored interior nodes to reuse), in ascending order within each subtree.
 */
export function inclusionProof(index: number, size: number, leafAt: (index: number) => Hash): Hash[];
export function inclusionProof(index: number, size: number, leafAt: (index: number) => PromiseLike<Hash>): Promise<Hash[]>;
export function inclusionProof(index: number, size: number, leafAt: LeafAt): Hash[] | Promise<Hash[]>;
export function inclusionProof(index: number, size: number, leafAt: LeafAt): Hash[] | Promise<Hash[]> {
  requireCount(index, 'index');
  requireCount(size, 'size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  return drive(inclusionPath(index, size, rangeRoot), leafAt);
}

/**
 * The same inclusion proof from subtree roots the caller holds, `subtreeRoot(start, end)` being
 * the root of leaves [start, end) for the complete subtrees the path needs; reads no leaf.
 */
export function inclusionProofFromSubtrees(index: number, size: number, subtreeRoot: SubtreeRoot): Hash[] {
  requireCount(index, 'index');
  requireCount(size, 'size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  return drive(inclusionPath(index, size, (start, end) => fromSubtrees(subtreeRoot, start, end)), noLeaves) as Hash[];
}

/**
 * The consistency proof that the tree of the first `size1` leaves is a prefix of the tree of
 * the first `size2`. Empty when the sizes are equal. Throws a RangeError unless
 * 0 < size1 ≤ size2, or size1 = size2 = 0: RFC 9162 defines no proof from the empty tree,
 * which every tree extends, and `verifyConsistency` refuses one. Reads the leaves below size2.
 */
export function consistencyProof(size1: number, size2: number, leafAt: (index: number) => Hash): Hash[];
export function consistencyProof(size1: number, size2: number, leafAt: (index: number) => PromiseLike<Hash>): Promise<Hash[]>;
export function consistencyProof(size1: number, size2: number, leafAt: LeafAt): Hash[] | Promise<Hash[]>;
export function consistencyProof(size1: number, size2: number, leafAt: LeafAt): Hash[] | Promise<Hash[]> {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  if (size1 > size2) throw new RangeError(`size1 (${size1}) is larger than size2 (${size2})`);
  if (size1 === size2) return [];
  if (size1 === 0) throw new RangeError('there is no consistency proof from the empty tree');
  return drive(consistencyPath(size1, size2, rangeRoot), leafAt);
}

/** The same consistency proof from subtree roots the caller holds (see `inclusionProofFromSubtrees`). */
export function consistencyProofFromSubtrees(size1: number, size2: number, subtreeRoot: SubtreeRoot): Hash[] {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  if (size1 > size2) throw new RangeError(`size1 (${size1}) is larger than size2 (${size2})`);
  if (size1 === size2) return [];
  if (size1 === 0) throw new RangeError('there is no consistency proof from the empty tree');
  return drive(consistencyPath(size1, size2, (start, end) => fromSubtrees(subtreeRoot, start, end)), noLeaves) as Hash[];
}

/** For computations that read no leaf. */
const noLeaves: LeafAt = (index) => {
  throw new Error(`leaf ${index} was asked for by a computation from subtree roots`);
};

// ---------------------------------------------------------------------------------------------
// Verifying proofs
// ---------------------------------------------------------------------------------------------

/** A size or index as the verifiers take it: a number or a bigint, see the module comment. */
export type Count = number | bigint;

/** The value as a number if it is a safe non-negative integer, else the reason it is not. */
function countOf(value: unknown, what: string): number | string {
  if (typeof value === 'bigint') {
    return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : `${what} ${value} is out of range (0 to ${Number.MAX_SAFE_INTEGER})`;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return `${what} must be a non-negative safe integer or bigint, got ${String(value)}`;
}

function proofProblem(proof: unknown): string | undefined {
  if (!Array.isArray(proof)) return 'the proof must be an array of hashes';
  const bad = proof.findIndex((element) => !isHash(element));
  return bad === -1 ? undefined : `proof element ${bad} is not a ${hashLength}-byte hash`;
}

/**
 * Why the inclusion proof fails, or undefined if it shows that `leaf` is leaf `index` of the
 * tree of `size` leaves whose root is `root` (RFC 9162 §2.1.3.2). `leaf` and every proof
 * element must be 32 bytes; `root` is compared byte for byte. Never throws.
 */
export function checkInclusion(index: Count, size: Count, leaf: Hash, proof: readonly Hash[], root: Hash): string | undefined {
  const m = countOf(index, 'index');
  if (typeof m === 'string') return m;
  const n = countOf(size, 'size');
  if (typeof n === 'string') return n;
  if (m >= n) return `index ${m} is not below size ${n}`;
  if (!isHash(leaf)) return `the leaf hash is not ${hashLength} bytes`;
  if (!(root instanceof Uint8Array)) return 'the root must be bytes';
  const malformed = proofProblem(proof);
  if (malformed !== undefined) return malformed;
  const expected = inclusionProofLength(m, n);
  if (proof.length !== expected) return `the proof has ${proof.length} hashes where leaf ${m} of ${n} needs ${expected}`;

  // With the length checked above, the two `sn` checks below (RFC 9162's own guards against a
  // proof of the wrong length) should never fire; they stay as a second line.
  // fn: the position of the running node within its level; sn: the last position on that level.
  // Plain arithmetic rather than bit operators, which would cut the values to 32 bits.
  let fn = m;
  let sn = n - 1;
  let r: Hash = leaf;
  for (const p of proof) {
    if (sn === 0) return 'the proof is too long';
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // A right-edge node with no sibling on some levels rises unhashed past them.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'the proof is too short';
  if (!equalHashes(r, root)) return 'the computed root does not match';
  return undefined;
}

/** True if the inclusion proof holds (see `checkInclusion`); false for anything else. Never throws. */
export function verifyInclusion(index: Count, size: Count, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  return checkInclusion(index, size, leaf, proof, root) === undefined;
}

/**
 * Why the consistency proof fails, or undefined if it shows that the tree of `size1` leaves
 * with root `root1` is a prefix of the tree of `size2` leaves with root `root2`
 * (RFC 9162 §2.1.4.2). Never throws.
 *
 * The cases around the algorithm: size1 > size2 fails. Equal sizes need an empty proof and
 * equal roots (byte for byte, nothing is hashed), and for size 0 the root must be the empty
 * tree's. size1 = 0 < size2 fails: RFC 9162 defines no such proof, and accepting one would
 * vouch for any root2. Otherwise every hash that enters the computation — root1 and each
 * proof element — must be 32 bytes.
 */
export function checkConsistency(size1: Count, size2: Count, root1: Hash, root2: Hash, proof: readonly Hash[]): string | undefined {
  const first = countOf(size1, 'size1');
  if (typeof first === 'string') return first;
  const second = countOf(size2, 'size2');
  if (typeof second === 'string') return second;
  if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) return 'the roots must be bytes';
  const malformed = proofProblem(proof);
  if (malformed !== undefined) return malformed;
  if (first > second) return `size1 (${first}) is larger than size2 (${second})`;
  if (first === second) {
    if (proof.length > 0) return 'the sizes are equal, so the proof must be empty';
    if (!equalHashes(root1, root2)) return 'the sizes are equal but the roots differ';
    if (first === 0 && !equalHashes(root1, emptyTreeRoot)) return 'the root of the empty tree is not SHA-256 of the empty string';
    return undefined;
  }
  if (first === 0) return 'there is no consistency proof from the empty tree';
  const expected = consistencyProofLength(first, second);
  if (proof.length !== expected) return `the proof has ${proof.length} hashes where ${first} to ${second} leaves needs ${expected}`;
  if (!isHash(root1)) return `root1 is not ${hashLength} bytes`;

  // When size1 is a power of 2 the old tree is a complete subtree of the new one, and its root
  // is the first node of the path; otherwise the proof starts with that node.
  const path: readonly Hash[] = isPowerOfTwo(first) ? [root1, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Hash;
  let sr = fr;
  for (let i = 1; i < path.length; i += 1) {
    const c = path[i] as Hash;
    if (sn === 0) return 'the proof is too long';
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'the proof is too short';
  if (!equalHashes(fr, root1)) return 'the proof does not lead to root1';
  if (!equalHashes(sr, root2)) return 'the proof does not lead to root2';
  return undefined;
}

/** True if the consistency proof holds (see `checkConsistency`); false for anything else. Never throws. */
export function verifyConsistency(size1: Count, size2: Count, root1: Hash, root2: Hash, proof: readonly Hash[]): boolean {
  return checkConsistency(size1, size2, root1, root2, proof) === undefined;
}

function isPowerOfTwo(n: number): boolean {
  let rest = n;
  while (rest > 1 && rest % 2 === 0) rest /= 2;
  return rest === 1;
}
