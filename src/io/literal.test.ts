import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { documentDepthMax, isDict, literalDepthMax, LiteralError, LiteralNumber, lineAndColumn, parseJsonDocument, parseLiteral, pythonRepr, type Dialect, type LiteralValue } from './literal.js';

/** The LiteralError that reading `text` throws. */
function failure(text: string, dialect: Dialect, depthMax?: number): LiteralError {
  try {
    parseLiteral(text, dialect, depthMax);
  } catch (error) {
    if (error instanceof LiteralError) return error;
    throw error;
  }
  throw new Error(`read without an error: ${text}`);
}

/** The message of the DomainError that reading `text` as a JSON document throws. */
function documentFailure(text: string, file = 'doc.json'): string {
  try {
    parseJsonDocument(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).message;
  }
  throw new Error(`read without an error: ${text}`);
}

const nested = (levels: number, inner: string) => '['.repeat(levels) + inner + ']'.repeat(levels);

describe('Python and JSON literals', () => {
  it('reads Python repr lists and dicts, keeping numbers as their text', () => {
    const value = parseLiteral(`[{'a': 'it\\'s', "b": "x'y", 'n': -1.5e3, 'i': 42, 't': True, 'f': False, 'z': None, 'u': '\\xe9\\u00e9\\n\\\\'}, [], ]`, 'python');
    expect(value).toEqual([{ a: "it's", b: "x'y", n: new LiteralNumber('-1.5e3'), i: new LiteralNumber('42'), t: true, f: false, z: null, u: 'éé\n\\' }, []]);
  });

  it('names the character where a bad literal stops', () => {
    const cases: [string, 'python' | 'json', number, RegExp][] = [
      ['[1, 2', 'python', 5, /expected "," or "\]", found end of text/],
      ["{'a' 1}", 'python', 5, /expected ":" after key "a"/],
      ["[{'name': 'Ukraine}]", 'python', 10, /never closed/],
      ['[nan]', 'python', 1, /"nan" is not a literal/],
      ["['\\q']", 'python', 2, /"\\q" is not an escape/],
      ["{'a': 1, 'a': 2}", 'python', 9, /key "a" appears twice/],
      ['[1,]', 'json', 3, /a comma before "\]"/],
      ["['x']", 'json', 1, /expected a value, found "'"/],
      ['[True]', 'json', 1, /"True" is not a literal/],
      ['[1] 2', 'json', 4, /after the value/],
      ['[1.2.3]', 'python', 4, /inside the number/],
    ];
    for (const [text, dialect, offset, reason] of cases) {
      let error: unknown;
      try {
        parseLiteral(text, dialect);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(LiteralError);
      expect((error as LiteralError).offset, text).toBe(offset);
      expect((error as LiteralError).reason, text).toMatch(reason);
    }
  });

  it("writes Python's repr, which reads back to the same value", () => {
    const value = ["Côte d'Ivoire", 'say "hi"', `both ' and "`, 'back\\slash', 'line\nbreak', new LiteralNumber('12.5'), null, true, { key: ['x'] }];
    const text = pythonRepr(value);
    expect(text).toBe(`["Côte d'Ivoire", 'say "hi"', 'both \\' and "', 'back\\\\slash', 'line\\nbreak', 12.5, None, True, {'key': ['x']}]`);
    expect(parseLiteral(text, 'python')).toEqual(value);
  });
});

describe('JSON documents', () => {
  it('keeps every number as its exact text, however large, small or long', () => {
    const text = '{"amount": 11000000.10, "huge": 1e400, "tiny": -2.5E-400, "wide": 123456789012345678901234567890.000000000000000001, "zero": -0, "tenth": 0.1, "int": 9007199254740993}';
    const value = parseJsonDocument(text, 'amounts.json');
    expect(value).toEqual({
      amount: new LiteralNumber('11000000.10'),
      huge: new LiteralNumber('1e400'),
      tiny: new LiteralNumber('-2.5E-400'),
      wide: new LiteralNumber('123456789012345678901234567890.000000000000000001'),
      zero: new LiteralNumber('-0'),
      tenth: new LiteralNumber('0.1'),
      int: new LiteralNumber('9007199254740993'),
    });
    expect(isDict(value) && value.amount instanceof LiteralNumber && value.amount.text).toBe('11000000.10');
    // Ids written as numbers ("id": 1) are compared and shown as their text.
    expect(String(new LiteralNumber('007.50'))).toBe('007.50');
    expect(`${new LiteralNumber('1e400')}`).toBe('1e400');
  });

  it('reads strings, escapes (surrogate pairs included), literals, nesting and white space as JSON.parse does', () => {
    const text = ' \r\n\t{"s": "caf\\u00e9 \\ud83d\\ude00 \\/ \\" \\\\ \\b\\f\\n\\r\\t", "raw": "€ 😀 \u2028", "list": [true, false, null, [], {}], "": "empty key"}\n';
    const value = parseJsonDocument(text, 'strings.json');
    expect(value).toEqual(JSON.parse(text));
    expect(isDict(value) && value.s).toBe('café 😀 / " \\ \b\f\n\r\t');
  });

  it('refuses what strict JSON refuses, naming the character', () => {
    const cases: [string, number, RegExp][] = [
      ['[01]', 2, /"1" inside the number "0"/],
      ['[-01]', 3, /"1" inside the number "-0"/],
      ['[1.]', 2, /"\." inside the number "1"/],
      ['[.5]', 1, /expected a number/],
      ['[+1]', 1, /expected a value, found "\+"/],
      ['[-]', 1, /expected a number/],
      ['[1e]', 2, /"e" inside the number "1"/],
      ['[NaN]', 1, /"NaN" is not a literal/],
      ['[Infinity]', 1, /"Infinity" is not a literal/],
      ['[-Infinity]', 1, /expected a number/],
      ['[1,]', 3, /a comma before "\]"/],
      ['{"a": 1,}', 8, /a comma before "}"/],
      ['[1 2]', 3, /expected "," or "\]"/],
      ['{a: 1}', 1, /expected a string key/],
      ["{'a': 1}", 1, /expected a string key/],
      ['{"a" 1}', 5, /expected ":" after key "a"/],
      ['{"a": 1, "a": 2}', 9, /key "a" appears twice/],
      ['["a\tb"]', 3, /control character inside a string/],
      ['["a\u0000"]', 3, /control character inside a string/],
      ['["a\nb"]', 3, /line break/],
      ['["\\x41"]', 2, /"\\x" is not an escape the JSON syntax knows/],
      ['["\\u12"]', 2, /"\\u" needs 4 hexadecimal digits/],
      ['["\\\'"]', 2, /"\\'" is not an escape/],
      ['["open', 1, /never closed/],
      ['', 0, /expected a value, found end of text/],
      ['[true] x', 7, /"x" after the value/],
      ['[undefined]', 1, /"undefined" is not a literal/],
    ];
    for (const [text, offset, reason] of cases) {
      const error = failure(text, 'json');
      expect(error.offset, text).toBe(offset);
      expect(error.reason, text).toMatch(reason);
    }
  });

  it('names file, line and column of an error in a multi-line document, counting from 1', () => {
    const text = '{\n  "releases": [\n    {\n      "ocid": "x",\n      "value": {"amount": 01}\n    }\n  ]\n}\n';
    expect(documentFailure(text, 'release.json')).toBe('release.json:5:28: not valid JSON: "1" inside the number "0"');
    expect(documentFailure('{\r\n  "a": 1,\r\n}\r\n')).toBe('doc.json:3:1: not valid JSON: a comma before "}"');
    expect(documentFailure('{"a": 1}\n\n  ]')).toBe('doc.json:3:3: not valid JSON: unexpected "]" after the value');
    expect(documentFailure('{\n  "a": "no end\n}')).toBe('doc.json:2:15: not valid JSON: a line break or control character inside a string (write it as an escape)');
    expect(documentFailure('[1,\n')).toBe('doc.json:2:1: not valid JSON: expected a value, found end of text');
    expect(lineAndColumn('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab\ncd\n', 2)).toEqual({ line: 1, column: 3 });
  });

  it('skips a byte order mark, counting columns after it', () => {
    expect(parseJsonDocument('\uFEFF{"a": 1.50}', 'bom.json')).toEqual({ a: new LiteralNumber('1.50') });
    expect(documentFailure('\uFEFF[1,]')).toBe('doc.json:1:4: not valid JSON: a comma before "]"');
    expect(documentFailure('[\uFEFF1]')).toMatch(/^doc\.json:1:2: not valid JSON: expected a value, found character U\+FEFF$/);
  });

  it(`reads documents nested ${documentDepthMax} deep and refuses deeper ones without overflowing the stack`, () => {
    expect(documentDepthMax).toBe(256);
    let value = parseJsonDocument(nested(documentDepthMax, '7'), 'deep.json');
    for (let level = 0; level < documentDepthMax; level += 1) {
      expect(Array.isArray(value) && value.length === 1).toBe(true);
      value = (value as LiteralValue[])[0] as LiteralValue;
    }
    expect(value).toEqual(new LiteralNumber('7'));
    expect(documentFailure(nested(documentDepthMax + 1, '7'))).toBe(`doc.json:1:${documentDepthMax + 2}: not valid JSON: nested more than ${documentDepthMax} levels deep`);
    expect(documentFailure(nested(100_000, ''))).toMatch(/nested more than 256 levels deep$/);
    expect(documentFailure('{"a":'.repeat(300) + '1' + '}'.repeat(300))).toMatch(/^doc\.json:1:1286: not valid JSON: nested more than 256 levels deep$/);
  });

  it(`keeps the smaller limit, ${literalDepthMax}, for a Python cell`, () => {
    expect(parseLiteral(nested(literalDepthMax, '1'), 'python')).toBeDefined();
    expect(failure(nested(literalDepthMax + 1, '1'), 'python').reason).toBe(`nested more than ${literalDepthMax} levels deep`);
    expect(parseLiteral(nested(literalDepthMax + 1, '1'), 'json', documentDepthMax)).toBeDefined();
  });

  it('keeps a key "__proto__" a plain key and objects free of a prototype', () => {
    const value = parseJsonDocument('{"__proto__": {"polluted": true}, "constructor": 1, "toString": "x"}', 'proto.json');
    expect(isDict(value)).toBe(true);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
  });

  it('isDict tells an object from every other value', () => {
    const document = parseJsonDocument('[{}, {"a": 1}, [], "s", 1, true, null]', 'kinds.json') as LiteralValue[];
    expect(document.map((value) => isDict(value))).toEqual([true, true, false, false, false, false, false]);
    expect(isDict(undefined)).toBe(false);
  });

  it('an unfinished document is a DomainError pointing just past its end', () => {
    expect(() => parseJsonDocument('{"a": 1', 'short.json')).toThrow(DomainError);
    expect(documentFailure('{"a": 1', 'short.json')).toBe('short.json:1:8: not valid JSON: expected "," or "}", found end of text');
  });
});
