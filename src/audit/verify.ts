import type { LedgerStore } from '../application/ports.js';
import { checkRow, genesisHash, rowBytes, type ChainBreak } from './chain.js';
import { leafHash, MerkleFrontier } from './merkle.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly headHash: string;
  /** The RFC 9162 Merkle tree root (base64) over the events that verified, as checkpoints state it. */
  readonly treeRoot: string;
  readonly firstBreak?: ChainBreak;
}

const pageSize = 10_000;

/**
 * The work of verification, row by row: each row must link to the one before (sequence,
 * previous hash, its own hash over its content, the acting account included), and each row
 * that does is the next leaf of the ledger's Merkle tree. The row's canonical bytes are made once.
 */
export class LogVerifier {
  private seq = 0;
  private prevHash = genesisHash;
  private readonly tree = new MerkleFrontier();

  /** Takes the next row, or returns what is wrong with it (and does not take it). */
  push(row: Parameters<typeof checkRow>[2]): ChainBreak | undefined {
    const bytes = rowBytes(row);
    const broken = checkRow(this.seq, this.prevHash, row, bytes);
    if (broken) return broken;
    this.seq = row.seq;
    this.prevHash = row.hash;
    this.tree.append(leafHash(bytes));
    return undefined;
  }

  report(firstBreak?: ChainBreak): VerifyReport {
    const report = { ok: firstBreak === undefined, events: this.seq, headHash: this.prevHash, treeRoot: Buffer.from(this.tree.root()).toString('base64') };
    return firstBreak === undefined ? report : { ...report, firstBreak };
  }

  /** The seq of the last row taken (0 before the first). */
  get events(): number {
    return this.seq;
  }
}

/**
 * Recomputes the whole hash chain and the Merkle tree from the first row; stops at the first
 * row that does not verify.
 */
export async function verifyChain(store: LedgerStore): Promise<VerifyReport> {
  const verifier = new LogVerifier();
  for (;;) {
    const rows = await store.readEvents(verifier.events, pageSize);
    if (rows.length === 0) return verifier.report();
    for (const row of rows) {
      const broken = verifier.push(row);
      if (broken) return verifier.report(broken);
    }
  }
}
