import { DomainError } from '../domain/errors.js';
import type { TransferRecorded } from '../domain/events.js';
import type { ShipmentLine } from '../domain/state.js';
import type { ChainHead, LedgerStore } from './ports.js';
import { loadReportData, type ReportData } from './reports/index.js';

/**
 * The read side served over HTTP: every projection table as of one chain head, loaded once and
 * shared by all requests until the head moves. The tables are read in several statements, so a
 * snapshot counts only when the head is the same after reading as before: appends and their
 * projections commit together, so an unmoved head means no commit fell in between.
 */

export interface MilestoneRow {
  readonly seq: number;
  readonly shipmentId: string;
  readonly kind: string;
  readonly at: string;
  readonly location: string | null;
}

export type TransferRow = Omit<TransferRecorded, 'type'> & { readonly seq: number };

export interface LedgerSnapshot extends ReportData {
  readonly head: ChainHead;
  readonly shipmentLines: readonly ShipmentLine[];
  readonly milestones: readonly MilestoneRow[];
  readonly transfers: readonly TransferRow[];
}

/** Holds the latest snapshot of a store; `current()` costs one head read when nothing changed. */
export class SnapshotCache {
  private cached: Promise<LedgerSnapshot> | undefined;
  private cachedHash = '';

  constructor(private readonly store: LedgerStore) {}

  /** The head read of this event-loop turn, shared by every request handled in it. */
  private headOfTurn: Promise<ChainHead> | undefined;

  /** After a write through this process: the next read reads the head again. */
  invalidate(): void {
    this.headOfTurn = undefined;
  }

  async current(): Promise<LedgerSnapshot> {
    const head = await this.headNow();
    if (!this.cached || head.hash !== this.cachedHash) {
      this.cachedHash = head.hash;
      this.cached = loadSnapshot(this.store, head);
      // A failed load is not kept: the next request tries again.
      this.cached.catch(() => {
        if (this.cachedHash === head.hash) this.cached = undefined;
      });
    }
    return this.cached;
  }

  /**
   * Requests handled in one turn of the event loop share one head read (one SQLite read
   * transaction costs more than the rest of a cached report request). A write through this
   * process calls `invalidate`, so a client always reads its own writes; a commit by another
   * process shows from the next turn, at most one turn (well under a millisecond) later.
   */
  private headNow(): Promise<ChainHead> {
    if (!this.headOfTurn) {
      this.headOfTurn = this.store.head();
      setImmediate(() => (this.headOfTurn = undefined));
    }
    return this.headOfTurn;
  }
}

const snapshotAttemptsMax = 5;

async function loadSnapshot(store: LedgerStore, head: ChainHead): Promise<LedgerSnapshot> {
  const read = async <T>(table: Parameters<LedgerStore['readTable']>[0]) => (await store.readTable(table)) as unknown as readonly T[];
  let before = head;
  for (let attempt = 1; ; attempt += 1) {
    const snapshot: LedgerSnapshot = {
      ...(await loadReportData(store)),
      head: before,
      shipmentLines: await read<ShipmentLine>('shipmentLine'),
      milestones: await read<MilestoneRow>('milestone'),
      transfers: await read<TransferRow>('transfer'),
    };
    const after = await store.head();
    if (after.hash === before.hash) return snapshot;
    if (attempt === snapshotAttemptsMax) throw new DomainError('STORE_BUSY', `reads: the ledger changed during each of ${attempt} attempts to read it; try again`);
    before = after;
  }
}
