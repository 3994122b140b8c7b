import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConsistency, checkInclusion } from '../src/audit/merkle.js';

/**
 * The inclusion and consistency test vectors of transparency-dev/merkle (RFC 6962 / 9162
 * trees over SHA-256), from ../shared/data/merkle-vectors/testdata: every file, valid cases
 * must verify and the mutated ones (`wantErr: true`) must not.
 *
 * Some sizes and indexes are uint64 values above 2^53 (18446744073709551615), which
 * JSON.parse would round, so those fields are quoted in the JSON text before parsing and read
 * as BigInt; the verifiers take bigints and refuse what is out of range.
 */

const root = join(import.meta.dirname, '..', '..', 'shared', 'data', 'merkle-vectors', 'testdata');
const present = existsSync(join(root, 'inclusion')) && existsSync(join(root, 'consistency'));
if (!present && process.env.CI === 'true') throw new Error(`${root}: the Merkle test vectors are missing, and CI must not skip them`);
if (!present) console.warn(`merkle-vectors: ${root} is absent; the RFC 9162 test vectors are skipped`);

const numberFields = ['leafIdx', 'treeSize', 'size1', 'size2'];

/** Parses a vector, turning the numeric fields into bigints without ever holding them as numbers. */
function parseVector(text: string): Record<string, unknown> {
  const quoted = text.replace(/"(leafIdx|treeSize|size1|size2)"(\s*):(\s*)(-?\d+)/g, '"$1"$2:$3"$4"');
  const parsed = JSON.parse(quoted) as Record<string, unknown>;
  for (const field of numberFields) {
    const value = parsed[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new Error(`${field} is not an unsigned integer: ${String(value)}`);
    parsed[field] = BigInt(value);
  }
  return parsed;
}

function bytes(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string') throw new Error(`${what} is not a base64 string`);
  const decoded = Buffer.from(value, 'base64');
  // Node's decoder skips what it cannot read; a vector must round-trip to be taken as written.
  if (decoded.toString('base64') !== value) throw new Error(`${what} is not canonical base64: ${value}`);
  return new Uint8Array(decoded);
}

function proofOf(value: unknown): Uint8Array[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error('proof is neither null nor an array');
  return value.map((element, index) => bytes(element, `proof[${index}]`));
}

function count(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint') throw new Error(`${what} is missing`);
  return value;
}

interface Vector {
  readonly file: string;
  readonly desc: string;
  readonly wantErr: boolean;
  readonly problem: string | undefined;
  /** The largest size or index in the case. */
  readonly largest: bigint;
}

function load(kind: 'inclusion' | 'consistency'): Vector[] {
  if (!present) return [];
  const dir = join(root, kind);
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith('.json')).sort();
  return files.map((name) => {
    const file = join(dir, name);
    const v = parseVector(readFileSync(file, 'utf8'));
    if (typeof v.wantErr !== 'boolean' || typeof v.desc !== 'string') throw new Error(`${file}: no wantErr or desc`);
    const problem =
      kind === 'inclusion'
        ? checkInclusion(count(v.leafIdx, 'leafIdx'), count(v.treeSize, 'treeSize'), bytes(v.leafHash, 'leafHash'), proofOf(v.proof), bytes(v.root, 'root'))
        : checkConsistency(count(v.size1, 'size1'), count(v.size2, 'size2'), bytes(v.root1, 'root1'), bytes(v.root2, 'root2'), proofOf(v.proof));
    const largest = numberFields.map((field) => v[field]).reduce<bigint>((max, value) => (typeof value === 'bigint' && value > max ? value : max), 0n);
    return { file: name, desc: v.desc, wantErr: v.wantErr, problem, largest };
  });
}

const inclusion = load('inclusion');
const consistency = load('consistency');

describe.skipIf(!present)('RFC 9162 test vectors (transparency-dev/merkle)', () => {
  it('finds every case: 98 inclusion files (6 valid) and 98 consistency files (6 valid)', () => {
    expect(inclusion).toHaveLength(98);
    expect(inclusion.filter((v) => !v.wantErr)).toHaveLength(6);
    expect(consistency).toHaveLength(98);
    expect(consistency.filter((v) => !v.wantErr)).toHaveLength(6);
    // The names with brackets and @ are among them.
    expect(inclusion.map((v) => v.file)).toContain(join('1', 'modified-proof[1]-bit-@3.json'));
    expect(consistency.map((v) => v.file)).toContain(join('1', 'modified-proof@1-bit-@4.json'));
  });

  it('reads uint64 values exactly', () => {
    const text = readFileSync(join(root, 'inclusion', '1', 'leafIdx-sub-@1.json'), 'utf8');
    expect(parseVector(text).leafIdx).toBe(18446744073709551615n);
  });

  it.each(inclusion.map((v) => [v.file, v] as const))('inclusion %s', (_file, v) => {
    if (v.wantErr) expect(v.problem, v.desc).toBeTypeOf('string');
    else expect(v.problem, v.desc).toBeUndefined();
  });

  it.each(consistency.map((v) => [v.file, v] as const))('consistency %s', (_file, v) => {
    if (v.wantErr) expect(v.problem, v.desc).toBeTypeOf('string');
    else expect(v.problem, v.desc).toBeUndefined();
  });

  it('refuses the uint64 values above 2^53 as out of range, not by the accident of rounding', () => {
    const out = [...inclusion, ...consistency].filter((v) => v.largest > BigInt(Number.MAX_SAFE_INTEGER));
    expect(out.map((v) => v.file)).toEqual([join('0', 'leafIdx-sub-@1.json'), join('1', 'leafIdx-sub-@1.json')]);
    for (const v of out) expect(v.problem).toMatch(/out of range/);
  });
});
