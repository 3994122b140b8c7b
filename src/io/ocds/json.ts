import { DomainError } from '../../domain/errors.js';

/**
 * A JSON reader that keeps every number as the text it was written with.
 *
 * OCDS writes amounts as JSON numbers (`"amount": 11000000.10`). `JSON.parse` turns them into
 * binary floating point before any reviver sees them (Node 20 has no `context.source`), so
 * 0.1-style fractions and amounts above 2^53 would already be altered. This reader is a small
 * recursive-descent parser of RFC 8259 JSON that returns numbers as `JsonNumber` holding the
 * exact source text; amounts are then converted to minor units by string manipulation only.
 * Strings, objects and arrays come out as JavaScript strings, plain objects and arrays.
 */

export class JsonNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const depthMax = 256;

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/** Parses `text`; a syntax error names the file, line and column. */
export function parseJsonExact(text: string, file: string): JsonValue {
  let at = 0;
  const fail = (reason: string): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new DomainError('VALIDATION_FAILED', `${file}:${line}:${column}: not valid JSON: ${reason}`);
  };
  const space = () => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) at += 1;
      else break;
    }
  };
  const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const stringValue = (): string => {
    // A run without escapes is taken whole; escapes go through JSON.parse, which decodes them exactly.
    const start = at;
    at += 1;
    let escaped = false;
    for (;;) {
      if (at >= text.length) fail('a string is not closed');
      const c = text.charCodeAt(at);
      if (c === 0x22) break;
      if (c < 0x20) fail('a control character inside a string');
      if (c === 0x5c) {
        escaped = true;
        at += 2;
        continue;
      }
      at += 1;
    }
    at += 1;
    const raw = text.slice(start, at);
    if (!escaped) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return fail('a bad escape inside a string');
    }
  };
  const value = (depth: number): JsonValue => {
    if (depth > depthMax) fail(`nested deeper than ${depthMax}`);
    space();
    const c = text[at];
    if (c === '{') {
      at += 1;
      const object: JsonObject = {};
      space();
      if (text[at] === '}') {
        at += 1;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a quoted key');
        const key = stringValue();
        space();
        if (text[at] !== ':') fail(`expected ":" after "${key}"`);
        at += 1;
        // defineProperty: a key "__proto__" stays a plain key.
        Object.defineProperty(object, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        space();
        if (text[at] === ',') {
          at += 1;
          continue;
        }
        if (text[at] === '}') {
          at += 1;
          return object;
        }
        return fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at += 1;
      const array: JsonValue[] = [];
      space();
      if (text[at] === ']') {
        at += 1;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        space();
        if (text[at] === ',') {
          at += 1;
          continue;
        }
        if (text[at] === ']') {
          at += 1;
          return array;
        }
        return fail('expected "," or "]"');
      }
    }
    if (c === '"') return stringValue();
    if (text.startsWith('true', at)) {
      at += 4;
      return true;
    }
    if (text.startsWith('false', at)) {
      at += 5;
      return false;
    }
    if (text.startsWith('null', at)) {
      at += 4;
      return null;
    }
    numberPattern.lastIndex = at;
    const match = numberPattern.exec(text);
    if (match) {
      at += match[0].length;
      return new JsonNumber(match[0]);
    }
    return fail(at >= text.length ? 'the text ends too early' : `unexpected "${text.slice(at, at + 12)}"`);
  };
  if (text.charCodeAt(0) === 0xfeff) at = 1;
  const result = value(0);
  space();
  if (at < text.length) fail('text after the end of the document');
  return result;
}
