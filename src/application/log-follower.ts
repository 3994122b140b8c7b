import { genesisHash } from '../audit/chain.js';
import type { ChainHead, LedgerStore, LogRow } from './ports.js';

const pageSize = 10_000;

/**
 * An index over the log, built once and extended as the log grows: a catch-up reads only the
 * rows appended since the last one, one at a time (calls queue behind each other). Should the log
 * no longer continue the indexed rows (another store, a shorter chain), the index is dropped and
 * rebuilt from the first row. The chain's hashes are checked by `verifyChain`, not here.
 */
export abstract class LogFollower {
  private seq = 0;
  private hash = genesisHash;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(protected readonly store: Pick<LedgerStore, 'readEvents'>) {}

  /** Takes the next row into the index. */
  protected abstract take(row: LogRow): void;
  /** Forgets everything taken. */
  protected abstract clear(): void;

  /** Brings the index up to `head`, after any catch-up already under way. */
  protected follow(head: ChainHead): Promise<void> {
    const run = this.queue.then(() => this.catchUp(head));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUp(head: ChainHead): Promise<void> {
    if (this.seq === head.seq && this.hash === head.hash) return;
    if (this.seq >= head.seq) this.reset();
    while (this.seq < head.seq) {
      const rows = await this.store.readEvents(this.seq, Math.min(pageSize, head.seq - this.seq));
      if (rows.length === 0) return;
      if (this.seq > 0 && rows[0]?.prevHash !== this.hash) {
        this.reset();
        continue;
      }
      for (const row of rows) {
        this.take(row);
        this.seq = row.seq;
        this.hash = row.hash;
      }
    }
  }

  private reset(): void {
    this.seq = 0;
    this.hash = genesisHash;
    this.clear();
  }
}
