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
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    default:
      throw new Error(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Reads canonical JSON back, turning every `…Minor` field into a bigint. */
export function parseWithMinor<T>(text: string): T {
  return JSON.parse(text, (key, value: unknown) => (key.endsWith('Minor') && typeof value === 'string' ? BigInt(value) : value)) as T;
}
