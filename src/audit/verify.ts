import type { LedgerStore } from '../application/ports.js';
import { checkRow, genesisHash, type ChainBreak } from './chain.js';
import { MerkleFrontier, rowLeafHash } from './merkle.js';

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
 * Recomputes the whole hash chain from the first row; stops at the first row that does not
 * verify. Every stored column but the hashes is checked, the acting account included. Each
 * verified row is also a leaf of the ledger's Merkle tree, whose root is reported beside the head.
 */
export async function verifyChain(store: LedgerStore): Promise<VerifyReport> {
  let seq = 0;
  let prevHash = genesisHash;
  const tree = new MerkleFrontier();
  const report = (extra: { ok: boolean; firstBreak?: ChainBreak }): VerifyReport => ({ ...extra, events: seq, headHash: prevHash, treeRoot: Buffer.from(tree.root()).toString('base64') });
  for (;;) {
    const rows = await store.readEvents(seq, pageSize);
    if (rows.length === 0) return report({ ok: true });
    for (const row of rows) {
      const broken = checkRow(seq, prevHash, row);
      if (broken) return report({ ok: false, firstBreak: broken });
      seq = row.seq;
      prevHash = row.hash;
      tree.append(rowLeafHash(row));
    }
  }
}
