import type { LedgerSnapshot } from '../application/queries.js';
import type { LedgerStore, LogRow, UserRecord } from '../application/ports.js';
import { ConfirmationIndex, createdRecord, ownerOfRecord, recordKey } from '../application/reports/confirmation.js';
import { LogFollower } from '../application/log-follower.js';
import type { DomainEvent } from '../domain/events.js';

/**
 * "The party's own entry" needs who wrote a record, and the decisions cannot see that: the actor
 * travels beside the event (event_log.actor), not in it, and `project` sees only the event. So it
 * is judged here, on the read side: the author of a record is the actor of the event that
 * created it; the record is its party's own entry when that actor is an account whose party is
 * the record's party (the donor of a contribution, the recipient of a receipt, the producer of a
 * shipment, the payer of a transfer …). Authorisation already let a party-scoped account write
 * only what is its own, so this adds no trust the write path did not check. Accounts live beside
 * the log, so the party of an account is read as it is now.
 *
 * The authors are indexed once and extended as the log grows, like a record's history.
 */
export class Confirmations extends LogFollower {
  private authors = new Map<string, { readonly actor: string; readonly event: DomainEvent }>();
  private readonly cache = new WeakMap<LedgerSnapshot, Promise<ConfirmationIndex>>();

  constructor(
    store: Pick<LedgerStore, 'readEvents'>,
    private readonly users: () => Promise<readonly UserRecord[]>,
  ) {
    super(store);
  }

  /** The confirmation of every record as of the snapshot's head. */
  index(snapshot: LedgerSnapshot): Promise<ConfirmationIndex> {
    let index = this.cache.get(snapshot);
    if (!index) {
      index = this.build(snapshot);
      this.cache.set(snapshot, index);
      index.catch(() => this.cache.delete(snapshot));
    }
    return index;
  }

  private async build(snapshot: LedgerSnapshot): Promise<ConfirmationIndex> {
    await this.follow(snapshot.head);
    const partyOfUser = new Map((await this.users()).map((user) => [user.userId, user.partyId]));
    const own = new Set<string>();
    for (const [key, { actor, event }] of this.authors) {
      const [kind = '', id = ''] = key.split('\u0000');
      const party = partyOfUser.get(/^user:([^ ]+)/.exec(actor)?.[1] ?? '');
      if (party && party === ownerOfRecord(snapshot, kind, id, event)) own.add(key);
    }
    return new ConfirmationIndex(snapshot, own);
  }

  protected clear(): void {
    this.authors = new Map();
  }

  protected take(row: LogRow): void {
    if (!row.actor.startsWith('user:')) return; // files applied on the command line and the demo have no account
    const event = JSON.parse(row.payload) as DomainEvent;
    const record = createdRecord(event);
    if (!record) return;
    const key = recordKey(record.kind, record.id);
    // Keep only what judging a transfer needs; other records are judged on the snapshot.
    if (!this.authors.has(key)) this.authors.set(key, { actor: row.actor, event: event.type === 'TransferRecorded' ? event : ({ type: event.type } as DomainEvent) });
  }
}
