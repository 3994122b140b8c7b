import { genesisHash } from '../audit/chain.js';
import { verifyChain } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import { MemoryState } from '../projections/memory.js';
import type { LedgerStore, LogRow } from './ports.js';
import { checkedPages, projectRows } from './replay.js';

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
    const pages = checkedPages(
      (afterSeq, limit) => source.readEvents(afterSeq, limit),
      (broken) => new DomainError('CHAIN_BROKEN', `--from: event_log seq ${broken.seq}: ${broken.reason}; nothing was copied`),
    );
    for await (const log of pages) {
      memory.begin();
      projectRows(log, memory);
      const first = log[0] as LogRow;
      const last = log[log.length - 1] as LogRow;
      seq = last.seq;
      prevHash = last.hash;
      const commands = await source.readCommands(first.seq, seq);
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
  // Checkpoints vouch for the log just copied and verified; their cosignatures come along.
  for (const checkpoint of await source.checkpoints.list()) await target.checkpoints.add(checkpoint);
  return { events: seq, headHash: prevHash };
}
