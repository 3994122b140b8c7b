import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowBytes, type ChainRow } from './chain.js';
import {
  checkConsistency,
  checkInclusion,
  consistencyProof,
  consistencyProofFromSubtrees,
  consistencyProofLength,
  emptyRoot,
  inclusionProof,
  inclusionProofFromSubtrees,
  inclusionProofLength,
  leafHash,
  binaryOfHash,
  hashOfBinary,
  leafHashBinary,
  MerkleFrontier,
  nodeHash,
  nodeHashBinary,
  rootOf,
  rowLeafHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

function leavesOf(count: number, tag = 'leaf'): Hash[] {
  return Array.from({ length: count }, (_, i) => leafHash(`${tag} ${i}`));
}

function reader(leaves: readonly Hash[]): (index: number) => Hash {
  return (index) => {
    const leaf = leaves[index];
    if (leaf === undefined) throw new Error(`no leaf ${index}`);
    return leaf;
  };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

/** Every copy of `hashes` with one bit of one element flipped, as [element, bit, copy]. */
function* everyFlip(hashes: readonly Hash[]): Generator<readonly [number, number, Hash[]]> {
  for (let element = 0; element < hashes.length; element += 1) {
    for (let bit = 0; bit < 8 * (hashes[element] as Hash).length; bit += 1) {
      const copy = [...hashes];
      copy[element] = flipBit(hashes[element] as Hash, bit);
      yield [element, bit, copy];
    }
  }
}

const leafLists = fc.array(fc.uint8Array({ maxLength: 6 }), { minLength: 1, maxLength: 70 }).map((data) => data.map((bytes) => leafHash(bytes)));

describe('hashes', () => {
  it('separates leaves (0x00) from nodes (0x01), and the empty tree is SHA-256 of nothing', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(hex(leafHash(data))).toBe(hex(sha256(new Uint8Array([0]), data)));
    const [a, b] = leavesOf(2) as [Hash, Hash];
    expect(hex(nodeHash(a, b))).toBe(hex(sha256(new Uint8Array([1]), a, b)));
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(rootOf([]))).toBe(hex(emptyRoot()));
    expect(hex(new MerkleFrontier().root())).toBe(hex(emptyRoot()));
    expect(hex(leafHash('é'))).toBe(hex(leafHash(Buffer.from('é', 'utf8'))));
  });

  it('gives the roots of the RFC 6962 reference tree (the Certificate Transparency test data)', () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const leaves = data.map((bytes) => leafHash(bytes));
    const frontier = new MerkleFrontier();
    roots.forEach((root, i) => {
      frontier.append(leaves[i] as Hash);
      expect(hex(rootOf(leaves.slice(0, i + 1)))).toBe(root);
      expect(hex(frontier.root())).toBe(root);
    });
  });

  it('hashes a log row as its canonical bytes in UTF-8', () => {
    const row: ChainRow = { seq: 1, actor: 'ana', commandId: 'c-1', type: 'PledgeMade', payload: '{"note":"ünïcode"}', recordedAt: '2025-01-01T00:00:00.000Z' };
    expect(hex(rowLeafHash(row))).toBe(hex(sha256(new Uint8Array([0]), Buffer.from(rowBytes(row), 'utf8'))));
  });
});

describe('MerkleFrontier', () => {
  it('has the reference root (RFC 9162 MTH) at every size from 0 to 300', () => {
    const leaves = leavesOf(300);
    const frontier = new MerkleFrontier();
    for (let size = 0; size <= 300; size += 1) {
      expect(frontier.size).toBe(size);
      expect(frontier.hashes()).toHaveLength(size.toString(2).replaceAll('0', '').length);
      expect(hex(frontier.root()), `size ${size}`).toBe(hex(rootOf(leaves.slice(0, size))));
      if (size < 300) expect(frontier.append(leaves[size] as Hash)).toBe(size + 1);
    }
  });

  it('is saved as its size and subtree hashes and restored to the same tree', () => {
    const leaves = leavesOf(200);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 80 }), (saveAt, more) => {
        const original = new MerkleFrontier();
        for (const leaf of leaves.slice(0, saveAt)) original.append(leaf);
        // What a store would keep: the size and the hashes, as hex.
        const saved = { size: original.size, hashes: original.hashes().map(hex) };
        const restored = MerkleFrontier.restore(saved.size, saved.hashes.map((h) => Buffer.from(h, 'hex')));
        expect(restored.size).toBe(saveAt);
        expect(hex(restored.root())).toBe(hex(original.root()));
        for (const leaf of leaves.slice(saveAt, saveAt + more)) {
          original.append(leaf);
          restored.append(leaf);
        }
        expect(hex(restored.root())).toBe(hex(original.root()));
        expect(hex(restored.root())).toBe(hex(rootOf(leaves.slice(0, saveAt + more))));
      }),
    );
  });

  it('hands out copies, so its state cannot be changed from outside', () => {
    const frontier = new MerkleFrontier();
    for (const leaf of leavesOf(5)) frontier.append(leaf);
    const root = hex(frontier.root());
    const hashes = frontier.hashes();
    (hashes[0] as Hash).fill(0);
    frontier.root().fill(0);
    expect(hex(frontier.root())).toBe(root);
    const clone = frontier.clone();
    clone.append(leafHash('x'));
    expect(hex(frontier.root())).toBe(root);
    expect(frontier.size).toBe(5);
  });

  it('refuses a frontier that cannot belong to its size, and leaves that are not hashes', () => {
    const [a, b] = leavesOf(2) as [Hash, Hash];
    expect(() => MerkleFrontier.restore(3, [a])).toThrow(RangeError);
    expect(() => MerkleFrontier.restore(4, [a, b])).toThrow(RangeError);
    expect(() => MerkleFrontier.restore(0, [a])).toThrow(RangeError);
    expect(() => MerkleFrontier.restore(3, [a, b.subarray(1)])).toThrow(TypeError);
    expect(() => MerkleFrontier.restore(-1, [])).toThrow(RangeError);
    expect(() => MerkleFrontier.restore(2 ** 53, [a])).toThrow(RangeError);
    expect(() => MerkleFrontier.restore(1.5, [a])).toThrow(RangeError);
    expect(MerkleFrontier.restore(Number.MAX_SAFE_INTEGER, leavesOf(53)).size).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => MerkleFrontier.restore(Number.MAX_SAFE_INTEGER, leavesOf(53)).append(a)).toThrow('full');
    expect(() => new MerkleFrontier().append(new Uint8Array(31))).toThrow(TypeError);
  });
});

describe('inclusion proofs', () => {
  it('verify for every leaf of every tree of 1 to 40 leaves, and have the length RFC 9162 gives', () => {
    const leaves = leavesOf(40);
    for (let size = 1; size <= 40; size += 1) {
      const root = rootOf(leaves.slice(0, size));
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProof(index, size, reader(leaves));
        expect(proof).toHaveLength(inclusionProofLength(index, size));
        expect(checkInclusion(index, size, leaves[index] as Hash, proof, root), `leaf ${index} of ${size}`).toBeUndefined();
        // Nor at another position. (A root does not commit to its size: a verifier takes the
        // size and the root together, from one signed tree head.)
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaves[index] as Hash, proof, root)).toBe(false);
      }
    }
  });

  it('verifies for every index of random trees (property)', () => {
    fc.assert(
      fc.property(leafLists, (leaves) => {
        const root = rootOf(leaves);
        for (let index = 0; index < leaves.length; index += 1) {
          const proof = inclusionProof(index, leaves.length, reader(leaves));
          expect(verifyInclusion(index, leaves.length, leaves[index] as Hash, proof, root)).toBe(true);
          expect(verifyInclusion(BigInt(index), BigInt(leaves.length), leaves[index] as Hash, proof, root)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fails when any single bit of any proof element, of the root or of the leaf is flipped (property)', () => {
    fc.assert(
      fc.property(
        leafLists.chain((leaves) => fc.tuple(fc.constant(leaves), fc.nat({ max: leaves.length - 1 }))),
        ([leaves, index]) => {
          const size = leaves.length;
          const leaf = leaves[index] as Hash;
          const root = rootOf(leaves);
          const proof = inclusionProof(index, size, reader(leaves));
          expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);
          for (const [element, bit, changed] of everyFlip(proof)) {
            expect(verifyInclusion(index, size, leaf, changed, root), `proof[${element}] bit ${bit}`).toBe(false);
          }
          for (let bit = 0; bit < 256; bit += 1) {
            expect(verifyInclusion(index, size, leaf, proof, flipBit(root, bit)), `root bit ${bit}`).toBe(false);
            expect(verifyInclusion(index, size, flipBit(leaf, bit), proof, root), `leaf bit ${bit}`).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fails when an element is missing, added, moved or replaced', () => {
    const leaves = leavesOf(13);
    const root = rootOf(leaves);
    const index = 6;
    const leaf = leaves[index] as Hash;
    const proof = inclusionProof(index, 13, reader(leaves));
    expect(proof).toHaveLength(4);
    expect(verifyInclusion(index, 13, leaf, proof, root)).toBe(true);
    for (let i = 0; i < proof.length; i += 1) {
      expect(verifyInclusion(index, 13, leaf, proof.toSpliced(i, 1), root)).toBe(false);
      expect(verifyInclusion(index, 13, leaf, proof.toSpliced(i, 0, proof[i] as Hash), root)).toBe(false);
      expect(verifyInclusion(index, 13, leaf, proof.with(i, leafHash('other')), root)).toBe(false);
      if (i > 0) expect(verifyInclusion(index, 13, leaf, proof.with(i, proof[i - 1] as Hash).with(i - 1, proof[i] as Hash), root)).toBe(false);
    }
    expect(verifyInclusion(index, 13, leaf, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(index, 13, leaf, [root, ...proof], root)).toBe(false);
  });

  it('reads leaves through a synchronous or an asynchronous callback, each other leaf once', async () => {
    const leaves = leavesOf(37);
    const reads: number[] = [];
    const sync = inclusionProof(20, 37, (i) => {
      reads.push(i);
      return leaves[i] as Hash;
    });
    expect(reads.toSorted((x, y) => x - y)).toEqual([...Array(37).keys()].filter((i) => i !== 20));
    const viaPromise = await inclusionProof(20, 37, async (i) => leaves[i] as Hash);
    expect(viaPromise.map(hex)).toEqual(sync.map(hex));
    // A store that answers from a cache for some leaves and asynchronously for others.
    const mixed = await inclusionProof(20, 37, (i) => (i % 3 === 0 ? Promise.resolve(leaves[i] as Hash) : (leaves[i] as Hash)));
    expect(mixed.map(hex)).toEqual(sync.map(hex));
    expect(inclusionProof(0, 1, () => Promise.reject(new Error('never read')))).toEqual([]);
    await expect(inclusionProof(0, 2, async () => new Uint8Array(3))).rejects.toThrow(TypeError);
    await expect(inclusionProof(0, 2, () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
  });

  it('refuses to build a proof for a leaf outside the tree', () => {
    const read = reader(leavesOf(4));
    expect(() => inclusionProof(4, 4, read)).toThrow(RangeError);
    expect(() => inclusionProof(0, 0, read)).toThrow(RangeError);
    expect(() => inclusionProof(-1, 4, read)).toThrow(RangeError);
    expect(() => inclusionProof(1.5, 4, read)).toThrow(RangeError);
    expect(() => inclusionProof(0, 2 ** 53, read)).toThrow(RangeError);
    expect(() => inclusionProof(0, 4, () => new Uint8Array(31))).toThrow(TypeError);
  });

  it('refuses malformed input with a reason, without throwing', () => {
    const leaves = leavesOf(6);
    const root = rootOf(leaves);
    const leaf = leaves[2] as Hash;
    const proof = inclusionProof(2, 6, reader(leaves));
    expect(checkInclusion(6, 6, leaf, proof, root)).toMatch(/not below/);
    expect(checkInclusion(0, 0, leaf, [], emptyRoot())).toMatch(/not below/);
    expect(checkInclusion(-1, 6, leaf, proof, root)).toMatch(/non-negative/);
    expect(checkInclusion(2.5, 6, leaf, proof, root)).toMatch(/non-negative/);
    expect(checkInclusion(2, Number.NaN, leaf, proof, root)).toMatch(/non-negative/);
    expect(checkInclusion(2, 2 ** 53, leaf, proof, root)).toMatch(/non-negative/);
    expect(checkInclusion(2n, 2n ** 64n - 1n, leaf, proof, root)).toMatch(/out of range/);
    expect(checkInclusion(-1n, 6n, leaf, proof, root)).toMatch(/out of range/);
    expect(checkInclusion(2, 6, leaf.subarray(1), proof, root)).toMatch(/leaf hash/);
    expect(checkInclusion(2, 6, leaf, proof.slice(1), root)).toMatch(/needs 3/);
    expect(checkInclusion(2, 6, leaf, [...proof.slice(1), new Uint8Array(0)], root)).toMatch(/proof element 2/);
    expect(checkInclusion(2, 6, leaf, proof, root.subarray(0, 16))).toMatch(/does not match/);
    expect(checkInclusion(2, '6' as never, leaf, proof, root)).toMatch(/non-negative/);
    expect(checkInclusion(2, 6, leaf, null as never, root)).toMatch(/array/);
    expect(checkInclusion(2, 6, leaf, ['ab'] as never, root)).toMatch(/proof element 0/);
    expect(checkInclusion(2, 6, leaf, proof, 'root' as never)).toMatch(/bytes/);
    expect(verifyInclusion(2, 6, undefined as never, proof, root)).toBe(false);
  });
});

describe('consistency proofs', () => {
  it('verify between every pair of sizes up to 40, with the length RFC 9162 gives', () => {
    const leaves = leavesOf(40);
    const roots = Array.from({ length: 41 }, (_, size) => rootOf(leaves.slice(0, size)));
    for (let size2 = 1; size2 <= 40; size2 += 1) {
      for (let size1 = 1; size1 <= size2; size1 += 1) {
        const proof = consistencyProof(size1, size2, reader(leaves));
        expect(proof).toHaveLength(size1 === size2 ? 0 : consistencyProofLength(size1, size2));
        expect(checkConsistency(size1, size2, roots[size1] as Hash, roots[size2] as Hash, proof), `${size1} to ${size2}`).toBeUndefined();
        if (size1 < size2) {
          expect(verifyConsistency(size1, size2, roots[size1 - 1] as Hash, roots[size2] as Hash, proof)).toBe(false);
          expect(verifyConsistency(size1, size2, roots[size1] as Hash, roots[size2 - 1] as Hash, proof)).toBe(false);
        }
      }
    }
    expect(consistencyProof(0, 0, reader(leaves))).toEqual([]);
    expect(verifyConsistency(0, 0, emptyRoot(), emptyRoot(), [])).toBe(true);
  });

  it('verifies between random sizes of random trees (property)', () => {
    fc.assert(
      fc.property(
        leafLists.chain((leaves) => fc.tuple(fc.constant(leaves), fc.integer({ min: 1, max: leaves.length }), fc.integer({ min: 1, max: leaves.length }))),
        ([leaves, a, b]) => {
          const [size1, size2] = a <= b ? [a, b] : [b, a];
          const proof = consistencyProof(size1, size2, reader(leaves));
          const root1 = rootOf(leaves.slice(0, size1));
          const root2 = rootOf(leaves.slice(0, size2));
          expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
          expect(verifyConsistency(BigInt(size1), BigInt(size2), root1, root2, proof)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails when any single bit of any proof element or of either root is flipped (property)', () => {
    fc.assert(
      fc.property(
        leafLists.chain((leaves) => fc.tuple(fc.constant(leaves), fc.integer({ min: 1, max: leaves.length }), fc.integer({ min: 1, max: leaves.length }))),
        ([leaves, a, b]) => {
          const [size1, size2] = a <= b ? [a, b] : [b, a];
          const proof = consistencyProof(size1, size2, reader(leaves));
          const root1 = rootOf(leaves.slice(0, size1));
          const root2 = rootOf(leaves.slice(0, size2));
          for (const [element, bit, changed] of everyFlip(proof)) {
            expect(verifyConsistency(size1, size2, root1, root2, changed), `proof[${element}] bit ${bit}`).toBe(false);
          }
          for (let bit = 0; bit < 256; bit += 1) {
            expect(verifyConsistency(size1, size2, flipBit(root1, bit), root2, proof), `root1 bit ${bit}`).toBe(false);
            expect(verifyConsistency(size1, size2, root1, flipBit(root2, bit), proof), `root2 bit ${bit}`).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fails when a tree was rewritten rather than extended', () => {
    const leaves = leavesOf(20);
    const rewritten = leaves.with(3, leafHash('rewritten'));
    for (let size1 = 1; size1 < 20; size1 += 1) {
      const proof = consistencyProof(size1, 20, reader(rewritten));
      // Trees of up to 3 leaves did not hold leaf 3: the rewritten tree still extends them.
      expect(verifyConsistency(size1, 20, rootOf(leaves.slice(0, size1)), rootOf(rewritten), proof), `from ${size1}`).toBe(size1 <= 3);
    }
  });

  it('fails when an element is missing, added or moved', () => {
    const leaves = leavesOf(29);
    const root1 = rootOf(leaves.slice(0, 11));
    const root2 = rootOf(leaves);
    const proof = consistencyProof(11, 29, reader(leaves));
    expect(verifyConsistency(11, 29, root1, root2, proof)).toBe(true);
    for (let i = 0; i < proof.length; i += 1) {
      expect(verifyConsistency(11, 29, root1, root2, proof.toSpliced(i, 1))).toBe(false);
      expect(verifyConsistency(11, 29, root1, root2, proof.toSpliced(i, 0, proof[i] as Hash))).toBe(false);
      if (i > 0) expect(verifyConsistency(11, 29, root1, root2, proof.with(i, proof[i - 1] as Hash).with(i - 1, proof[i] as Hash))).toBe(false);
    }
  });

  it('reads leaves through an asynchronous callback too', async () => {
    const leaves = leavesOf(50);
    const sync = consistencyProof(17, 50, reader(leaves));
    const viaPromise = await consistencyProof(17, 50, async (i) => leaves[i] as Hash);
    expect(viaPromise.map(hex)).toEqual(sync.map(hex));
  });

  it('refuses to build a proof from the empty tree or backwards', () => {
    const read = reader(leavesOf(4));
    expect(() => consistencyProof(0, 3, read)).toThrow(RangeError);
    expect(() => consistencyProof(3, 2, read)).toThrow(RangeError);
    expect(() => consistencyProof(1, 2 ** 53, read)).toThrow(RangeError);
    expect(consistencyProof(3, 3, read)).toEqual([]);
  });

  it('refuses malformed input with a reason, without throwing', () => {
    const leaves = leavesOf(9);
    const root1 = rootOf(leaves.slice(0, 3));
    const root2 = rootOf(leaves);
    const proof = consistencyProof(3, 9, reader(leaves));
    expect(checkConsistency(9, 3, root2, root1, proof)).toMatch(/larger/);
    expect(checkConsistency(0, 9, emptyRoot(), root2, [])).toMatch(/empty tree/);
    expect(checkConsistency(3, 3, root1, root1, proof)).toMatch(/must be empty/);
    expect(checkConsistency(3, 3, root1, root2, [])).toMatch(/roots differ/);
    expect(checkConsistency(0, 0, root1, root1, [])).toMatch(/empty tree/);
    expect(checkConsistency(3, 9, root1, root2, [])).toMatch(/needs/);
    expect(checkConsistency(3, 9, root1.subarray(1), root2, proof)).toMatch(/root1/);
    expect(checkConsistency(3, 2n ** 64n - 1n, root1, root2, proof)).toMatch(/out of range/);
    expect(checkConsistency(3, 9.5, root1, root2, proof)).toMatch(/non-negative/);
    expect(checkConsistency(3, 9, root1, root2, [...proof.slice(1), new Uint8Array(33)])).toMatch(/proof element/);
    expect(checkConsistency(3, 9, root1, root2, undefined as never)).toMatch(/array/);
    expect(verifyConsistency(3, 9, null as never, root2, proof)).toBe(false);
  });
});

/**
 * Trees too large to build: every leaf is the same hash except, for inclusion, the one proven.
 * The root of a range of identical leaves depends only on its length, so roots and proofs of
 * trees of up to 2^53 - 1 leaves can be computed from RFC 9162's recursive definitions here,
 * in O(log² n), and checked with the verifiers, whose arithmetic must not cut sizes to 32 bits.
 */
describe('proofs from subtree roots the caller holds', () => {
  it('are the proofs made from the leaves, and read no leaf', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => leafHash(`leaf ${i}`));
    const subtreeRoot = (start: number, end: number) => rootOf(leaves.slice(start, end));
    for (let size = 1; size <= leaves.length; size += 1) {
      for (let index = 0; index < size; index += 1) {
        expect(inclusionProofFromSubtrees(index, size, subtreeRoot)).toEqual(inclusionProof(index, size, (i) => leaves[i] as Hash));
      }
      for (let size1 = 1; size1 <= size; size1 += 1) {
        expect(consistencyProofFromSubtrees(size1, size, subtreeRoot)).toEqual(consistencyProof(size1, size, (i) => leaves[i] as Hash));
      }
    }
    expect(() => inclusionProofFromSubtrees(3, 3, subtreeRoot)).toThrow(RangeError);
    expect(() => inclusionProofFromSubtrees(0, 4, () => new Uint8Array(5))).toThrow(/subtreeRoot\(/);
  });
});

describe('trees of more than 2^32 leaves', () => {
  const same = leafHash('same');
  const odd = leafHash('odd');
  const uniformRoots = new Map<number, Hash>();
  const split = (n: number): number => {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  };
  const uniform = (n: number): Hash => {
    if (n === 1) return same;
    let root = uniformRoots.get(n);
    if (root === undefined) {
      const k = split(n);
      root = nodeHash(uniform(k), uniform(n - k));
      uniformRoots.set(n, root);
    }
    return root;
  };
  /** MTH of leaves [start, end) where leaf `special` is `odd` and all others `same`. */
  const mth = (start: number, end: number, special: number): Hash => {
    if (special < start || special >= end) return uniform(end - start);
    if (end - start === 1) return odd;
    const k = split(end - start);
    return nodeHash(mth(start, start + k, special), mth(start + k, end, special));
  };
  /** PATH(m, D[start:end]) of RFC 9162 §2.1.3.1, recursively. */
  const path = (m: number, start: number, end: number): Hash[] => {
    if (end - start === 1) return [];
    const k = split(end - start);
    return m < start + k ? [...path(m, start, start + k), uniform(end - start - k)] : [...path(m, start + k, end), uniform(k)];
  };
  /** SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1 over identical leaves, recursively. */
  const subproof = (m: number, n: number, whole: boolean): Hash[] => {
    if (m === n) return whole ? [] : [uniform(n)];
    const k = split(n);
    return m <= k ? [...subproof(m, k, whole), uniform(n - k)] : [...subproof(m - k, n - k, false), uniform(k)];
  };

  const big = fc.integer({ min: 2 ** 32 - 5, max: Number.MAX_SAFE_INTEGER });

  it('verifies inclusion at any index of huge trees and refuses a neighbouring index', () => {
    fc.assert(
      fc.property(big, fc.double({ min: 0, max: 1, noNaN: true }), (size, where) => {
        const index = Math.min(size - 1, Math.floor(where * size));
        const proof = path(index, 0, size);
        const root = mth(0, size, index);
        expect(proof).toHaveLength(inclusionProofLength(index, size));
        expect(checkInclusion(index, size, odd, proof, root)).toBeUndefined();
        expect(checkInclusion(BigInt(index), BigInt(size), odd, proof, root)).toBeUndefined();
        const other = index === 0 ? 1 : index - 1;
        expect(verifyInclusion(other, size, odd, proof, root)).toBe(false);
        expect(verifyInclusion(index, size, odd, proof.slice(0, -1), root)).toBe(false);
      }),
      { numRuns: 200 },
    );
    const last = Number.MAX_SAFE_INTEGER - 1;
    expect(verifyInclusion(last, Number.MAX_SAFE_INTEGER, odd, path(last, 0, Number.MAX_SAFE_INTEGER), mth(0, Number.MAX_SAFE_INTEGER, last))).toBe(true);
  });

  it('verifies consistency between huge sizes and refuses a wrong old root', () => {
    fc.assert(
      fc.property(big, big, (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        const proof = size1 === size2 ? [] : subproof(size1, size2, true);
        if (size1 !== size2) expect(proof).toHaveLength(consistencyProofLength(size1, size2));
        expect(checkConsistency(size1, size2, uniform(size1), uniform(size2), proof)).toBeUndefined();
        if (size1 !== size2) expect(verifyConsistency(size1, size2, uniform(size1 - 1), uniform(size2), proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('binary hashes and whole subtrees', () => {
  it('leafHashBinary and nodeHashBinary are leafHash and nodeHash, as binary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (text, a, b) => {
        expect(hex(hashOfBinary(leafHashBinary(text)))).toBe(hex(leafHash(text)));
        expect(hex(hashOfBinary(nodeHashBinary(binaryOfHash(a), binaryOfHash(b))))).toBe(hex(nodeHash(a, b)));
        expect(binaryOfHash(a)).toHaveLength(32);
      }),
    );
  });

  it('appendSubtree gives the tree that appending each leaf gives, and refuses a subtree out of line', () => {
    const leaves = leavesOf(200);
    for (const [before, count] of [[0, 1], [0, 64], [64, 64], [96, 32], [128, 8], [3, 1], [12, 4]] as const) {
      const one = new MerkleFrontier();
      const whole = new MerkleFrontier();
      for (const leaf of leaves.slice(0, before)) {
        one.append(leaf);
        whole.append(leaf);
      }
      for (const leaf of leaves.slice(before, before + count)) one.append(leaf);
      expect(whole.appendSubtree(binaryOfHash(rootOf(leaves.slice(before, before + count))), count)).toBe(before + count);
      expect(hex(whole.root()), `${count} leaves after ${before}`).toBe(hex(one.root()));
      expect(whole.hashes().map(hex)).toEqual(one.hashes().map(hex));
    }
    const frontier = new MerkleFrontier();
    frontier.append(leaves[0] as Hash);
    expect(() => frontier.appendSubtree(binaryOfHash(leaves[1] as Hash), 2)).toThrow(RangeError);
    expect(() => new MerkleFrontier().appendSubtree(binaryOfHash(leaves[1] as Hash), 3)).toThrow(RangeError);
    expect(() => new MerkleFrontier().appendSubtree(binaryOfHash(leaves[1] as Hash), 0)).toThrow(RangeError);
  });
});
