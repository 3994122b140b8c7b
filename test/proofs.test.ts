import { Command, Option } from 'commander';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MerkleIndex, tileSize } from '../src/application/merkle-index.js';
import type { ChainHead, LedgerStore, LogRow } from '../src/application/ports.js';
import { checkProof, proveConsistency, proveEvent, proveRecord, type EventProof, type RecordProof } from '../src/application/proofs.js';
import { EventHistory } from '../src/application/reports/history.js';
import { chainHash, genesisHash, rowBytes } from '../src/audit/chain.js';
import { leafHash, rootOf, rowLeafHash, verifyConsistency, verifyInclusion, type Hash } from '../src/audit/merkle.js';
import { verifyChain } from '../src/audit/verify.js';
import { addAuditCommands } from '../src/cli/audit.js';
import type { CliContext } from '../src/cli/program.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { DomainError } from '../src/domain/errors.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { temporaryLedgers } from './support/ledgers.js';

/** Proofs of the demo ledger, checked with merkle.ts's verifiers and offline with `checkProof`. */

const ledgers = temporaryLedgers('proofs');
let store: SqliteStore;
let dbPath: string;
let rows: LogRow[];
let leaves: Hash[];
let size: number;
let treeRoot: string;

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

async function allRows(source: LedgerStore): Promise<LogRow[]> {
  const all: LogRow[] = [];
  for (;;) {
    const page = await source.readEvents(all.length, 50);
    if (page.length === 0) return all;
    all.push(...page);
  }
}

/** A deterministic generator of [0, 1), so failures repeat. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One base64 hash with one bit of one byte changed. */
function flip(hash: string, byte = 0): string {
  const raw = Buffer.from(hash, 'base64');
  raw[byte] = (raw[byte] ?? 0) ^ 0x01;
  return raw.toString('base64');
}

/** A deep, mutable copy of a document, to change. */
const clone = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

function failure(document: unknown): string {
  const result = checkProof(JSON.stringify(document));
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

beforeAll(async () => {
  const opened = await ledgers.fresh();
  store = opened.store;
  dbPath = store.location;
  const results = await opened.ledger.execute(demoCommands().map(parseCommand), { actor: 'demo' });
  expect(results.every((result) => result.status === 'applied')).toBe(true);
  rows = await allRows(store);
  leaves = rows.map(rowLeafHash);
  size = rows.length;
  const report = await verifyChain(store);
  expect(report.ok).toBe(true);
  treeRoot = report.treeRoot;
});

describe('proveEvent', () => {
  it('proves every event of the demo ledger against the root verify reports', async () => {
    expect(size).toBeGreaterThan(20);
    expect((await store.head()).seq).toBe(size);
    for (const row of rows) {
      const proof = await proveEvent(store, row.seq);
      expect(proof).toMatchObject({ seq: row.seq, leafIndex: row.seq - 1, treeSize: size, rootHash: treeRoot, leafHash: b64(rowLeafHash(row)) });
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, bytes(proof.leafHash), proof.proof.map(bytes), bytes(treeRoot))).toBe(true);
      expect(checkProof(JSON.stringify(proof))).toMatchObject({ ok: true, kind: 'event' });
    }
  });

  it('proves an event in an older tree against that tree\'s root', async () => {
    const rnd = random(7);
    for (const oldSize of [1, 2, 3, 8, 13, size - 1]) {
      const oldRoot = b64(rootOf(leaves.slice(0, oldSize)));
      for (const seq of new Set([1, oldSize, 1 + Math.floor(rnd() * oldSize)])) {
        const proof = await proveEvent(store, seq, oldSize);
        expect(proof.treeSize).toBe(oldSize);
        expect(proof.rootHash).toBe(oldRoot);
        expect(verifyInclusion(seq - 1, oldSize, leaves[seq - 1] as Hash, proof.proof.map(bytes), bytes(oldRoot))).toBe(true);
        expect(checkProof(proof).ok).toBe(true);
      }
    }
    // The root of the whole log is verify's.
    expect((await proveEvent(store, 1, size)).rootHash).toBe(treeRoot);
  });

  it('accepts the event\'s row bytes beside the proof, and refuses them changed', async () => {
    const proof = await proveEvent(store, 5);
    const row = rowBytes(rows[4] as LogRow);
    expect(checkProof({ ...proof, row }).ok).toBe(true);
    expect(failure({ ...proof, row: row.replace('"seq":5', '"seq":6') })).toMatch(/row states seq 6, not 5/);
    expect(failure({ ...proof, row: `${row} ` })).toMatch(/leaf hash of the row bytes of seq 5 is not leafHash/);
  });

  it('refuses a seq outside the tree and a size beyond the log, naming the value', async () => {
    await expect(proveEvent(store, 0)).rejects.toThrow(/seq 0: must be a whole number from 1 to \d+/);
    await expect(proveEvent(store, size + 1)).rejects.toThrow(new RegExp(`seq ${size + 1}: must be a whole number from 1 to ${size}`));
    await expect(proveEvent(store, 10, 9)).rejects.toThrow(/seq 10: must be a whole number from 1 to 9/);
    await expect(proveEvent(store, 1.5)).rejects.toThrow(/seq 1.5/);
    await expect(proveEvent(store, 1, size + 1)).rejects.toThrow(new RegExp(`size ${size + 1}: must be a whole number from 1 to ${size}`));
    await expect(proveEvent(store, 1, 0)).rejects.toThrow(/size 0/);
    await expect(proveEvent(store, 0)).rejects.toBeInstanceOf(DomainError);
  });

  it('refuses to prove anything in an empty log', async () => {
    const { store: empty } = await ledgers.fresh();
    await expect(proveEvent(empty, 1)).rejects.toThrow(/the log is empty/);
  });
});

describe('proveRecord', () => {
  it('proves every event that concerns package PURL-NLD-1, with rows that rebuild each leaf', async () => {
    const history = await new EventHistory(store).of('PURL-NLD-1', await store.head());
    expect(history.length).toBeGreaterThan(3);
    const proof = await proveRecord(store, 'PURL-NLD-1');
    expect(proof.recordId).toBe('PURL-NLD-1');
    expect(proof.treeSize).toBe(size);
    expect(proof.rootHash).toBe(treeRoot);
    expect(proof.events.map((event) => event.seq)).toEqual(history.map((entry) => entry.seq));
    expect(proof.proofs.map((entry) => entry.seq)).toEqual(history.map((entry) => entry.seq));
    proof.events.forEach((event, index) => {
      const row = rows[event.seq - 1] as LogRow;
      expect(event.type).toBe(row.type);
      expect(event.row).toBe(rowBytes(row));
      const inclusion = proof.proofs[index] as EventProof;
      expect(inclusion.leafHash).toBe(b64(leafHash(event.row)));
      expect(verifyInclusion(event.seq - 1, size, leafHash(event.row), inclusion.proof.map(bytes), bytes(treeRoot))).toBe(true);
    });
    expect(checkProof(JSON.stringify(proof))).toMatchObject({ ok: true, kind: 'record' });
  });

  it('proves a record in an older tree, with only the events the tree holds', async () => {
    const full = await proveRecord(store, 'PURL-NLD-1');
    const cut = (full.events[1]?.seq ?? 0) as number;
    const older = await proveRecord(store, 'PURL-NLD-1', cut);
    expect(older.events.map((event) => event.seq)).toEqual(full.events.slice(0, 2).map((event) => event.seq));
    expect(older.rootHash).toBe(b64(rootOf(leaves.slice(0, cut))));
    expect(checkProof(older).ok).toBe(true);
  });

  it('refuses an unknown record and an empty id', async () => {
    await expect(proveRecord(store, 'PURL-XXX-9')).rejects.toThrow(/record PURL-XXX-9: no event among the first \d+ names it/);
    await expect(proveRecord(store, 'PURL-XXX-9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(proveRecord(store, '')).rejects.toThrow(/record id is empty/);
  });
});

describe('proveConsistency', () => {
  it('proves random pairs of sizes against the roots of those trees', async () => {
    const rnd = random(42);
    const pairs: [number, number][] = [[1, 1], [1, size], [size, size], [size - 1, size]];
    for (let i = 0; i < 40; i += 1) {
      const a = 1 + Math.floor(rnd() * size);
      const b = 1 + Math.floor(rnd() * size);
      pairs.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [size1, size2] of pairs) {
      const proof = await proveConsistency(store, size1, size2);
      expect(proof.root1).toBe(b64(rootOf(leaves.slice(0, size1))));
      expect(proof.root2).toBe(b64(rootOf(leaves.slice(0, size2))));
      expect(verifyConsistency(size1, size2, bytes(proof.root1), bytes(proof.root2), proof.proof.map(bytes))).toBe(true);
      expect(checkProof(JSON.stringify(proof))).toMatchObject({ ok: true, kind: 'consistency' });
    }
    expect((await proveConsistency(store, 3, size)).root2).toBe(treeRoot);
  });

  it('refuses sizes out of order or beyond the log', async () => {
    await expect(proveConsistency(store, 0, 5)).rejects.toThrow(/size1 0/);
    await expect(proveConsistency(store, 6, 5)).rejects.toThrow(/size1 6: must be a whole number from 1 to size2 \(5\)/);
    await expect(proveConsistency(store, 1, size + 1)).rejects.toThrow(new RegExp(`size2 ${size + 1}`));
  });
});

describe('checkProof refuses a changed document with a reason', () => {
  let record: RecordProof;
  beforeAll(async () => {
    record = await proveRecord(store, 'PURL-NLD-1');
  });

  it('one byte of a row', () => {
    for (let index = 0; index < record.events.length; index += 1) {
      const changed = clone<{ events: { row: string }[] }>(record);
      const event = changed.events[index] as { row: string };
      // A digit of the recorded time: still JSON, still the same seq and type.
      const at = event.row.indexOf('"recordedAt":"') + '"recordedAt":"'.length;
      event.row = `${event.row.slice(0, at)}${event.row[at] === '1' ? '2' : '1'}${event.row.slice(at + 1)}`;
      expect(failure(changed)).toMatch(/leaf hash of the row bytes of seq \d+ is not leafHash/);
    }
    const retyped = clone<{ events: { type: string }[] }>(record);
    (retyped.events[0] as { type: string }).type = 'Nothing';
    expect(failure(retyped)).toMatch(/row states type/);
  });

  it('a proof element, of a record, an event and a consistency proof', async () => {
    const withPath = record.proofs.findIndex((entry) => entry.proof.length > 0);
    const changed = clone<{ proofs: { proof: string[] }[] }>(record);
    const path = (changed.proofs[withPath] as { proof: string[] }).proof;
    path[0] = flip(path[0] as string, 31);
    expect(failure(changed)).toMatch(/is not in the tree of \d+ events: the computed root does not match/);

    const event = clone<{ proof: string[] }>(await proveEvent(store, 7));
    event.proof[event.proof.length - 1] = flip(event.proof[event.proof.length - 1] as string, 3);
    expect(failure(event)).toMatch(/seq 7 is not in the tree/);
    const shorter = clone<{ proof: string[] }>(await proveEvent(store, 7));
    shorter.proof.pop();
    expect(failure(shorter)).toMatch(/the proof has \d+ hashes where leaf 6 of \d+ needs/);

    const consistency = clone<{ proof: string[] }>(await proveConsistency(store, 5, size));
    consistency.proof[1] = flip(consistency.proof[1] as string, 10);
    expect(failure(consistency)).toMatch(/is not shown to be a prefix/);
  });

  it('the root', async () => {
    expect(failure({ ...record, rootHash: flip(record.rootHash) })).toMatch(/another tree/);
    const proofs = clone<{ rootHash: string }[]>(record.proofs);
    for (const entry of proofs) entry.rootHash = flip(entry.rootHash);
    expect(failure({ ...record, proofs, rootHash: flip(record.rootHash) })).toMatch(/the computed root does not match/);
    const event = await proveEvent(store, 3);
    expect(failure({ ...event, rootHash: flip(event.rootHash, 20) })).toMatch(/the computed root does not match/);
    const consistency = await proveConsistency(store, 5, size);
    expect(failure({ ...consistency, root2: flip(consistency.root2) })).toMatch(/does not lead to root2/);
    expect(failure({ ...consistency, root1: flip(consistency.root1) })).toMatch(/does not lead to root1/);
    // From a power of 2 the old root is the start of the path, so a changed one misses root2.
    const fromFour = await proveConsistency(store, 4, size);
    expect(failure({ ...fromFour, root1: flip(fromFour.root1) })).toMatch(/is not shown to be a prefix of the tree of \d+: the proof does not lead to root2/);
  });

  it('the sizes, the leaf index, and anything else that is not the document it claims to be', async () => {
    const event = await proveEvent(store, 9);
    // (A root does not commit to its size: some other sizes give the same path, see merkle.ts.)
    expect(failure({ ...event, treeSize: 9 })).toMatch(/seq 9 is not in the tree of 9 events/);
    expect(failure({ ...event, leafIndex: 9 })).toMatch(/leafIndex 9 is not seq 9 − 1/);
    expect(failure({ ...event, seq: 10, leafIndex: 9 })).toMatch(/seq 10 is not in the tree/);
    expect(failure({ ...event, treeSize: 18446744073709551615 })).toMatch(/treeSize must be a whole number/);
    expect(failure({ ...event, leafHash: 'abc' })).toMatch(/leafHash is not canonical base64|leafHash is \d+ bytes/);
    // base64 whose last character carries ignored bits: the same bytes, another text.
    const last = event.rootHash.at(-2) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    expect(failure({ ...event, rootHash: `${event.rootHash.slice(0, -2)}${sibling}=` })).toMatch(/rootHash is not canonical base64/);
    const consistency = await proveConsistency(store, 4, 11);
    expect(failure({ ...consistency, size1: 5 })).toMatch(/not shown to be a prefix/);
    const record = await proveRecord(store, 'PURL-NLD-1');
    expect(failure({ ...record, recordId: 'PURL-DEU-3' })).toMatch(/does not name PURL-DEU-3/);
    expect(failure({ ...record, events: [...record.events].reverse(), proofs: [...record.proofs].reverse() })).toMatch(/ascending order/);
    expect(failure({ ...record, proofs: record.proofs.slice(1) })).toMatch(/events but \d+ proofs/);
    expect(checkProof('{not json')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) as unknown });
    expect(failure({ hello: 1 })).toMatch(/^not a proof/);
    expect(failure([])).toMatch(/^not a proof/);
  });
});

describe('aidtrace prove and check-proof', () => {
  function cli() {
    const output: string[] = [];
    const errors: string[] = [];
    let exitCode = 0;
    const context: CliContext = {
      config: {} as CliContext['config'],
      openStore: async (location) => SqliteStore.open(location),
      out: (text) => output.push(text),
      err: (text) => errors.push(text),
      setExitCode: (code) => {
        exitCode = code;
      },
      today: () => '2026-06-30',
      actor: 'cli:test',
    };
    const program = new Command('aidtrace').exitOverride().configureOutput({ writeOut: (text) => output.push(text), writeErr: (text) => errors.push(text) });
    const withStore = async <T>(db: string, work: (opened: LedgerStore) => Promise<T>): Promise<T> => {
      const opened = await context.openStore(db);
      try {
        return await work(opened);
      } finally {
        await opened.close();
      }
    };
    addAuditCommands(program, context, () => new Option('--db <path|url>', 'ledger').default(dbPath), withStore);
    return {
      run: async (...args: string[]) => {
        output.length = 0;
        errors.length = 0;
        exitCode = 0;
        await program.parseAsync(args, { from: 'user' });
        return { out: output.join('\n'), err: errors.join('\n'), code: exitCode };
      },
    };
  }

  it('prints an event proof, a record proof and a consistency proof, and checks each file offline', async () => {
    const { run } = cli();
    const event = JSON.parse((await run('prove', '12', '--db', dbPath)).out) as EventProof;
    expect(event).toEqual(await proveEvent(store, 12));
    const old = JSON.parse((await run('prove', '12', '--size', '20')).out) as EventProof;
    expect(old).toEqual(await proveEvent(store, 12, 20));
    const record = JSON.parse((await run('prove', 'PURL-NLD-1')).out) as RecordProof;
    expect(record).toEqual(await proveRecord(store, 'PURL-NLD-1'));
    const consistency = JSON.parse((await run('prove', '--consistency', '3', String(size))).out) as unknown;
    expect(consistency).toEqual(await proveConsistency(store, 3, size));

    for (const [name, document] of Object.entries({ event, old, record, consistency })) {
      const file = join(ledgers.dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(document));
      const result = await run('check-proof', file);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^ok: /);
    }
    const tampered = join(ledgers.dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...event, rootHash: flip(event.rootHash) }));
    const refused = await run('check-proof', tampered);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^proof fails: seq 12 is not in the tree of \d+ events: the computed root does not match/);
  });

  it('reports bad input as errors', async () => {
    const { run } = cli();
    await expect(run('prove', '0')).rejects.toThrow(/seq 0/);
    await expect(run('prove', String(size + 1))).rejects.toThrow(new RegExp(`seq ${size + 1}`));
    await expect(run('prove', 'NO-SUCH-RECORD')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run('prove', '--consistency', '3')).rejects.toThrow(/two sizes/);
    await expect(run('prove', '4', '--consistency', '3', '5')).rejects.toThrow(/takes no target/);
    await expect(run('prove')).rejects.toThrow(/name an event's seq or a record id/);
    await expect(run('prove', '1', '--db', join(ledgers.dir, 'absent.db'))).rejects.toThrow(/no ledger here/);
    await expect(run('check-proof', join(ledgers.dir, 'absent.json'))).rejects.toThrow(/no such file/);
    await expect(run('prove', '1', '--size', 'ten')).rejects.toThrow(/--size "ten" is not a whole number/);
  });
});

// ---------------------------------------------------------------------------------------------
// With a MerkleIndex: the same documents, reading only the tiles a proof needs

/** A chained log of `count` synthetic transfers, each naming a package among 7 and its own transfer id. */
function syntheticLog(count: number, from: readonly LogRow[] = []): LogRow[] {
  const log = [...from];
  let prevHash = log.at(-1)?.hash ?? genesisHash;
  for (let seq = log.length + 1; seq <= count; seq += 1) {
    const payload = `{"amountMinor":"${seq * 3}","currency":"EUR","fromAccount":"donor:NLD","packageId":"PK-${seq % 7}","toAccount":"package:PK-${seq % 7}","transferId":"t-${seq}","type":"TransferRecorded"}`;
    const row = { seq, actor: 'user:nl-mod', commandId: `cmd-${seq}`, type: 'TransferRecorded', payload, recordedAt: '2025-06-01T12:00:00.000Z' };
    const hash = chainHash(prevHash, row);
    log.push({ ...row, prevHash, hash });
    prevHash = hash;
  }
  return log;
}

/** The log in memory as a store; `read` counts the rows it hands out. */
function memoryStore(log: LogRow[]): Pick<LedgerStore, 'head' | 'readEvents'> & { log: LogRow[]; read: number } {
  const store = {
    log,
    read: 0,
    head: async (): Promise<ChainHead> => ({ seq: store.log.length, hash: store.log.at(-1)?.hash ?? genesisHash }),
    readEvents: async (afterSeq: number, limit: number): Promise<readonly LogRow[]> => {
      const page = store.log.slice(afterSeq, afterSeq + limit);
      store.read += page.length;
      return page;
    },
  };
  return store;
}

describe('proofs with a MerkleIndex', () => {
  it('are the documents of the demo ledger the whole-log path gives', async () => {
    const index = new MerkleIndex();
    for (const row of rows) expect(await proveEvent(store, row.seq, undefined, index)).toEqual(await proveEvent(store, row.seq));
    for (const id of ['PURL-NLD-1', 'NLD']) {
      expect(await proveRecord(store, id, undefined, index)).toEqual(await proveRecord(store, id));
      expect(await proveRecord(store, id, size - 3, index)).toEqual(await proveRecord(store, id, size - 3));
    }
    expect(await proveConsistency(store, 3, size, index)).toEqual(await proveConsistency(store, 3, size));
    await expect(proveRecord(store, 'no-such-record', undefined, index)).rejects.toThrow(/no event among the first/);
    await expect(proveEvent(store, size + 1, undefined, index)).rejects.toThrow(new RegExp(`seq ${size + 1}: must be a whole number from 1 to ${size}`));
  });

  it('equal the whole-log proofs for random log and tree sizes, below, at and across tiles of 256 (property)', async () => {
    const full = syntheticLog(3 * tileSize + 100);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: full.length }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 6 }),
        async (logSize, a, b, pkg) => {
          const log = memoryStore(full.slice(0, logSize));
          const index = new MerkleIndex();
          const treeSize = 1 + Math.floor(a * (logSize - 1));
          const seq = 1 + Math.floor(b * (treeSize - 1));
          expect(await proveEvent(log, seq, treeSize, index)).toEqual(await proveEvent(log, seq, treeSize));
          expect(await proveEvent(log, seq, undefined, index)).toEqual(await proveEvent(log, seq));
          expect(await proveConsistency(log, seq, treeSize, index)).toEqual(await proveConsistency(log, seq, treeSize));
          expect(await proveConsistency(log, treeSize, logSize, index)).toEqual(await proveConsistency(log, treeSize, logSize));
          if (treeSize >= 7) expect(await proveRecord(log, `PK-${pkg}`, treeSize, index)).toEqual(await proveRecord(log, `PK-${pkg}`, treeSize));
          expect(await proveRecord(log, `t-${seq}`, treeSize, index)).toEqual(await proveRecord(log, `t-${seq}`, treeSize));
          expect(index.rebuilds).toBeLessThanOrEqual(1); // once, when record proofs were first asked for
        },
      ),
      { numRuns: 60, seed: 9162 },
    );
  }, 120_000);

  it('catches up with appended events only, and reads at most the tiles a proof needs', async () => {
    const log = memoryStore(syntheticLog(20 * tileSize + 17));
    const index = new MerkleIndex();
    await index.update(log);
    expect(index.size).toBe(log.log.length);
    const rnd = random(256);
    for (let round = 0; round < 12; round += 1) {
      const before = log.log.length;
      log.log = syntheticLog(before + 1 + Math.floor(rnd() * 700), log.log);
      log.read = 0;
      await index.update(log);
      // The rows appended, and the one the index ended with (to check it is still there).
      expect(log.read).toBe(log.log.length - before + 1);
      const n = log.log.length;
      const seq = 1 + Math.floor(rnd() * n);
      const treeSize = seq + Math.floor(rnd() * (n - seq + 1));
      log.read = 0;
      const proof = await proveEvent(log, seq, treeSize, index);
      expect(log.read).toBeLessThanOrEqual(2 * tileSize);
      expect(proof).toEqual(await proveEvent(log, seq, treeSize));
      log.read = 0;
      const consistency = await proveConsistency(log, seq, treeSize, index);
      expect(log.read).toBeLessThanOrEqual(2 * tileSize);
      expect(consistency).toEqual(await proveConsistency(log, seq, treeSize));
    }
    expect(index.rebuilds).toBe(0);
  });

  it('rebuilds when the log changed under it, and refuses a broken chain as the whole-log path does', async () => {
    const log = memoryStore(syntheticLog(5 * tileSize + 3));
    const index = new MerkleIndex();
    await proveEvent(log, 1, undefined, index);
    // Another log of the same length: the head the index saw is no longer there.
    const other = syntheticLog(5 * tileSize + 3).map((row) => ({ ...row }));
    let prevHash = genesisHash;
    for (const row of other) {
      Object.assign(row, { recordedAt: '2025-06-02T00:00:00.000Z', prevHash });
      Object.assign(row, { hash: chainHash(prevHash, row) });
      prevHash = row.hash;
    }
    log.log = other;
    expect(await proveEvent(log, 700, undefined, index)).toEqual(await proveEvent(log, 700));
    expect(index.rebuilds).toBe(1);
    // Only the last event replaced, in the tile the index holds in memory: no tile read would show it.
    const last = other.at(-1) as LogRow;
    const replaced = { ...last, payload: last.payload.replace('"amountMinor":"', '"amountMinor":"2') };
    log.log = [...other.slice(0, -1), { ...replaced, hash: chainHash(replaced.prevHash, replaced) }];
    expect(await proveEvent(log, other.length, undefined, index)).toEqual(await proveEvent(log, other.length));
    expect(index.rebuilds).toBe(2);
    log.log = other;
    expect(await proveEvent(log, other.length, undefined, index)).toEqual(await proveEvent(log, other.length));
    expect(index.rebuilds).toBe(3);
    // A shorter log.
    log.log = other.slice(0, 600);
    expect(await proveConsistency(log, 10, 600, index)).toEqual(await proveConsistency(log, 10, 600));
    expect(index.rebuilds).toBe(4);
    // A row in the middle changed, the head the same: the tile read for a proof is not what was
    // verified, the index rebuilds, finds the break, and refuses as the whole-log path does.
    log.log = other.slice(0, 600).map((row) => (row.seq === 300 ? { ...row, payload: row.payload.replace('"amountMinor":"', '"amountMinor":"1') } : row));
    const expected = await proveEvent(log, 301).then(() => new Error('proved'), (error: unknown) => error as Error);
    expect(expected).toBeInstanceOf(DomainError);
    expect(expected.message).toMatch(/event_log seq 300: hash does not match/);
    await expect(proveEvent(log, 301, undefined, index)).rejects.toThrow(expected.message);
    expect(index.rebuilds).toBe(5);
    // A proof in the tree before the break still holds.
    expect(await proveEvent(log, 299, 299, index)).toEqual(await proveEvent(log, 299, 299));
    // A missing row.
    const gap = memoryStore(syntheticLog(400));
    const head = gap.head;
    gap.head = async () => ({ ...(await head()), seq: 410 });
    const missing = await proveEvent(gap, 1, 405).then(() => new Error('proved'), (error: unknown) => error as Error);
    expect(missing.message).toMatch(/seq 401 is missing/);
    await expect(proveEvent(gap, 1, 405, new MerkleIndex())).rejects.toThrow(missing.message);
  });
});
