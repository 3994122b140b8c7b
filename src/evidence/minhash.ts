/**
 * Near-duplicate text: word shingles, MinHash signatures and LSH banding. Pure and deterministic:
 * every hash below is a fixed function of its input and of the constant seeds in this file, so the
 * same texts give the same signatures, candidates and similarities on every machine and run.
 *
 * Shingles. The text is normalised (Unicode compatibility form, lower case, curly quotes and
 * dashes folded to ASCII, apostrophes inside words dropped so "Ukraine’s" and "Ukraine's" meet,
 * thousands separators dropped and decimal points kept so "1,200.5" stays one number, every other
 * character that is not a letter or a digit a space) and cut into words; a shingle is k = 5
 * consecutive words. Why 5: with 2–3 words, unrelated articles on one topic share many shingles
 * by accident ("the white house", "secretary general mark"); with 8–10 words one edited word
 * every sentence already removes most shingles, so light copy edits would hide a copy. Five words
 * is long enough that shared shingles between independent texts are rare (stock phrases such as
 * "on condition of anonymity" are four words and only collide with a fifth word in common) and
 * short enough that a copy with a word changed here and there keeps most of its shingles.
 *
 * Hashing. Each shingle is hashed once with 64-bit FNV-1a over its UTF-16 code units (computed as
 * two 32-bit halves with Math.imul, no BigInt), and each of the 128 permutations is
 * h_i(x) = murmur3_32(the 8 bytes of the FNV hash, seed_i): the murmur3 block mix and
 * finaliser on the two halves with a per-permutation seed. The seeds come from splitmix32 started
 * at a fixed constant. The MinHash of a set is, per permutation, the minimum of h_i over the set;
 * the share of equal positions between two signatures estimates their Jaccard similarity with a
 * standard error of sqrt(J(1−J)/128) ≤ 0.044.
 *
 * Banding. Candidate pairs come from LSH over the signatures: 42 bands of 3 rows (126 of the 128
 * positions); two sets become candidates when any band is equal. With Jaccard s the chance of
 * that is 1 − (1 − s³)^42 — the S-curve, with its steepest point near (1/42)^(1/3) ≈ 0.29:
 *
 *   s    0.1    0.2    0.3    0.4    0.5     0.6      0.8
 *   P    0.041  0.29   0.68   0.94   0.9963  0.99996  1.0000
 *
 * so pairs at the copy threshold (0.5) and above are found almost surely, while in a large corpus
 * most unrelated pairs (s ≤ 0.1) are never compared. The work is linear in the number of
 * documents (one map insertion per band per document) plus the candidates. For small corpora the
 * candidates are then checked with the exact Jaccard of the shingle sets.
 */

export const SHINGLE_SIZE = 5;
export const PERMUTATIONS = 128;
export const BANDS = 42;
export const ROWS = 3;

/** Lower case, Unicode quotes and dashes folded, punctuation to spaces, numbers kept whole. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(/[^\p{L}\p{N}\u0000]+/gu, ' ')
    .replace(/\u0000/g, '.')
    .trim();
}

/** The words of a text after normalisation. */
export function words(text: string): string[] {
  const normal = normaliseText(text);
  return normal === '' ? [] : normal.split(' ');
}

/** The set of k-word shingles of a list of words; a text shorter than k words is one shingle. */
export function shinglesOf(list: readonly string[], k = SHINGLE_SIZE): Set<string> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`shingle size must be a positive integer, not ${k}`);
  const out = new Set<string>();
  if (list.length === 0) return out;
  if (list.length <= k) {
    out.add(list.join(' '));
    return out;
  }
  for (let i = 0; i + k <= list.length; i += 1) out.add(list.slice(i, i + k).join(' '));
  return out;
}

/** The k-word shingles of a text. */
export function textShingles(text: string, k = SHINGLE_SIZE): Set<string> {
  return shinglesOf(words(text), k);
}

/** 64-bit FNV-1a over the string's UTF-16 code units, as [high, low] unsigned 32-bit halves. */
export function fnv1a64(s: string): [number, number] {
  // offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i += 1) {
    lo = (lo ^ s.charCodeAt(i)) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
    const low = lo * 0x1b3; // < 2^41, exact in a double
    hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x100000000) + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return [hi, lo];
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function murmurBlock(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** murmur3_32 of the 8 bytes (low half first) of a 64-bit value, with a seed. */
export function murmur64(hi: number, lo: number, seed: number): number {
  let h = seed | 0;
  h = murmurBlock(h, lo);
  h = murmurBlock(h, hi);
  return fmix32(h ^ 8);
}

/** The permutation seeds: splitmix32 from a fixed start, so signatures never change between runs. */
const SEEDS: Uint32Array = (() => {
  const out = new Uint32Array(PERMUTATIONS);
  let state = 0x5eed1e55;
  for (let i = 0; i < PERMUTATIONS; i += 1) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return out;
})();

const EMPTY = 0xffffffff;

/** The MinHash signature of a set of shingles (all positions 0xffffffff for the empty set). */
export function minhash(shingles: Iterable<string>): Uint32Array {
  const sig = new Uint32Array(PERMUTATIONS).fill(EMPTY);
  for (const s of shingles) {
    const [hi, lo] = fnv1a64(s);
    for (let i = 0; i < PERMUTATIONS; i += 1) {
      const h = murmur64(hi, lo, SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

const isEmpty = (sig: Uint32Array) => sig.every((v) => v === EMPTY);

/** The estimated Jaccard similarity of two signatures: the share of equal positions (0 when either set is empty). */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures of different lengths (${a.length} and ${b.length})`);
  if (isEmpty(a) || isEmpty(b)) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) same += 1;
  return same / a.length;
}

/** The exact Jaccard similarity |A ∩ B| / |A ∪ B| (0 when either set is empty). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const inter = intersectionSize(a, b);
  return inter / (a.size + b.size - inter);
}

/** |A ∩ B| / min(|A|, |B|): how much of the smaller set is in the larger (0 when either is empty). */
export function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return intersectionSize(a, b) / Math.min(a.size, b.size);
}

export function intersectionSize<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n += 1;
  return n;
}

/** Chance that LSH banding makes a pair with Jaccard s a candidate: 1 − (1 − s^rows)^bands. */
export function collisionProbability(s: number, bands = BANDS, rows = ROWS): number {
  return 1 - (1 - s ** rows) ** bands;
}

/**
 * Candidate pairs [i, j] (i < j, sorted) of signatures that agree on all rows of at least one band.
 * Empty sets are never candidates.
 */
export function lshCandidates(signatures: readonly Uint32Array[], bands = BANDS, rows = ROWS): [number, number][] {
  if (bands * rows > PERMUTATIONS) throw new RangeError(`${bands} bands × ${rows} rows exceed the ${PERMUTATIONS} positions of a signature`);
  const pairs = new Set<number>();
  const n = signatures.length;
  for (let band = 0; band < bands; band += 1) {
    const buckets = new Map<string, number[]>();
    for (let d = 0; d < n; d += 1) {
      const sig = signatures[d]!;
      if (sig.length !== PERMUTATIONS) throw new RangeError(`signature ${d} has ${sig.length} positions, not ${PERMUTATIONS}`);
      if (isEmpty(sig)) continue;
      let key = '';
      for (let r = 0; r < rows; r += 1) key += `${sig[band * rows + r]!.toString(36)},`;
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [d]);
      else bucket.push(d);
    }
    for (const bucket of buckets.values())
      for (let x = 0; x < bucket.length; x += 1) for (let y = x + 1; y < bucket.length; y += 1) pairs.add(bucket[x]! * n + bucket[y]!);
  }
  return [...pairs].sort((p, q) => p - q).map((p) => [Math.floor(p / n), p % n]);
}

/** A ratio in [0, 1] as a decimal string with three places ("0.500"). */
export function ratio3(x: number): string {
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new RangeError(`a similarity must lie in [0, 1], not ${x}`);
  return (Math.round(x * 1000) / 1000).toFixed(3);
}
