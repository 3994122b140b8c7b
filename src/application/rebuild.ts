import { parseWithMinor } from '../audit/canonical.js';
import { checkRow, genesisHash } from '../audit/chain.js';
import { DomainError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { MemoryState } from '../projections/memory.js';
import { project } from '../projections/project.js';
import type { LedgerStore } from './ports.js';

const pageSize = 20_000;

/**
 * Replays the log into empty projection tables, verifying the chain on the way, in one
 * transaction: on a broken chain the old tables stay as they were.
 * The result is identical to the live tables because both come from the same `project`.
 */
export async function rebuildProjections(store: LedgerStore): Promise<{ events: number }> {
  const memory = new MemoryState();
  let seq = 0;
  let prevHash = genesisHash;
  await store.replaceProjections(async (write) => {
    for (;;) {
      const rows = await store.readEvents(seq, pageSize);
      if (rows.length === 0) return;
      memory.begin();
      for (const row of rows) {
        const broken = checkRow(seq, prevHash, row);
        if (broken) throw new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}; rebuild stopped, projections unchanged`);
        project(parseWithMinor<DomainEvent>(row.payload), row.seq, memory);
        seq = row.seq;
        prevHash = row.hash;
      }
      await write(memory.commit());
    }
  });
  return { events: seq };
}
