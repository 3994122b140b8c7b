import type { Confirmation, ConfirmationLevel, Evidence, Source } from '../../domain/evidence.js';
import { evidenceLevel, recordLevel, stageOfClaim } from '../../domain/evidence.js';
import { contributionStages as contributionStageOrder } from '../../domain/state.js';
import { newsDataset, recordOfEvent } from '../../domain/provenance.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ReportData } from './data.js';

/**
 * How well each record is sourced: its confirmation level (domain/evidence.ts), how many pieces
 * of evidence it has, how many independent stories tell it, and the evidence with its sources.
 * Records are named `kind:id` as provenance and evidence name them (`contribution:kiel:1`,
 * `spending:NLD:2024`, `transfer:COMMAND-ID`). A contribution is as well confirmed as its current
 * stage: evidence about one stage (`claim: "stage:disbursed"`) backs that stage only.
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

/**
 * The confirmation of one stage a contribution reached: judged on the evidence about that stage
 * (`claim: "stage:disbursed"`) together with the evidence about the whole record, its provenance
 * and its own entry. A pledge quoted from a named minister does not vouch for the payment.
 */
export interface StageConfirmation extends Confirmation {
  readonly stage: string;
  /** False for a stage evidence claims that the ledger has not recorded (a payment reported before it is entered). */
  readonly reached: boolean;
  /** The contribution's stage now: the record's own level is this stage's. */
  readonly current: boolean;
  /** The pieces of evidence about this stage alone (the record-wide ones back every stage). */
  readonly evidenceIds: readonly string[];
}

export interface RecordConfirmation extends Confirmation {
  readonly recordKind: string;
  readonly recordId: string;
  /** True when the record was entered by an account of the party it belongs to. */
  readonly ownEntry: boolean;
  /** Dataset rows the record was read from (its provenance). */
  readonly provenance: number;
  readonly items: readonly EvidenceEntry[];
  /**
   * A contribution's stages in the order it reached them, then any stage only evidence claims;
   * the record's level, evidence and stories are those of its current stage. Absent for other records.
   */
  readonly stages?: readonly StageConfirmation[];
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

/** What the index reads: evidence, sources and provenance; contributions and their stage changes to judge a contribution by its stage. */
export type ConfirmationData = Pick<ReportData, 'provenance' | 'sources' | 'evidence'> & Partial<Pick<ReportData, 'contributions' | 'stageChanges'>>;

/**
 * Every record's confirmation, by `recordKey`. Records with no evidence, no provenance and no
 * own entry are absent: they are `unverified` (see `confirmationOf`). `ownEntries` holds the
 * keys of records their own party entered (the server knows who wrote each event).
 */
export class ConfirmationIndex {
  private readonly byRecord = new Map<string, { evidence: EvidenceEntry[]; provenance: number }>();
  /** Each contribution's stages in the order it reached them, and its stage now. */
  private readonly contributionStages = new Map<string, { readonly reached: string[]; readonly current: string }>();

  constructor(
    data: ConfirmationData,
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
    for (const contribution of data.contributions ?? []) this.contributionStages.set(contribution.id, { reached: [], current: contribution.stage });
    const changes = (data.stageChanges ?? []).filter((change) => change.entityKind === 'contribution').sort((a, b) => a.seq - b.seq);
    for (const change of changes) {
      const reached = this.contributionStages.get(change.entityId)?.reached;
      if (!reached) continue;
      for (const stage of [change.fromStage, change.toStage]) if (!reached.includes(stage)) reached.push(stage);
    }
  }

  /** The confirmation of one record; `unverified` with nothing when nothing backs it. */
  of(kind: string, id: string): RecordConfirmation {
    const key = recordKey(kind, id);
    const found = this.byRecord.get(key);
    const items = found?.evidence ?? [];
    const ownEntry = this.ownEntries.has(key);
    const provenance = found?.provenance ?? 0;
    const judge = (backing: readonly EvidenceEntry[]) => recordLevel({ evidence: backing.map((item) => ({ evidence: item, source: item.source })), provenance, ownEntry });
    const record = { recordKind: kind, recordId: id, ownEntry, provenance, items };
    const contribution = kind === 'contribution' ? this.contributionStages.get(id) : undefined;
    if (!contribution) return { ...judge(items), ...record };
    const stages = stagesOf(contribution, items, judge);
    const now = stages.find((stage) => stage.current) as StageConfirmation;
    return { level: now.level, evidence: now.evidence, stories: now.stories, ...record, stages };
  }

  /** The short form list rows carry. */
  summary(kind: string, id: string): Confirmation {
    const { level, evidence, stories } = this.of(kind, id);
    return { level, evidence, stories };
  }
}

/** Each stage reached (then each only claimed), judged on its own evidence and the record-wide evidence. */
function stagesOf(
  contribution: { readonly reached: readonly string[]; readonly current: string },
  items: readonly EvidenceEntry[],
  judge: (backing: readonly EvidenceEntry[]) => Confirmation,
): StageConfirmation[] {
  const wide = items.filter((item) => stageOfClaim(item.claim) === null);
  const reached = contribution.reached.length > 0 ? contribution.reached : [contribution.current];
  const claimed = contributionStageOrder.filter((stage) => !reached.includes(stage) && items.some((item) => stageOfClaim(item.claim) === stage));
  return [...reached.map((stage) => ({ stage, reached: true })), ...claimed.map((stage) => ({ stage, reached: false }))].map(({ stage, reached: isReached }) => {
    const own = items.filter((item) => stageOfClaim(item.claim) === stage);
    return { stage, reached: isReached, current: stage === contribution.current, ...judge([...wide, ...own]), evidenceIds: own.map((item) => item.id) };
  });
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
