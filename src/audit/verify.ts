import type { LedgerStore } from '../application/ports.js';
import { checkRow, genesisHash, type ChainBreak } from './chain.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly headHash: string;
  readonly firstBreak?: ChainBreak;
}

const pageSize = 10_000;

/**
 * Recomputes the whole hash chain from the first row; stops at the first row that does not
 * verify. Every stored column but the hashes is checked, the acting account included.
 */
export async function verifyChain(store: LedgerStore): Promise<VerifyReport> {
  let seq = 0;
  let prevHash = genesisHash;
  for (;;) {
    const rows = await store.readEvents(seq, pageSize);
    if (rows.length === 0) return { ok: true, events: seq, headHash: prevHash };
    for (const row of rows) {
      const broken = checkRow(seq, prevHash, row);
      if (broken) return { ok: false, events: seq, headHash: prevHash, firstBreak: broken };
      seq = row.seq;
      prevHash = row.hash;
    }
  }
}
