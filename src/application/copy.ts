import { parseWithMinor } from '../audit/canonical.js';
import { checkRow, genesisHash } from '../audit/chain.js';
import { verifyChain } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { MemoryState } from '../projections/memory.js';
import { project } from '../projections/project.js';
import type { LedgerStore } from './ports.js';

const pageSize = 20_000;

/**
 * Moves a whole ledger into an empty store (SQLite → PostgreSQL or back): the log row for row
 * (with the actor of each row), the command ids, projections rebuilt on the way, then the
 * accounts and API tokens, all in one transaction of the target. Sessions stay behind: they
 * belong to the browsers signed in to the source. The chain is verified while reading and again
 * on arrival.
 */
export async function copyLedger(source: LedgerStore, target: LedgerStore): Promise<{ events: number; headHash: string }> {
  const existing = await target.head();
  if (existing.seq !== 0) {
    throw new DomainError('ALREADY_EXISTS', `--to: ${target.location} already holds ${existing.seq} events; copy needs an empty ledger`);
  }
  const memory = new MemoryState();
  let seq = 0;
  let prevHash = genesisHash;
  await target.writeTransaction(async (tx) => {
    for (;;) {
      const log = await source.readEvents(seq, pageSize);
      if (log.length === 0) break;
      memory.begin();
      for (const row of log) {
        const broken = checkRow(seq, prevHash, row);
        if (broken) throw new DomainError('CHAIN_BROKEN', `--from: event_log seq ${broken.seq}: ${broken.reason}; nothing was copied`);
        project(parseWithMinor<DomainEvent>(row.payload), row.seq, memory);
        seq = row.seq;
        prevHash = row.hash;
      }
      const commands = await source.readCommands((log[0]?.seq ?? 1), seq);
      await tx.write({ log, commands, changes: memory.commit() });
    }
    // Tokens are read per account: every token names the account it was issued to.
    const users = await source.access.users();
    const tokens = [];
    for (const user of users) tokens.push(...(await source.access.tokensOf(user.userId)));
    await tx.addAccess(users, tokens);
  });
  const arrived = await verifyChain(target);
  if (!arrived.ok || arrived.headHash !== prevHash || arrived.events !== seq) {
    throw new DomainError('CHAIN_BROKEN', `--to: the copy does not verify (${arrived.firstBreak?.reason ?? 'head differs'})`);
  }
  return { events: seq, headHash: prevHash };
}
