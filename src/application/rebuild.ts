import { DomainError } from '../domain/errors.js';
import { MemoryState } from '../projections/memory.js';
import type { LedgerStore } from './ports.js';
import { checkedPages, projectRows } from './replay.js';

/**
 * Replays the log into empty projection tables, verifying the chain on the way, in one
 * transaction: on a broken chain the old tables stay as they were.
 * The result is identical to the live tables because both come from the same `project`.
 */
export async function rebuildProjections(store: LedgerStore): Promise<{ events: number }> {
  const memory = new MemoryState();
  let events = 0;
  await store.replaceProjections(async (write) => {
    const pages = checkedPages(
      (afterSeq, limit) => store.readEvents(afterSeq, limit),
      (broken) => new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}; rebuild stopped, projections unchanged`),
    );
    for await (const rows of pages) {
      memory.begin();
      projectRows(rows, memory);
      await write(memory.commit());
      events = rows[rows.length - 1]?.seq ?? events;
    }
  });
  return { events };
}
