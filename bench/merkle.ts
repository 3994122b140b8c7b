/**
 * The Merkle tree (src/audit/merkle.ts) beside bare SHA-256, in memory, in the same run.
 *
 *   npx tsx bench/merkle.ts [--events 1000000]
 *
 * `merkleFigures` measures in the current process; `merkleFiguresApart` runs this file in a
 * process of its own (as run.ts does), so that the peak RSS is the Merkle run's alone and the
 * heap left by other measurements does not weigh on it.
 *
 * Setup, not timed: `events` synthetic event-log rows shaped as the ledger writes them (a
 * TransferRecorded payload of about 250 bytes of canonical JSON, its command id, actor, batch
 * timestamp), chained with `chainHash` exactly as the ledger chains them.
 *
 * Full verification: what `verifyChain` does per row, without the store, on one thread
 * (`LogVerifier.push`: the chain link recomputed and the row appended to the Merkle tree) and
 * on every core (`ParallelVerifier.run`, what verifyChain uses for a log of more than one page of
 * 8,192 rows: this thread makes each row's canonical bytes and packs them, one worker thread per
 * core hashes the chain links and leaves), then the root. Bare: SHA-256 once per row over the same bytes
 * (`rowBytes(row)`) on ONE thread, nothing else, with the digest as hex (the cheapest form). The
 * rows are cut into rounds (ending on multiples of a page) and the three sides rotate which goes
 * first, so that drift (frequency, other processes, GC) falls on all; each side's rounds are
 * summed. Both verifications must give the same report.
 *
 * The index: a MerkleIndex over an in-memory store of the rows (head and readEvents), built
 * from nothing over all but the last 20,000 rows, then caught up in steps of 100 appended rows
 * (µs per appended event).
 *
 * Proofs, in the tree of all the rows: generation through the index (`proveEvent` /
 * `proveConsistency` with it, random seqs and sizes; each reads one or two tiles of 256 rows
 * and hashes their leaves), checked byte for byte against proofs from a cache of the tree's
 * complete subtrees; generation without it (`inclusionProof` / `consistencyProof` from every
 * leaf, a few); and verification with `verifyInclusion` / `verifyConsistency` of many distinct
 * random proofs built, untimed, from the cache. Each set of 20,000 proofs is verified three
 * times and the fastest pass counts. Every verification must answer true; a wrong answer
 * aborts the run.
 */
import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chainHash, genesisHash, rowBytes, type ChainRow } from '../src/audit/chain.js';
import { MerkleIndex } from '../src/application/merkle-index.js';
import type { ChainHead } from '../src/application/ports.js';
import { proveConsistency, proveEvent } from '../src/application/proofs.js';
import { LogVerifier, ParallelVerifier, type VerifyReport } from '../src/audit/verify.js';
import {
  consistencyProof,
  consistencyProofFromSubtrees,
  equalHashes,
  inclusionProof,
  inclusionProofFromSubtrees,
  nodeHash,
  rowLeafHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../src/audit/merkle.js';

export interface MerkleFigures {
  readonly events: number;
  /** Mean length of the rows' payloads (canonical JSON of the event), in bytes. */
  readonly payloadBytesMean: number;
  /** Mean length of `rowBytes(row)` over the rows, in bytes. */
  readonly rowBytesMean: number;
  readonly rounds: number;
  /** One thread: LogVerifier.push per row (chain link and tree leaf), then the root. */
  readonly verifyPerS: number;
  readonly verifySeconds: number;
  /** On every core, as verifyChain runs a log of more than one page: ParallelVerifier.run (this thread packs, `workers` threads hash), then the root. */
  readonly verifyTwoThreadsPerS: number;
  readonly workers: number;
  /** os.availableParallelism() and the 1-minute load average when the run ended. */
  readonly cores: number;
  readonly loadAverage: number;
  readonly verifyTwoThreadsSeconds: number;
  /** SHA-256 of rowBytes(row) once per row, on one thread. */
  readonly barePerS: number;
  readonly bareSeconds: number;
  /** Leaves of the tree the proofs are taken from. */
  readonly proofTreeSize: number;
  readonly index: IndexFigures;
  readonly inclusion: ProofFigures;
  readonly consistency: ProofFigures;
  /** process.resourceUsage().maxRSS when the figures were done, in MB. */
  readonly peakRssMb: number;
}

export interface IndexFigures {
  /** MerkleIndex.update over the whole log from nothing, events per second. */
  readonly buildPerS: number;
  /** Catching up in steps of `appendStep` appended events, µs per appended event. */
  readonly catchUpUsPerEvent: number;
  readonly appendStep: number;
  /** Hashes the index holds (tile roots and the perfect subtrees above them). */
  readonly heldHashes: number;
}

export interface ProofFigures {
  /** Proofs generated through a MerkleIndex (proveEvent / proveConsistency with the index, over an in-memory store). */
  readonly generated: number;
  readonly generatePerS: number;
  readonly generateMsPerProof: number;
  /** Proofs generated from the leaves by the module (each reads every leaf below its size): the path without an index. */
  readonly wholeLogGenerated: number;
  readonly wholeLogGeneratePerS: number;
  /** Distinct random proofs verified (per pass; the fastest of the passes is timed). */
  readonly verified: number;
  readonly verifyPerS: number;
  readonly verifyUsPerProof: number;
  /** Mean number of hashes per verified proof. */
  readonly meanLength: number;
}

const ns = () => process.hrtime.bigint();
const secondsSince = (start: bigint) => Number(ns() - start) / 1e9;

/** A small seeded generator (mulberry32), so that every run draws the same indexes. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

// ---------------------------------------------------------------------------------------------
// The rows

type LogRow = ChainRow & { readonly prevHash: string; readonly hash: string };

const fromAccounts = ['donor:NLD', 'donor:DNK', 'donor:DEU', 'donor:SWE', 'donor:NOR'] as const;
const toAccounts = ['package:PK-1', 'package:PK-2', 'package:PK-3'] as const;
const actors = ['ops.nld@mod.example', 'ops.dnk@fmn.example', 'system'] as const;
const memos = ['Tranche 2 of 4, air defence', 'Second instalment under the 2025 pledge', 'Transport and insurance', null] as const;

/**
 * A flat copy of a string built by concatenation, which V8 would otherwise keep as a tree of its
 * pieces (several times the bytes, a million times over), as a row read from the store is flat.
 */
const flat = (text: string) => Buffer.from(text, 'latin1').toString('latin1');

/** The event-log rows of `events` transfers, chained as the ledger chains them; one batch of 1,000 shares a timestamp. */
function makeRows(events: number): LogRow[] {
  const rows: LogRow[] = new Array(events);
  let prevHash = genesisHash;
  let recordedAt = '';
  for (let i = 0; i < events; i += 1) {
    if (i % 1000 === 0) recordedAt = new Date(Date.UTC(2026, 0, 1) + i * 7).toISOString();
    const transferId = `bench-${String(i + 1).padStart(7, '0')}`;
    const amountMinor = ((i % 9973) + 1) * 100 + (i % 100);
    const memo = memos[i % memos.length] ?? null;
    const contributionId = i % 3 === 0 ? `"contribution:${fromAccounts[i % 5]?.slice(6)}-2025-${String(i % 97).padStart(4, '0')}"` : 'null';
    const payload =
      `{"amountMinor":"${amountMinor}","contributionId":${contributionId},"currency":"EUR","fromAccount":"${fromAccounts[i % 5]}",` +
      `"memo":${memo === null ? 'null' : JSON.stringify(memo)},"toAccount":"${toAccounts[i % 3]}","transferId":"${transferId}",` +
      `"type":"TransferRecorded","valueDate":"2025-09-${String((i % 28) + 1).padStart(2, '0')}"}`;
    const seq = i + 1;
    const actor = actors[Math.floor(i / 1000) % actors.length] as string;
    const commandId = flat(transferId);
    const content = flat(payload);
    const rowHash = chainHash(prevHash, { seq, actor, commandId, type: 'TransferRecorded', payload: content, recordedAt });
    rows[i] = { seq, actor, commandId, type: 'TransferRecorded', payload: content, recordedAt, prevHash, hash: rowHash };
    prevHash = rowHash;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Full verification beside bare SHA-256

/** What verifyChain does per row (`LogVerifier.push`), for rows [from, to). */
function verifyRows(rows: readonly LogRow[], from: number, to: number, verifier: LogVerifier): void {
  for (let i = from; i < to; i += 1) {
    const broken = verifier.push(rows[i] as LogRow);
    if (broken) throw new Error(`row ${broken.seq} does not verify: ${broken.reason}`);
  }
}

/**
 * SHA-256 of rowBytes(row) for rows [from, to); returns a byte of the digests so that nothing is
 * skipped. The digest comes out as a hex string: the cheapest form of one-shot `hash` (a Buffer
 * output costs an allocation, about as much as the hash of a row), so the baseline is the
 * fastest bare hashing there is, not a slow one that would flatter the ratio.
 */
function bareRows(rows: readonly LogRow[], from: number, to: number): number {
  let sink = 0;
  for (let i = from; i < to; i += 1) sink ^= hash('sha256', rowBytes(rows[i] as LogRow), 'hex').charCodeAt(0);
  return sink;
}

// ---------------------------------------------------------------------------------------------
// A cache of the complete subtrees, to build many distinct proofs quickly (untimed)

/** levels[h] holds the roots of the complete subtrees of 2^h leaves, in order, 32 bytes each. */
function subtreeLevels(leaves: Buffer, size: number): Buffer[] {
  const levels: Buffer[] = [leaves.subarray(0, size * 32)];
  for (let count = Math.floor(size / 2); count >= 1; count = Math.floor(count / 2)) {
    const below = levels[levels.length - 1] as Buffer;
    const level = Buffer.allocUnsafe(count * 32);
    for (let j = 0; j < count; j += 1) level.set(nodeHash(below.subarray(64 * j, 64 * j + 32), below.subarray(64 * j + 32, 64 * j + 64)), 32 * j);
    levels.push(level);
  }
  return levels;
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The roots of the incomplete ranges computed so far (they all end at a tree's right edge). */
const partialRoots = new Map<string, Hash>();

/** MTH of leaves [start, end) (end > start), from the complete subtrees where it can. */
function mth(levels: readonly Buffer[], start: number, end: number): Hash {
  const n = end - start;
  const height = Math.log2(n);
  if (Number.isInteger(height) && start % n === 0) {
    const j = start / n;
    return (levels[height] as Buffer).subarray(32 * j, 32 * j + 32);
  }
  const key = `${start}:${end}`;
  let root = partialRoots.get(key);
  if (root === undefined) {
    const k = splitPoint(n);
    root = nodeHash(mth(levels, start, start + k), mth(levels, start + k, end));
    partialRoots.set(key, root);
  }
  return root;
}

/** Proofs from the cache, through the module's own path code (no leaf is read). */
const cachedInclusionProof = (levels: readonly Buffer[], index: number, size: number): Hash[] =>
  inclusionProofFromSubtrees(index, size, (start, end) => mth(levels, start, end));
const cachedConsistencyProof = (levels: readonly Buffer[], size1: number, size2: number): Hash[] =>
  consistencyProofFromSubtrees(size1, size2, (start, end) => mth(levels, start, end));

const sameProof = (a: readonly Hash[], b: readonly Hash[]) => a.length === b.length && a.every((h, i) => equalHashes(h, b[i] as Hash));

// ---------------------------------------------------------------------------------------------
// The figures

/** Generates proofs with `make` until at least `min` are done and `seconds` have passed (at most `max`). */
function generate<T>(make: (k: number) => T, min: number, max: number, seconds: number): { made: T[]; seconds: number } {
  const made: T[] = [];
  const t0 = ns();
  while (made.length < max && (made.length < min || secondsSince(t0) < seconds)) made.push(make(made.length));
  return { made, seconds: secondsSince(t0) };
}

async function generateAsync<T>(make: () => Promise<T>, min: number, max: number, seconds: number): Promise<{ made: T[]; seconds: number }> {
  const made: T[] = [];
  const t0 = ns();
  while (made.length < max && (made.length < min || secondsSince(t0) < seconds)) made.push(await make());
  return { made, seconds: secondsSince(t0) };
}

/** Seconds of the fastest of `verifyPasses` runs of `pass` (the machine's other work only ever adds time). */
function fastestPass(pass: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < verifyPasses; k += 1) {
    const t0 = ns();
    pass();
    best = Math.min(best, secondsSince(t0));
  }
  return best;
}

const verifyPasses = 3;

export async function merkleFigures(events: number): Promise<MerkleFigures> {
  if (!Number.isSafeInteger(events) || events < 2) throw new Error(`merkleFigures: expected at least 2 events, got ${events}`);

  let rows: LogRow[] | undefined = makeRows(events);
  let byteTotal = 0;
  let payloadTotal = 0;
  for (const row of rows) {
    byteTotal += Buffer.byteLength(rowBytes(row));
    payloadTotal += Buffer.byteLength(row.payload);
  }

  // Warm-up on a throwaway tree, so that every side runs compiled code.
  const warm = Math.min(events, 50_000);
  const threads = new ParallelVerifier();
  const pages = (from: number, to: number) => (afterSeq: number, limit: number) => (rows as LogRow[]).slice(afterSeq, Math.min(afterSeq + limit, to));
  verifyRows(rows, 0, warm, new LogVerifier());
  if ((await threads.run(new LogVerifier(), pages(0, warm))) !== undefined) throw new Error('the warm-up rows do not verify on two threads');
  bareRows(rows, 0, warm);

  // Rounds end on multiples of a page (8,192 rows), as verifyChain reads them.
  const rounds = Math.min(6, Math.max(1, Math.floor(events / 8192)));
  const verifier = new LogVerifier();
  const twoThreads = new LogVerifier();
  let oursNs = 0n;
  let twoNs = 0n;
  let bareNs = 0n;
  let sink = 0;
  let report: VerifyReport | undefined;
  let twoReport: VerifyReport | undefined;
  let from = 0;
  for (let round = 0; round < rounds; round += 1) {
    const last = round === rounds - 1;
    const to = last ? events : Math.round((events * (round + 1)) / rounds / 8192) * 8192;
    const ours = async () => {
      const t0 = ns();
      verifyRows(rows as LogRow[], from, to, verifier);
      if (last) report = verifier.report();
      oursNs += ns() - t0;
    };
    const two = async () => {
      const t0 = ns();
      const broken = await threads.run(twoThreads, pages(from, to));
      if (broken) throw new Error(`row ${broken.seq} does not verify on two threads: ${broken.reason}`);
      if (last) twoReport = twoThreads.report();
      twoNs += ns() - t0;
    };
    const bare = async () => {
      const t0 = ns();
      sink ^= bareRows(rows as LogRow[], from, to);
      bareNs += ns() - t0;
    };
    // The order rotates every round.
    const sides = [ours, two, bare];
    for (let k = 0; k < 3; k += 1) await (sides[(round + k) % 3] as () => Promise<void>)();
    from = to;
  }
  await threads.close();
  if (report?.events !== events || report.headHash !== rows[events - 1]?.hash) throw new Error('the verification did not reach the last row');
  if (JSON.stringify(twoReport) !== JSON.stringify(report)) throw new Error(`two threads report ${JSON.stringify(twoReport)}, one thread ${JSON.stringify(report)}`);
  const verifySeconds = Number(oursNs) / 1e9;
  const verifyTwoThreadsSeconds = Number(twoNs) / 1e9;
  const bareSeconds = Number(bareNs) / 1e9;

  // The index over the whole log, from an in-memory store; then catching up with appends.
  const memory = { rows: rows as LogRow[], size: 0 };
  const store = {
    head: async (): Promise<ChainHead> => ({ seq: memory.size, hash: memory.rows[memory.size - 1]?.hash ?? genesisHash }),
    readEvents: async (afterSeq: number, limit: number) => memory.rows.slice(afterSeq, Math.min(afterSeq + limit, memory.size)),
  };
  const appendStep = 100;
  const appendTail = Math.min(20_000, Math.floor(events / 2));
  const index = new MerkleIndex();
  memory.size = events - appendTail;
  let t0 = ns();
  await index.update(store);
  const buildPerS = memory.size / secondsSince(t0);
  t0 = ns();
  while (memory.size < events) {
    memory.size = Math.min(events, memory.size + appendStep);
    await index.update(store);
  }
  const catchUpUsPerEvent = (secondsSince(t0) / appendTail) * 1e6;
  if (index.size !== events || index.rebuilds !== 0) throw new Error('the index did not catch up with the log');
  const heldHashes = Math.floor(events / 256) * 2;

  // The proofs' tree: leaf hashes as an array, backed by one buffer; the rows are no longer needed.
  const size = events;
  const leafBytes = Buffer.allocUnsafe(size * 32);
  const leaves: Hash[] = new Array(size);
  for (let k = 0; k < size; k += 1) {
    leafBytes.set(rowLeafHash(rows[k] as LogRow), 32 * k);
    leaves[k] = leafBytes.subarray(32 * k, 32 * k + 32);
  }
  const leafAt = (k: number) => leaves[k] as Hash;
  const levels = subtreeLevels(leafBytes, size);
  const treeRoot = Uint8Array.from(mth(levels, 0, size));
  if (size === events && !equalHashes(treeRoot, Buffer.from(report.treeRoot, 'base64'))) throw new Error('the subtree cache and the verifier disagree on the root');
  const rootAt = new Map<number, Hash>();
  const rootOfSize = (n: number) => {
    let r = rootAt.get(n);
    if (r === undefined) rootAt.set(n, (r = Uint8Array.from(mth(levels, 0, n))));
    return r;
  };

  // Inclusion proofs: generation through the index (checked against the cache's), by the module
  // from the leaves (the path without an index, a few), then verification of many random ones.
  const draw = random(9162);
  const b64 = (proof: readonly Hash[]) => proof.map((h) => Buffer.from(h).toString('base64'));
  const indexInclusion = await generateAsync(async () => {
    const seq = 1 + draw(size);
    return { seq, document: await proveEvent(store, seq, undefined, index) };
  }, 1_000, 200_000, 3);
  for (const { seq, document } of indexInclusion.made) {
    if (JSON.stringify(document.proof) !== JSON.stringify(b64(cachedInclusionProof(levels, seq - 1, size)))) throw new Error(`the index's inclusion proof of seq ${seq} differs from the cache's`);
    if (document.rootHash !== Buffer.from(treeRoot).toString('base64')) throw new Error('the index states another root');
  }
  const genInclusion = generate(
    () => {
      const index = draw(size);
      return { index, proof: inclusionProof(index, size, leafAt) };
    },
    2,
    50,
    2,
  );
  const inclusionCount = 20_000;
  const inclusionSet = Array.from({ length: inclusionCount }, () => {
    const index = draw(size);
    return { index, leaf: leaves[index] as Hash, proof: cachedInclusionProof(levels, index, size) };
  });
  // Warm-up, then the timed pass.
  for (let k = 0; k < Math.min(2_000, inclusionCount); k += 1) {
    const p = inclusionSet[k] as (typeof inclusionSet)[number];
    verifyInclusion(p.index, size, p.leaf, p.proof, treeRoot);
  }
  const inclusionVerifyS = fastestPass(() => {
    let failures = 0;
    for (const p of inclusionSet) if (!verifyInclusion(p.index, size, p.leaf, p.proof, treeRoot)) failures += 1;
    if (failures > 0) throw new Error(`${failures} inclusion proofs did not verify`);
  });

  // Consistency proofs between random sizes 1 ≤ size1 < size2 ≤ size.
  const drawSizes = () => {
    const a = 1 + draw(size);
    let b = 1 + draw(size);
    while (b === a) b = 1 + draw(size);
    return a < b ? { size1: a, size2: b } : { size1: b, size2: a };
  };
  const indexConsistency = await generateAsync(async () => {
    const { size1, size2 } = drawSizes();
    return { size1, size2, document: await proveConsistency(store, size1, size2, index) };
  }, 1_000, 200_000, 3);
  for (const { size1, size2, document } of indexConsistency.made) {
    if (JSON.stringify(document.proof) !== JSON.stringify(b64(cachedConsistencyProof(levels, size1, size2)))) throw new Error(`the index's consistency proof ${size1} → ${size2} differs from the cache's`);
  }
  const genConsistency = generate(
    () => {
      const sizes = drawSizes();
      return { ...sizes, proof: consistencyProof(sizes.size1, sizes.size2, leafAt) };
    },
    2,
    50,
    2,
  );
  for (const { size1, size2, proof } of genConsistency.made) {
    if (!sameProof(proof, cachedConsistencyProof(levels, size1, size2))) throw new Error(`the cached consistency proof ${size1} → ${size2} differs from consistencyProof's`);
  }
  const consistencyCount = 20_000;
  const consistencySet = Array.from({ length: consistencyCount }, () => {
    const { size1, size2 } = drawSizes();
    return { size1, size2, root1: rootOfSize(size1), root2: rootOfSize(size2), proof: cachedConsistencyProof(levels, size1, size2) };
  });
  for (let k = 0; k < Math.min(2_000, consistencyCount); k += 1) {
    const p = consistencySet[k] as (typeof consistencySet)[number];
    verifyConsistency(p.size1, p.size2, p.root1, p.root2, p.proof);
  }
  const consistencyVerifyS = fastestPass(() => {
    let failures = 0;
    for (const p of consistencySet) if (!verifyConsistency(p.size1, p.size2, p.root1, p.root2, p.proof)) failures += 1;
    if (failures > 0) throw new Error(`${failures} consistency proofs did not verify`);
  });

  const meanLength = (proofs: readonly { proof: readonly Hash[] }[]) => proofs.reduce((sum, p) => sum + p.proof.length, 0) / proofs.length;
  const proofFigures = (
    generated: { made: unknown[]; seconds: number },
    wholeLog: { made: unknown[]; seconds: number },
    verified: readonly { proof: readonly Hash[] }[],
    verifyS: number,
  ): ProofFigures => ({
    generated: generated.made.length,
    generatePerS: generated.made.length / generated.seconds,
    generateMsPerProof: (generated.seconds / generated.made.length) * 1e3,
    wholeLogGenerated: wholeLog.made.length,
    wholeLogGeneratePerS: wholeLog.made.length / wholeLog.seconds,
    verified: verified.length,
    verifyPerS: verified.length / verifyS,
    verifyUsPerProof: (verifyS / verified.length) * 1e6,
    meanLength: meanLength(verified),
  });
  partialRoots.clear();
  if (sink === -1) console.log(sink); // keeps the bare digests observable

  return {
    events,
    payloadBytesMean: payloadTotal / events,
    rowBytesMean: byteTotal / events,
    rounds,
    verifyPerS: events / verifySeconds,
    verifySeconds,
    verifyTwoThreadsPerS: events / verifyTwoThreadsSeconds,
    verifyTwoThreadsSeconds,
    workers: threads.workers,
    cores: availableParallelism(),
    loadAverage: loadavg()[0] ?? 0,
    barePerS: events / bareSeconds,
    bareSeconds,
    proofTreeSize: size,
    index: { buildPerS, catchUpUsPerEvent, appendStep, heldHashes },
    inclusion: proofFigures(indexInclusion, genInclusion, inclusionSet, inclusionVerifyS),
    consistency: proofFigures(indexConsistency, genConsistency, consistencySet, consistencyVerifyS),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** merkleFigures(events) in a process of its own; its figures come back on the MERKLE_JSON line. */
export function merkleFiguresApart(events: number): MerkleFigures {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'merkle.ts'), '--events', String(events)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = /^MERKLE_JSON (.*)$/m.exec(result.stdout)?.[1];
  if (result.status !== 0 || line === undefined) throw new Error(`bench/merkle.ts failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as MerkleFigures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } }, strict: true });
  const events = Number((values.events ?? '').replace(/[_,]/g, ''));
  const f = await merkleFigures(events);
  const whole = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `full verification of ${f.events.toLocaleString('en-US')} rows (payload ${f.payloadBytesMean.toFixed(0)} bytes, rowBytes ${f.rowBytesMean.toFixed(0)} bytes on average), ${f.rounds} rounds, the order of the three sides rotating: ` +
      `bare SHA-256 of rowBytes on one thread ${whole(f.barePerS)} rows/s (${f.bareSeconds.toFixed(2)} s); ` +
      `one thread (LogVerifier.push: chain link + tree leaf, then the root) ${whole(f.verifyPerS)} rows/s (${f.verifySeconds.toFixed(2)} s), ratio ${(f.verifyPerS / f.barePerS).toFixed(3)}; ` +
      `on ${f.cores} cores (verifyChain's ParallelVerifier: this thread makes and packs the bytes, ${f.workers} worker threads hash) ${whole(f.verifyTwoThreadsPerS)} rows/s (${f.verifyTwoThreadsSeconds.toFixed(2)} s), ratio ${(f.verifyTwoThreadsPerS / f.barePerS).toFixed(3)} to ONE thread's bare hashing (target ≥ 0.5); load average ${f.loadAverage.toFixed(2)} at the end`,
  );
  console.log(
    `MerkleIndex over an in-memory store: built from nothing at ${whole(f.index.buildPerS)} events/s; catching up ${f.index.catchUpUsPerEvent.toFixed(2)} µs per appended event (in steps of ${f.index.appendStep}); about ${whole(f.index.heldHashes)} hashes held`,
  );
  for (const [name, p] of [['inclusion', f.inclusion], ['consistency', f.consistency]] as const) {
    console.log(
      `${name} proofs, tree of ${f.proofTreeSize.toLocaleString('en-US')} leaves: generation with the index ${whole(p.generatePerS)} proofs/s (${p.generateMsPerProof.toFixed(3)} ms each, ${whole(p.generated)} proofs), ` +
        `without it (every leaf) ${p.wholeLogGeneratePerS.toFixed(2)} proofs/s (${p.wholeLogGenerated} proofs); ` +
        `verification ${whole(p.verifyPerS)} proofs/s, ${p.verifyUsPerProof.toFixed(2)} µs each (${whole(p.verified)} distinct random proofs of ${p.meanLength.toFixed(1)} hashes on average)`,
    );
  }
  console.log(`peak RSS ${whole(f.peakRssMb)} MB`);
  console.log(`MERKLE_JSON ${JSON.stringify(f)}`);
}
