import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANDS,
  ROWS,
  collisionProbability,
  containment,
  estimateJaccard,
  fnv1a64,
  jaccard,
  lshCandidates,
  minhash,
  murmur64,
  normaliseText,
  ratio3,
  shinglesOf,
  textShingles,
  words,
} from './minhash.js';

/** Reference murmur3_32 over bytes (the published algorithm), to check the 8-byte version against. */
function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const blocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < blocks; i += 1) {
    let k = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = bytes.length & 3;
  if (tail >= 3) k ^= bytes[4 * blocks + 2]! << 16;
  if (tail >= 2) k ^= bytes[4 * blocks + 1]! << 8;
  if (tail >= 1) {
    k ^= bytes[4 * blocks]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex = ([hi, lo]: [number, number]) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');

describe('hashes', () => {
  it('FNV-1a 64 matches the published test vectors', () => {
    expect(hex(fnv1a64(''))).toBe('cbf29ce484222325');
    expect(hex(fnv1a64('a'))).toBe('af63dc4c8601ec8c');
    expect(hex(fnv1a64('foobar'))).toBe('85944171f73967e8');
  });

  it('the byte-wise murmur3 reference matches the published vectors', () => {
    const enc = new TextEncoder();
    expect(murmur3Bytes(enc.encode(''), 0)).toBe(0);
    expect(murmur3Bytes(enc.encode(''), 1)).toBe(0x514e28b7);
    expect(murmur3Bytes(enc.encode('test'), 0)).toBe(0xba6bd213);
    expect(murmur3Bytes(enc.encode('Hello, world!'), 1234)).toBe(0xfaf6cdb3);
  });

  it('murmur64 is murmur3_32 of the 8 little-endian bytes of the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (hi, lo, seed) => {
        const bytes = new Uint8Array(8);
        new DataView(bytes.buffer).setUint32(0, lo, true);
        new DataView(bytes.buffer).setUint32(4, hi, true);
        expect(murmur64(hi, lo, seed)).toBe(murmur3Bytes(bytes, seed));
      }),
    );
  });
});

describe('shingles', () => {
  it('normalises case, curly quotes, dashes, apostrophes and punctuation, keeping numbers whole', () => {
    expect(normaliseText('Ukraine’s “BIG” deal—$1,200.50 on July 10, 2025; 12% of U.S. aid')).toBe('ukraines big deal 1200.50 on july 10 2025 12 of u s aid');
    expect(words("Ukraine's big deal")).toEqual(words('UKRAINE’S  big, deal!'));
    expect(words('  ...  ')).toEqual([]);
  });

  it('cuts k-word shingles, and a text shorter than k into one shingle', () => {
    expect([...shinglesOf(['a', 'b', 'c', 'd', 'e', 'f'], 5)]).toEqual(['a b c d e', 'b c d e f']);
    expect([...shinglesOf(['a', 'b'], 5)]).toEqual(['a b']);
    expect(shinglesOf([], 5).size).toBe(0);
    expect(() => shinglesOf(['a'], 0)).toThrow(/positive integer/);
    expect(textShingles('One two three four five six seven').size).toBe(3);
  });
});

/** Random texts over a small vocabulary, so that pairs overlap by anything from nothing to all. */
const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 8, maxLength: 160 }).map((ws) => ws.join(' '));

/** Two texts sharing a random stretch: one is an edited copy of the other. */
const related = fc
  .tuple(fc.array(fc.constantFrom(...vocabulary), { minLength: 20, maxLength: 200 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...vocabulary)), { maxLength: 60 }))
  .map(([ws, edits]) => {
    const copy = [...ws];
    for (const [at, w] of edits) copy[at % copy.length] = w;
    return [ws.join(' '), copy.join(' ')] as const;
  });

describe('MinHash', () => {
  it('gives 1 for identical texts and 0 for texts without a shingle in common', () => {
    const a = 'NATO allies agreed on Tuesday to buy American weapons for Ukraine through the new arrangement.';
    expect(estimateJaccard(minhash(textShingles(a)), minhash(textShingles(a)))).toBe(1);
    expect(estimateJaccard(minhash(textShingles(a)), minhash(textShingles(a.toUpperCase().replace(/\./g, ' !'))))).toBe(1);
    const b = 'Farmers in the valley reported a record harvest of apples and pears this autumn season.';
    expect(jaccard(textShingles(a), textShingles(b))).toBe(0);
    expect(estimateJaccard(minhash(textShingles(a)), minhash(textShingles(b)))).toBeLessThanOrEqual(0.05);
  });

  it('gives 0 for an empty set, and refuses signatures of different lengths', () => {
    const empty = minhash([]);
    expect(estimateJaccard(empty, empty)).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(() => estimateJaccard(empty, new Uint32Array(3))).toThrow(/different lengths/);
  });

  it('is deterministic: the same shingles give the same signature in any order, and known values do not drift', () => {
    const s = [...textShingles('the quick brown fox jumps over the lazy dog and runs away into the woods')];
    const one = minhash(s);
    expect(minhash([...s].reverse())).toEqual(one);
    // the first positions for a fixed text, recorded once: a change of seeds or hash shows up here
    expect(Array.from(one.slice(0, 4))).toEqual([11757360, 3523362, 12781938, 40664992]);
    expect(new Set(one).size).toBeGreaterThan(1);
  });

  it('estimates the exact Jaccard within 0.2 (4.5 standard errors) on random texts', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [sa, sb] = [textShingles(a), textShingles(b)];
        expect(Math.abs(estimateJaccard(minhash(sa), minhash(sb)) - jaccard(sa, sb))).toBeLessThanOrEqual(0.2);
      }),
      { numRuns: 150 },
    );
  });

  it('has a mean error under 0.05 on edited copies, whose Jaccard spreads over the whole range', () => {
    let total = 0;
    let runs = 0;
    const spread = new Set<number>();
    fc.assert(
      fc.property(related, ([a, b]) => {
        const [sa, sb] = [textShingles(a), textShingles(b)];
        const exact = jaccard(sa, sb);
        spread.add(Math.floor(exact * 4));
        total += Math.abs(estimateJaccard(minhash(sa), minhash(sb)) - exact);
        runs += 1;
      }),
      { numRuns: 200, seed: 20250710 },
    );
    expect(total / runs).toBeLessThan(0.05);
    expect(spread.size).toBeGreaterThanOrEqual(3);
  });

  it('measures containment of the smaller set in the larger', () => {
    const big = textShingles('a b c d e f g h i j k l m n o p');
    const part = textShingles('e f g h i j k l');
    expect(containment(part, big)).toBe(1);
    expect(jaccard(part, big)).toBeCloseTo(4 / 12, 10);
  });
});

describe('LSH banding', () => {
  it('follows the documented S-curve', () => {
    expect(BANDS * ROWS).toBeLessThanOrEqual(128);
    expect(collisionProbability(0.5)).toBeGreaterThan(0.995);
    expect(collisionProbability(0.1)).toBeLessThan(0.05);
    expect(collisionProbability(0)).toBe(0);
    expect(collisionProbability(1)).toBe(1);
  });

  it('finds every pair with Jaccard ≥ 0.5 among random documents, and few of the unrelated ones', () => {
    const rng = fc.sample(fc.array(fc.constantFrom(...Array.from({ length: 500 }, (_, i) => `v${i}`)), { minLength: 120, maxLength: 120 }), { numRuns: 60, seed: 7 });
    // every other document is an edited copy of the one before it
    const docs = rng.map((ws, i) => (i % 2 === 1 ? rng[i - 1]!.map((w, k) => (k % 25 === 0 ? ws[k]! : w)) : ws).join(' '));
    const sets = docs.map((d) => textShingles(d));
    const candidates = lshCandidates(sets.map((s) => minhash(s)));
    const found = new Set(candidates.map(([i, j]) => `${i},${j}`));
    let high = 0;
    for (let i = 0; i < sets.length; i += 1)
      for (let j = i + 1; j < sets.length; j += 1)
        if (jaccard(sets[i]!, sets[j]!) >= 0.5) {
          high += 1;
          expect(found.has(`${i},${j}`), `pair ${i},${j}`).toBe(true);
        }
    expect(high).toBe(30);
    // 1,770 pairs in all; the unrelated ones share almost no shingles and should rarely collide
    expect(candidates.length).toBeLessThan(30 + 20);
    for (const [i, j] of candidates) expect(i).toBeLessThan(j);
  });

  it('never proposes empty documents, and refuses a banding wider than the signature', () => {
    expect(lshCandidates([minhash([]), minhash([])])).toEqual([]);
    expect(() => lshCandidates([minhash(['x'])], 65, 2)).toThrow(/exceed/);
  });
});

describe('ratio3', () => {
  it('prints three places and refuses values outside [0, 1]', () => {
    expect(ratio3(0.5)).toBe('0.500');
    expect(ratio3(1 / 3)).toBe('0.333');
    expect(ratio3(0.0005)).toBe('0.001');
    expect(ratio3(1)).toBe('1.000');
    expect(() => ratio3(1.2)).toThrow(/\[0, 1\]/);
    expect(() => ratio3(Number.NaN)).toThrow();
  });
});
