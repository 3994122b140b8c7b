import type { Confirmation, ConfirmationLevel, Evidence, Source } from '../../domain/evidence.js';
import { evidenceLevel, recordLevel } from '../../domain/evidence.js';
import { newsDataset, recordOfEvent } from '../../domain/provenance.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ReportData } from './data.js';

/**
 * How well each record is sourced: its confirmation level (domain/evidence.ts), how many pieces
 * of evidence it has, how many independent stories tell it, and the evidence with its sources.
 * Records are named `kind:id` as provenance and evidence name them (`contribution:kiel:1`,
 * `spending:NLD:2024`, `transfer:COMMAND-ID`).
 */

export const recordKey = (kind: string, id: string): string => `${kind}\u0000${id}`;

export interface EvidenceEntry {
  readonly id: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly excerpt: string;
  readonly offsets: { readonly start: number; readonly end: number } | null;
  readonly sourceType: Evidence['sourceType'];
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly claim: string | null;
  readonly level: ConfirmationLevel;
  readonly source: Source;
}

export interface RecordConfirmation extends Confirmation {
  readonly recordKind: string;
  readonly recordId: string;
  /** True when the record was entered by an account of the party it belongs to. */
  readonly ownEntry: boolean;
  /** Dataset rows the record was read from (its provenance). */
  readonly provenance: number;
  readonly items: readonly EvidenceEntry[];
}

/** A record's evidence as an entry to show: the source beside the words and their level. */
export function evidenceEntry(row: Evidence, source: Source): EvidenceEntry {
  return {
    id: row.id,
    recordKind: row.recordKind,
    recordId: row.recordId,
    excerpt: row.excerpt,
    offsets: row.offsetStart === null || row.offsetEnd === null ? null : { start: row.offsetStart, end: row.offsetEnd },
    sourceType: row.sourceType,
    speaker: row.speaker,
    speakerRole: row.speakerRole,
    claim: row.claim,
    level: evidenceLevel(source, row),
    source,
  };
}

/**
 * Every record's confirmation, by `recordKey`. Records with no evidence, no provenance and no
 * own entry are absent: they are `unverified` (see `confirmationOf`). `ownEntries` holds the
 * keys of records their own party entered (the server knows who wrote each event).
 */
export class ConfirmationIndex {
  private readonly byRecord = new Map<string, { evidence: EvidenceEntry[]; provenance: number }>();

  constructor(
    data: Pick<ReportData, 'provenance' | 'sources' | 'evidence'>,
    private readonly ownEntries: ReadonlySet<string> = new Set(),
  ) {
    const sources = new Map((data.sources ?? []).map((source) => [source.id, source]));
    const entry = (kind: string, id: string) => {
      const key = recordKey(kind, id);
      let found = this.byRecord.get(key);
      if (!found) this.byRecord.set(key, (found = { evidence: [], provenance: 0 }));
      return found;
    };
    // A record read from a news article is no dataset row: its evidence link grades it.
    for (const row of data.provenance) if (row.dataset !== newsDataset) entry(row.recordKind, row.recordId).provenance += 1;
    for (const row of data.evidence ?? []) {
      const source = sources.get(row.sourceId);
      if (source) entry(row.recordKind, row.recordId).evidence.push(evidenceEntry(row, source));
    }
  }

  /** The confirmation of one record; `unverified` with nothing when nothing backs it. */
  of(kind: string, id: string): RecordConfirmation {
    const key = recordKey(kind, id);
    const found = this.byRecord.get(key);
    const items = found?.evidence ?? [];
    const ownEntry = this.ownEntries.has(key);
    const provenance = found?.provenance ?? 0;
    const summary = recordLevel({ evidence: items.map((item) => ({ evidence: item, source: item.source })), provenance, ownEntry });
    return { ...summary, recordKind: kind, recordId: id, ownEntry, provenance, items };
  }

  /** The short form list rows carry. */
  summary(kind: string, id: string): Confirmation {
    const { level, evidence, stories } = this.of(kind, id);
    return { level, evidence, stories };
  }
}

/** What a record's party is, for judging its own entry: the donor of a contribution, the recipient of a receipt … */
export function ownerOfRecord(data: Pick<ReportData, 'packages' | 'contracts' | 'shipments' | 'contributions' | 'requirements' | 'receipts' | 'parties'>, kind: string, id: string, event?: DomainEvent): string | null {
  switch (kind) {
    case 'party':
      return id;
    case 'contribution':
      return data.contributions.find((c) => c.id === id)?.donorId ?? null;
    case 'requirement':
      return data.requirements.find((r) => r.id === id)?.recipientId ?? null;
    case 'package':
      return data.packages.find((p) => p.id === id)?.coordinatorId ?? null;
    case 'contract': {
      const contract = data.contracts.find((c) => c.id === id);
      return contract ? (data.packages.find((p) => p.id === contract.packageId)?.coordinatorId ?? null) : null;
    }
    case 'shipment': {
      const shipment = data.shipments.find((s) => s.id === id);
      return shipment ? (data.contracts.find((c) => c.id === shipment.contractId)?.producerId ?? null) : null;
    }
    case 'receipt': {
      const receipt = data.receipts.find((r) => r.id === id);
      const shipment = receipt && data.shipments.find((s) => s.id === receipt.shipmentId);
      return shipment ? (data.packages.find((p) => p.id === shipment.packageId)?.recipientId ?? null) : null;
    }
    case 'spending': {
      const country = id.split(':')[0];
      return data.parties.find((p) => p.country === country)?.id ?? null;
    }
    case 'transfer': {
      // The payer's own entry: a donor paying from its own account.
      if (event?.type !== 'TransferRecorded' || !event.fromAccount.startsWith('donor:')) return null;
      return event.fromAccount.slice('donor:'.length);
    }
    default:
      return null;
  }
}

/** The events that bring a record into the ledger: its first entry, whose author decides "own entry". */
const creatingEvents: ReadonlySet<string> = new Set([
  'PartyRegistered', 'RequirementRecorded', 'PackageProposed', 'ContributionRecorded', 'TransferRecorded', 'ContractSigned',
  'ShipmentDispatched', 'ReceiptRecorded', 'DefenceSpendingRecorded', 'DefenceShareRecorded',
]);

/** The record an event brings into the ledger, if it creates one. */
export function createdRecord(event: DomainEvent): { readonly kind: string; readonly id: string } | undefined {
  return creatingEvents.has(event.type) ? recordOfEvent(event) : undefined;
}
