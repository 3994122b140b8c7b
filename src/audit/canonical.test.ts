import { rootOf, rowLeafHash } from './merkle.js';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerStore, LogRow } from '../application/ports.js';
import { canonicalJson, parseWithMinor } from './canonical.js';
import { chainHash, checkRow, genesisHash, rowBytes, sha256Hex, type ChainRow } from './chain.js';
import { verifyChain } from './verify.js';

// ---- canonical JSON (RFC 8785) ----

/** Strings that stress escaping: control characters, quotes, backslashes, non-BMP emoji, combining marks. */
const tricky = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\b', '\f', '\n', '\r', '\t', '"', '\\', '/', '\u2028', '\u2029', '😀', '👩‍👩‍👧', 'é', 'e\u0301', '€', '\uffff', '𝄞', 'ﬀ');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: tricky, maxLength: 6 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
);
/** Object keys: the same variety, the empty key and keys holding NUL included. */
const key = text;

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.maxSafeInteger(),
    fc.integer({ min: -1000, max: 1000 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
}));

describe('canonicalJson', () => {
  it('equals the canonicalize package (RFC 8785) for any JSON value of strings, safe integers, booleans, null, arrays and objects', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('is a fixed point of parse and re-serialise, and parses back to the same value', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
        expect(JSON.parse(once)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts keys by UTF-16 code units, whatever their insertion order', () => {
    expect(canonicalJson({ b: 1, a: 2, '10': 3, '9': 4, é: 5, '😀': 6, '\uffff': 7, A: 8 })).toBe('{"10":3,"9":4,"A":8,"a":2,"b":1,"é":5,"😀":6,"\uffff":7}');
    expect(canonicalJson({ z: { y: 1, x: [{ d: 1, c: 2 }] } })).toBe('{"z":{"x":[{"c":2,"d":1}],"y":1}}');
  });

  it('equal records give equal text whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 8 }), fc.integer(), (record, seed) => {
        const entries = Object.entries(record);
        const shuffled = entries.map((entry, index) => ({ entry, rank: (index * 7919 + seed) % 104729 })).sort((a, b) => a.rank - b.rank);
        expect(canonicalJson(Object.fromEntries(shuffled.map(({ entry }) => entry)))).toBe(canonicalJson(record));
      }),
    );
  });

  it('writes a bigint as a decimal string, skips undefined fields, and parseWithMinor reads …Minor fields back as bigint', () => {
    const event = { type: 'TransferRecorded', amountMinor: 12345678901234567890n, memo: undefined, note: '-5', nested: { balanceMinor: -7n } };
    const json = canonicalJson(event);
    expect(json).toBe('{"amountMinor":"12345678901234567890","nested":{"balanceMinor":"-7"},"note":"-5","type":"TransferRecorded"}');
    expect(parseWithMinor(json)).toEqual({ type: 'TransferRecorded', amountMinor: 12345678901234567890n, note: '-5', nested: { balanceMinor: -7n } });
  });

  it('refuses numbers that are not safe integers, and values JSON cannot hold', () => {
    for (const bad of [1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => canonicalJson(bad), String(bad)).toThrow(/safe integers/);
    expect(() => canonicalJson(() => 1)).toThrow(/cannot hold a function/);
    expect(() => canonicalJson(Symbol('s'))).toThrow(/cannot hold a symbol/);
  });

  // The key-order cache must tell apart key lists that a plain join would run together.
  it('an empty key is not confused with an empty object', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ '': 1 })).toBe('{"":1}');
  });

  it('a key containing U+0000 is not confused with two keys', () => {
    expect(canonicalJson({ p: 1, q: 2 })).toBe('{"p":1,"q":2}');
    expect(canonicalJson({ 'p\u0000q': 3 })).toBe(canonicalize({ 'p\u0000q': 3 }));
  });
});

// ---- hash chain ----

const sampleRow = (seq: number, payload = `{"n":${seq}}`): ChainRow => ({
  seq,
  actor: 'user:nl-mod',
  commandId: `cmd-${seq}`,
  type: 'TransferRecorded',
  payload,
  recordedAt: '2025-06-01T12:00:00.000Z',
});

function chain(count: number): LogRow[] {
  const rows: LogRow[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const row = sampleRow(seq);
    const hash = chainHash(prevHash, row);
    rows.push({ ...row, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/** Just enough of a store for verifyChain: the event log, read in pages. */
function logStore(rows: readonly LogRow[]): LedgerStore {
  const store: Pick<LedgerStore, 'readEvents'> = {
    readEvents: async (afterSeq, limit) => rows.filter((row) => row.seq > afterSeq).slice(0, limit),
  };
  return store as LedgerStore;
}

describe('chainHash', () => {
  it('is SHA-256 over the previous hash and the row\'s canonical bytes', () => {
    const row = sampleRow(1);
    expect(rowBytes(row)).toBe(canonicalize({ ...row, payload: JSON.parse(row.payload) as unknown }));
    expect(chainHash(genesisHash, row)).toBe(sha256Hex(genesisHash + rowBytes(row)));
    expect(chainHash(genesisHash, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rowBytes is the canonical JSON of the row for any canonical payload, an empty actor left out (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.string({ unit: 'binary' }),
        jsonValue,
        (actor, commandId, seq, type, value) => {
          const row = { seq, actor, commandId, type, payload: canonicalJson(value), recordedAt: '2025-01-01T00:00:00Z' };
          const { actor: _actor, ...withoutActor } = row;
          expect(rowBytes(row)).toBe(canonicalize(actor === '' ? { ...withoutActor, payload: value } : { ...row, payload: value }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('changes with the actor', () => {
    const row = sampleRow(1);
    const base = chainHash(genesisHash, row);
    expect(chainHash(genesisHash, { ...row, actor: 'user:dk-mod' })).not.toBe(base);
    expect(chainHash(genesisHash, { ...row, actor: 'user:nl-mod token:Ab12Cd34Ef56Gh78' })).not.toBe(base);
    expect(chainHash(genesisHash, { ...row, actor: '' })).not.toBe(base);
    expect(rowBytes(row).startsWith('{"actor":"user:nl-mod","commandId":')).toBe(true);
  });

  it('hashes a row with an empty actor exactly as rows were hashed before the actor was recorded', () => {
    const legacy = { ...sampleRow(1), actor: '' };
    // The bytes and hash of this row as written before the actor existed, pinned.
    expect(rowBytes(legacy)).toBe('{"commandId":"cmd-1","payload":{"n":1},"recordedAt":"2025-06-01T12:00:00.000Z","seq":1,"type":"TransferRecorded"}');
    expect(chainHash(genesisHash, legacy)).toBe('e630ee1aa538c8aa3589746e9cbf31b0f868c87fee064e679c8aad64764ee264');
    const { actor: _actor, ...withoutActor } = legacy;
    expect(rowBytes(legacy)).toBe(canonicalize({ ...withoutActor, payload: { n: 1 } }));
    expect(checkRow(0, genesisHash, { ...legacy, prevHash: genesisHash, hash: 'e630ee1aa538c8aa3589746e9cbf31b0f868c87fee064e679c8aad64764ee264' })).toBeUndefined();
  });

  it('changes when any one character of any field, or the previous hash, changes (property)', () => {
    const fields = ['actor', 'commandId', 'type', 'payload', 'recordedAt', 'prevHash'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (field, at, delta) => {
        const row = sampleRow(7, '{"amountMinor":"125000","memo":"tranche ✓"}');
        const prevHash = chainHash(genesisHash, sampleRow(6));
        const base = chainHash(prevHash, row);
        const original = field === 'prevHash' ? prevHash : row[field];
        const index = at % original.length;
        const changed = original.slice(0, index) + String.fromCharCode((original.charCodeAt(index) + delta) % 0x10000) + original.slice(index + 1);
        fc.pre(changed !== original);
        const hash = field === 'prevHash' ? chainHash(changed, row) : chainHash(prevHash, { ...row, [field]: changed });
        expect(hash).not.toBe(base);
      }),
    );
  });

  it('changes with the sequence number', () => {
    expect(chainHash(genesisHash, sampleRow(1))).not.toBe(chainHash(genesisHash, { ...sampleRow(1), seq: 2 }));
  });
});

describe('checkRow', () => {
  const rows = chain(3);
  const [first, second, third] = rows as [LogRow, LogRow, LogRow];

  it('accepts each row of an intact chain', () => {
    expect(checkRow(0, genesisHash, first)).toBeUndefined();
    expect(checkRow(1, first.hash, second)).toBeUndefined();
    expect(checkRow(2, second.hash, third)).toBeUndefined();
  });

  it('reports a sequence jump', () => {
    expect(checkRow(1, first.hash, third)).toEqual({ seq: 3, reason: 'sequence jumps from 1 to 3' });
    expect(checkRow(2, second.hash, second)).toEqual({ seq: 2, reason: 'sequence jumps from 2 to 2' });
  });

  it('reports a prev_hash that is not the previous row\'s hash', () => {
    expect(checkRow(1, 'f'.repeat(64), second)).toEqual({ seq: 2, reason: "prev_hash does not match the previous row's hash" });
    expect(checkRow(1, first.hash, { ...second, prevHash: genesisHash })).toEqual({ seq: 2, reason: "prev_hash does not match the previous row's hash" });
  });

  it('reports a hash that does not match the row\'s content', () => {
    const tampered = { ...second, payload: '{"n":20}' };
    expect(checkRow(1, first.hash, tampered)).toEqual({ seq: 2, reason: "hash does not match the row's content" });
    expect(checkRow(1, first.hash, { ...second, recordedAt: '2025-06-01T12:00:00.001Z' })?.reason).toBe("hash does not match the row's content");
    expect(checkRow(1, first.hash, { ...second, actor: 'user:someone-else' })?.reason).toBe("hash does not match the row's content");
    expect(checkRow(1, first.hash, { ...second, actor: '' })?.reason).toBe("hash does not match the row's content");
  });
});

describe('verifyChain', () => {
  it('verifies an intact chain across pages and reports its head', async () => {
    const rows = chain(10_005);
    const report = await verifyChain(logStore(rows));
    const treeRoot = Buffer.from(rootOf(rows.map(rowLeafHash))).toString('base64');
    expect(report).toEqual({ ok: true, events: 10_005, headHash: rows[rows.length - 1]?.hash, treeRoot });
  });

  it('verifies an empty log at the genesis hash', async () => {
    // The empty tree's root is SHA-256 of nothing (RFC 9162).
    expect(await verifyChain(logStore([]))).toEqual({ ok: true, events: 0, headHash: genesisHash, treeRoot: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' });
  });

  it('stops at the first broken row: an edited payload, a removed row, a re-hashed row whose successor no longer links', async () => {
    const rows = chain(6);
    const edited = rows.map((row) => (row.seq === 4 ? { ...row, payload: '{"n":400}' } : row));
    expect(await verifyChain(logStore(edited))).toMatchObject({ ok: false, events: 3, headHash: rows[2]?.hash, firstBreak: { seq: 4, reason: "hash does not match the row's content" } });

    const reattributed = rows.map((row) => (row.seq === 5 ? { ...row, actor: 'user:intruder' } : row));
    expect(await verifyChain(logStore(reattributed))).toMatchObject({ ok: false, events: 4, firstBreak: { seq: 5, reason: "hash does not match the row's content" } });

    const removed = rows.filter((row) => row.seq !== 2);
    expect(await verifyChain(logStore(removed))).toMatchObject({ ok: false, events: 1, firstBreak: { seq: 3, reason: 'sequence jumps from 1 to 3' } });

    const forged = rows.map((row) => {
      if (row.seq !== 4) return row;
      const payload = '{"n":400}';
      return { ...row, payload, hash: chainHash(row.prevHash, { ...row, payload }) };
    });
    expect(await verifyChain(logStore(forged))).toMatchObject({ ok: false, events: 4, firstBreak: { seq: 5, reason: "prev_hash does not match the previous row's hash" } });
  });
});
