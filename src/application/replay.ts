import { parseWithMinor } from '../audit/canonical.js';
import { checkRow, explainBreak, genesisHash, type ChainBreak } from '../audit/chain.js';
import type { DomainEvent } from '../domain/events.js';
import type { RowSink } from '../projections/memory.js';
import { project } from '../projections/project.js';
import type { LogRow } from './ports.js';

const pageSize = 20_000;

/**
 * The log from its first event, a page at a time, each row checked against the one before it.
 * A row that does not verify ends the replay with the error `fail` makes of the break (its seq
 * names the row, or the first missing one). Stops after seq `until` when given.
 */
export async function* checkedPages(
  read: (afterSeq: number, limit: number) => Promise<readonly LogRow[]>,
  fail: (broken: ChainBreak) => Error,
  until = Number.POSITIVE_INFINITY,
): AsyncGenerator<readonly LogRow[]> {
  let seq = 0;
  let prevHash = genesisHash;
  while (seq < until) {
    const rows = await read(seq, Math.min(pageSize, until - seq));
    if (rows.length === 0) return;
    for (const row of rows) {
      const broken = checkRow(seq, prevHash, row);
      if (broken) throw fail(explainBreak(seq, broken));
      seq = row.seq;
      prevHash = row.hash;
    }
    yield rows;
  }
}

/** Applies each row's event to the projection tables through `sink`, in log order. */
export function projectRows(rows: readonly LogRow[], sink: RowSink): void {
  for (const row of rows) project(parseWithMinor<DomainEvent>(row.payload), row.seq, sink);
}
