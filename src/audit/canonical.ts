import { assert } from '../domain/errors.js';

/**
 * Canonical JSON (RFC 8785) for the values the ledger stores: strings, safe integers,
 * booleans, null, arrays and plain objects. Object keys are sorted by UTF-16 code units and
 * strings are escaped as JSON.stringify does, which is what RFC 8785 prescribes. A bigint is
 * written as a decimal string: the ledger's amounts travel as strings.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `"${value}"`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      assert(Number.isSafeInteger(value), `canonical JSON holds only safe integers, got ${value}`);
      return String(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new Error(`canonical JSON cannot hold a ${typeof value}`);
  }
}

// Plain loops: this runs twice for every command on the hot path.
function canonicalArray(items: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0) out += ',';
    out += canonicalJson(items[index]);
  }
  return `${out}]`;
}

/** Sorted, quoted keys per object shape: records of one kind share their key order. */
const shapes = new Map<string, readonly (readonly [string, string])[]>();
const shapesMax = 10_000;

function sortedKeys(record: Record<string, unknown>): readonly (readonly [string, string])[] {
  const keys = Object.keys(record);
  // Length-prefixed, so no two different key lists share a shape.
  let shape = '';
  for (const key of keys) shape += `${key.length}:${key}`;
  let sorted = shapes.get(shape);
  if (!sorted) {
    sorted = keys.sort().map((key) => [key, JSON.stringify(key)] as const);
    if (shapes.size < shapesMax) shapes.set(shape, sorted);
  }
  return sorted;
}

function canonicalObject(record: Record<string, unknown>): string {
  let out = '{';
  let first = true;
  for (const [key, quoted] of sortedKeys(record)) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${quoted}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

/** Reads canonical JSON back, turning every `…Minor` field into a bigint. */
export function parseWithMinor<T>(text: string): T {
  return JSON.parse(text, (key, value: unknown) => (key.endsWith('Minor') && typeof value === 'string' ? BigInt(value) : value)) as T;
}
