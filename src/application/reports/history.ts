import { LogFollower } from '../log-follower.js';
import type { ChainHead, LogRow } from '../ports.js';

/**
 * The history of a record: every event in the log that concerns it, oldest first. An event
 * concerns a record when its payload names the record's id in an id field (`packageId`,
 * `contractId`, `shipmentId`, `contributionId`, `requirementId` — also in a package's lines —,
 * `receiptId`, `transferId`, `conversionId`, and the parties in `partyId`, `donorId`,
 * `recipientId`, `producerId`, `coordinatorId`) or in an account (`package:ID`, `contract:ID`,
 * `donor:ID`). Line ids are local to their package or contract, so they name nothing here.
 */

export interface HistoryEntry {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly hash: string;
  /** The event as recorded: amounts are minor units as decimal strings under their `…Minor` names. */
  readonly event: unknown;
}

const localIds = new Set(['lineId', 'packageLineId', 'contractLineId']);
const accountFields = new Set(['fromAccount', 'toAccount', 'accountId']);
const recordAccountKinds = new Set(['donor', 'package', 'contract']);

/** The ids of the records an event's payload names. */
export function eventSubjects(event: Readonly<Record<string, unknown>>): Set<string> {
  const ids = new Set<string>();
  const visit = (record: Readonly<Record<string, unknown>>, nested: boolean) => {
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string') {
        if (!nested && accountFields.has(key)) {
          const colon = value.indexOf(':');
          if (colon > 0 && recordAccountKinds.has(value.slice(0, colon))) {
            ids.add(value);
            ids.add(value.slice(colon + 1));
          }
        } else if (key.endsWith('Id') && !localIds.has(key) && value !== '') {
          ids.add(value);
        }
      } else if (!nested && key === 'lines' && Array.isArray(value)) {
        for (const line of value) if (line !== null && typeof line === 'object') visit(line as Record<string, unknown>, true);
      }
    }
  };
  visit(event, false);
  return ids;
}

/**
 * Every record's history, indexed once and extended as the log grows (`LogFollower`): a
 * request reads only the rows appended since the last one.
 */
export class EventHistory extends LogFollower {
  private byId = new Map<string, HistoryEntry[]>();

  /** The events concerning `id` up to `head`, oldest first; empty when none does. */
  async of(id: string, head: ChainHead): Promise<readonly HistoryEntry[]> {
    await this.follow(head);
    return [...(this.byId.get(id) ?? [])];
  }

  protected clear(): void {
    this.byId = new Map();
  }

  protected take(row: LogRow): void {
    const event = JSON.parse(row.payload) as Record<string, unknown>;
    const entry: HistoryEntry = { seq: row.seq, type: row.type, actor: row.actor, recordedAt: row.recordedAt, hash: row.hash, event };
    for (const id of eventSubjects(event)) {
      let list = this.byId.get(id);
      if (!list) this.byId.set(id, (list = []));
      list.push(entry);
    }
  }
}
