import { describe, expect, it } from 'vitest';
import type { LedgerStore, LogRow } from '../src/application/ports.js';
import { chainHash, genesisHash, rowBytes } from '../src/audit/chain.js';
import { leafHash, rootOf } from '../src/audit/merkle.js';
import { checkRowLeaf, LogVerifier, ParallelVerifier, verifyChain, type VerifyReport } from '../src/audit/verify.js';

/**
 * Verification on two threads (ParallelVerifier, used by verifyChain for logs longer than one
 * page of 8,192 rows) against the one-thread LogVerifier and the RFC's reference root: the same
 * report, the same first break and reason, wherever the break falls (first page, on a page
 * boundary, in a page the thread hashes while the next is read, in the last row).
 */

const memos = ['plain', 'Ünïcödé – “quoted” \\ back', 'emoji 🚚 and CJK 援助', 'lone \ud800 surrogate', 'control \u0001 char'];

function chain(count: number): LogRow[] {
  const rows: LogRow[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const memo = memos[seq % memos.length] as string;
    const payload = `{"amountMinor":"${seq * 7}","memo":${JSON.stringify(memo)},"transferId":"t-${seq}"}`;
    const row = { seq, actor: seq % 11 === 0 ? '' : 'user:nl-mod', commandId: `cmd-${seq}`, type: 'TransferRecorded', payload, recordedAt: '2025-06-01T12:00:00.000Z' };
    const hash = chainHash(prevHash, row);
    rows.push({ ...row, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/** The event log in memory; `cap` limits a page, as a store may return fewer rows than asked. */
function logStore(rows: readonly LogRow[], cap = Number.POSITIVE_INFINITY): Pick<LedgerStore, 'readEvents'> {
  return {
    readEvents: async (afterSeq, limit) => {
      // Rows are in seq order, near index seq − 1 (a removed row shifts them by one).
      let from = Math.max(0, Math.min(afterSeq - 1, rows.length));
      while (from > 0 && (rows[from - 1] as LogRow).seq > afterSeq) from -= 1;
      while (from < rows.length && (rows[from] as LogRow).seq <= afterSeq) from += 1;
      return rows.slice(from, from + Math.min(limit, cap));
    },
  };
}

/** The one-thread verification of the same rows: LogVerifier.push, row by row. */
function oneThread(rows: readonly LogRow[]): VerifyReport {
  const verifier = new LogVerifier();
  for (const row of rows) {
    const broken = verifier.push(row);
    if (broken) return verifier.report(broken);
  }
  return verifier.report();
}

/** The two-thread path from the first row, whatever the machine's number of cores (verifyChain uses it only with two or more). */
async function twoThreads(rows: readonly LogRow[], cap?: number): Promise<VerifyReport> {
  const threads = new ParallelVerifier();
  try {
    const verifier = new LogVerifier();
    const store = logStore(rows, cap);
    return verifier.report(await threads.run(verifier, (afterSeq, limit) => store.readEvents(afterSeq, limit), 4096));
  } finally {
    await threads.close();
  }
}

const rows = chain(8192 + 4096 + 777);

describe('checkRowLeaf', () => {
  it('gives the leaf hash rowLeafHash gives, for every kind of text, and the break checkRow gives', () => {
    let prevHash = genesisHash;
    for (const row of rows.slice(0, 50)) {
      const leaf = checkRowLeaf(row.seq - 1, prevHash, row);
      expect(typeof leaf).toBe('string');
      expect(Buffer.from(leaf as string, 'latin1')).toEqual(Buffer.from(leafHash(rowBytes(row))));
      prevHash = row.hash;
    }
    const row = rows[3] as LogRow;
    expect(checkRowLeaf(3, row.prevHash, { ...row, payload: '{"x":1}' })).toEqual({ seq: 4, reason: "hash does not match the row's content" });
    expect(checkRowLeaf(3, genesisHash, row)).toEqual({ seq: 4, reason: "prev_hash does not match the previous row's hash" });
    expect(checkRowLeaf(2, row.prevHash, row)).toEqual({ seq: 4, reason: 'sequence jumps from 2 to 4' });
  });
});

describe('verifyChain on two threads', () => {
  it('reports what one thread reports, with the reference root, for pages of any length', async () => {
    const expected = oneThread(rows);
    expect(expected.ok).toBe(true);
    expect(expected.treeRoot).toBe(Buffer.from(rootOf(rows.map((row) => leafHash(rowBytes(row))))).toString('base64'));
    expect(await verifyChain(logStore(rows))).toEqual(expected);
    expect(await verifyChain(logStore(rows), { parallel: false })).toEqual(expected);
    expect(await twoThreads(rows)).toEqual(expected);
    // Short pages: the pages the thread gets are no longer aligned subtrees of the tree.
    expect(await verifyChain(logStore(rows, 5000))).toEqual(expected);
    expect(await verifyChain(logStore(rows.slice(0, 8192 + 4096)))).toEqual(oneThread(rows.slice(0, 8192 + 4096)));
  });

  const positions = [1, 4096, 4097, 8192, 8193, 10_000, 12_288, rows.length];
  const tamperings: readonly [string, (row: LogRow) => LogRow | undefined][] = [
    ['a changed payload', (row) => ({ ...row, payload: row.payload.replace('"amountMinor":"', '"amountMinor":"9') })],
    ['a changed actor', (row) => ({ ...row, actor: 'user:someone-else' })],
    ['a forged prev_hash', (row) => ({ ...row, prevHash: 'f'.repeat(64) })],
    ['a hash in upper case', (row) => ({ ...row, hash: row.hash.toUpperCase() })],
    ['a hash that is not hex', (row) => ({ ...row, hash: `${row.hash.slice(0, 63)}š` })],
    ['a removed row', () => undefined],
  ];
  for (const [what, tamper] of tamperings) {
    it(`names the first break exactly as one thread does: ${what}`, async () => {
      for (const at of positions) {
        const changed = rows.flatMap((row) => (row.seq === at ? (tamper(row) ?? []) : [row]));
        const expected = oneThread(changed);
        if (at < rows.length || what !== 'a removed row') expect(expected.ok, `${what} at ${at}`).toBe(false);
        expect(await verifyChain(logStore(changed)), `${what} at seq ${at}`).toEqual(expected);
        expect(await twoThreads(changed, 3000), `${what} at seq ${at}, short pages`).toEqual(expected);
      }
    }, 60_000);
  }

  it('reports the earliest of two breaks, one the main thread sees and one the worker sees', async () => {
    const changed = rows.map((row) => (row.seq === 9000 ? { ...row, payload: '{"x":1}' } : row.seq === 9100 ? { ...row, prevHash: genesisHash } : row));
    const report = await verifyChain(logStore(changed));
    expect(report).toEqual(oneThread(changed));
    expect(report.firstBreak).toEqual({ seq: 9000, reason: "hash does not match the row's content" });
  });
});
