import { DomainError } from '../domain/errors.js';

/**
 * One strict reader for the literal syntaxes the importers meet, keeping every number exact.
 *
 * - JSON (RFC 8259): OCDS documents and the FTS API. Strict: no leading zeros, no trailing
 *   commas, no NaN or Infinity, no control characters inside strings; `\u` escapes (surrogate
 *   pairs included) are decoded.
 * - Python's repr of lists and dicts: what pandas writes into a CSV cell of the FTS download
 *   (`[{'type': 'Organization', 'id': '4306'}]`, True/False/None).
 *
 * Numbers are never turned into floating point: `JSON.parse` would alter 0.1-style fractions and
 * amounts above 2^53 before any reviver saw them (Node 20 has no `context.source`), so each
 * number keeps its source text (`LiteralNumber`) and amounts are converted by string
 * manipulation only. A key that appears twice in one object is refused rather than silently
 * letting the last one win. Objects are built without a prototype, so a key "__proto__" stays a
 * plain key. Anything outside the syntax is a `LiteralError` naming the character where reading
 * stopped; `parseJsonDocument` turns that into "file:line:column: not valid JSON: reason".
 */

/** A number as written in the source, e.g. "2221403.0" or "1.5e7". */
export class LiteralNumber {
  constructor(readonly text: string) {}
  /** The source text, so that an id written as a number (`"id": 1`) reads as "1" in String(). */
  toString(): string {
    return this.text;
  }
}

/** A value as read; every object and array is a fresh one the caller owns. */
export type LiteralValue = string | boolean | null | LiteralNumber | LiteralValue[] | LiteralDict;
export interface LiteralDict {
  [key: string]: LiteralValue;
}

export type Dialect = 'python' | 'json';

/** Where reading stopped (0-based character offset) and why. */
export class LiteralError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`character ${offset + 1}: ${reason}`);
  }
}

/** How deep a Python cell may nest; a cell of the FTS download holds a list of flat dicts. */
export const literalDepthMax = 64;
/** How deep a JSON document may nest: a whole OCDS or FTS document, not one cell. */
export const documentDepthMax = 256;
const pythonNumber = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const jsonNumber = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const pythonWords: Readonly<Record<string, LiteralValue>> = { True: true, False: false, None: null };
const jsonWords: Readonly<Record<string, LiteralValue>> = { true: true, false: false, null: null };

/** Reads one literal that fills the whole text (surrounding white space allowed). */
export function parseLiteral(text: string, dialect: Dialect, depthMax = literalDepthMax): LiteralValue {
  const reader = new Reader(text, dialect, depthMax);
  reader.space();
  const value = reader.value(0);
  reader.space();
  if (reader.at < text.length) throw new LiteralError(reader.at, `unexpected ${describe(text, reader.at)} after the value`);
  return value;
}

/**
 * Reads a whole JSON document (a leading byte order mark is skipped). A syntax error is a
 * DomainError "file:line:column: not valid JSON: reason", the position counted in the text
 * after the byte order mark.
 */
export function parseJsonDocument(text: string, file: string): LiteralValue {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return parseLiteral(body, 'json', documentDepthMax);
  } catch (error) {
    if (!(error instanceof LiteralError)) throw error;
    const { line, column } = lineAndColumn(body, error.offset);
    throw new DomainError('VALIDATION_FAILED', `${file}:${line}:${column}: not valid JSON: ${error.reason}`);
  }
}

/** An object (dict), as opposed to a list, number, string, boolean or null. */
export function isDict(value: LiteralValue | undefined): value is LiteralDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LiteralNumber);
}

/** The line and column (both 1-based) of an offset, for errors in a multi-line document. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'end of text';
  const char = text.slice(at, at + 1);
  return /[\x20-\x7e]/.test(char) ? `"${char}"` : `character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

class Reader {
  at = 0;

  constructor(
    private readonly text: string,
    private readonly dialect: Dialect,
    private readonly depthMax: number,
  ) {}

  space(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at] as string)) this.at += 1;
  }

  value(depth: number): LiteralValue {
    if (depth > this.depthMax) throw new LiteralError(this.at, `nested more than ${this.depthMax} levels deep`);
    const char = this.text[this.at];
    if (char === '[') return this.list(depth);
    if (char === '{') return this.dict(depth);
    if (char === '"' || (char === "'" && this.dialect === 'python')) return this.string();
    if (char !== undefined && /[-\d.]/.test(char)) return this.number();
    const word = /[A-Za-z_]\w*/y;
    word.lastIndex = this.at;
    const match = word.exec(this.text);
    if (match) {
      const words = this.dialect === 'python' ? pythonWords : jsonWords;
      if (Object.hasOwn(words, match[0])) {
        this.at += match[0].length;
        return words[match[0]] as LiteralValue;
      }
      const expected = this.dialect === 'python' ? 'True, False or None' : 'true, false or null';
      throw new LiteralError(this.at, `"${match[0]}" is not a literal (expected a string, number, list, dict, ${expected})`);
    }
    throw new LiteralError(this.at, `expected a value, found ${describe(this.text, this.at)}`);
  }

  private list(depth: number): LiteralValue[] {
    const items: LiteralValue[] = [];
    this.at += 1;
    this.space();
    while (this.text[this.at] !== ']') {
      items.push(this.value(depth + 1));
      this.space();
      if (this.text[this.at] === ',') {
        this.at += 1;
        this.space();
        if (this.text[this.at] === ']' && this.dialect === 'json') throw new LiteralError(this.at, 'a comma before "]"');
      } else if (this.text[this.at] !== ']') {
        throw new LiteralError(this.at, `expected "," or "]", found ${describe(this.text, this.at)}`);
      }
    }
    this.at += 1;
    return items;
  }

  private dict(depth: number): LiteralDict {
    const entries: Record<string, LiteralValue> = Object.create(null) as Record<string, LiteralValue>;
    this.at += 1;
    this.space();
    while (this.text[this.at] !== '}') {
      const keyAt = this.at;
      const char = this.text[this.at];
      if (!(char === '"' || (char === "'" && this.dialect === 'python'))) throw new LiteralError(this.at, `expected a string key, found ${describe(this.text, this.at)}`);
      const key = this.string();
      if (Object.hasOwn(entries, key)) throw new LiteralError(keyAt, `key "${key}" appears twice`);
      this.space();
      if (this.text[this.at] !== ':') throw new LiteralError(this.at, `expected ":" after key "${key}", found ${describe(this.text, this.at)}`);
      this.at += 1;
      this.space();
      entries[key] = this.value(depth + 1);
      this.space();
      if (this.text[this.at] === ',') {
        this.at += 1;
        this.space();
        if (this.text[this.at] === '}' && this.dialect === 'json') throw new LiteralError(this.at, 'a comma before "}"');
      } else if (this.text[this.at] !== '}') {
        throw new LiteralError(this.at, `expected "," or "}", found ${describe(this.text, this.at)}`);
      }
    }
    this.at += 1;
    return entries;
  }

  private number(): LiteralNumber {
    const pattern = this.dialect === 'python' ? pythonNumber : jsonNumber;
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match || match[0] === '-' || match[0] === '.') throw new LiteralError(this.at, `expected a number, found ${describe(this.text, this.at)}`);
    const end = this.at + match[0].length;
    if (/[\w.]/.test(this.text[end] ?? '')) throw new LiteralError(end, `${describe(this.text, end)} inside the number "${match[0]}"`);
    this.at = end;
    return new LiteralNumber(match[0]);
  }

  private string(): string {
    const quote = this.text[this.at] as string;
    const start = this.at;
    this.at += 1;
    let out = '';
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) throw new LiteralError(start, `the string opened here is never closed with ${quote}`);
      if (char === quote) {
        this.at += 1;
        return out;
      }
      if (char === '\\') {
        out += this.escape();
        continue;
      }
      if (char === '\n' || char === '\r' || (this.dialect === 'json' && char < ' ')) {
        throw new LiteralError(this.at, 'a line break or control character inside a string (write it as an escape)');
      }
      out += char;
      this.at += 1;
    }
  }

  private escape(): string {
    const at = this.at;
    const char = this.text[at + 1];
    const simple: Record<string, string> =
      this.dialect === 'python'
        ? { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }
        : { '\\': '\\', '"': '"', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (char !== undefined && Object.hasOwn(simple, char)) {
      this.at += 2;
      return simple[char] as string;
    }
    const hexLength = char === 'u' ? 4 : this.dialect === 'python' && char === 'x' ? 2 : this.dialect === 'python' && char === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.text.slice(at + 2, at + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) throw new LiteralError(at, `"\\${char}" needs ${hexLength} hexadecimal digits`);
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw new LiteralError(at, `"\\${char}${hex}" is beyond the last Unicode code point`);
      this.at += 2 + hexLength;
      return String.fromCodePoint(code);
    }
    if (this.dialect === 'python' && char !== undefined && /[0-7]/.test(char)) {
      const octal = /[0-7]{1,3}/y;
      octal.lastIndex = at + 1;
      const digits = (octal.exec(this.text) as RegExpExecArray)[0];
      this.at += 1 + digits.length;
      return String.fromCodePoint(Number.parseInt(digits, 8));
    }
    throw new LiteralError(at, `"\\${char ?? ''}" is not an escape the ${this.dialect === 'python' ? 'Python' : 'JSON'} syntax knows`);
  }
}

/** Writes a value as Python's repr would, for the CSV columns FTS fills with lists. */
export function pythonRepr(value: LiteralValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof LiteralNumber) return value.text;
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${pythonString(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}

/** Python's choice of quotes: single, unless the text holds a single quote and no double quote. */
function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char < ' ' || char === '\x7f') out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}
