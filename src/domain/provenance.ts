import type { CiteSource, RecordDefenceShare, Sourced } from './commands.js';
import type { DomainEvent } from './events.js';
import { DomainError, unreachable } from './errors.js';
import { found } from './rules.js';
import type { StateView } from './state.js';

/**
 * Where a record came from: the dataset and file it was read from, the place in the file (a
 * line, or an XPath for XML), who published it, and the publisher's own identifier for it
 * (an IATI activity or transaction reference, an FTS flow id, an OCDS ocid). Any command may
 * carry one; it is stored with the first event the command decides, so it is hashed into the
 * log with the record it describes. Evidence of other kinds (articles, statements) builds on it.
 */
export interface Provenance {
  /** The dataset and its release, e.g. "Kiel Ukraine Support Tracker, release 29". */
  readonly dataset: string;
  /** The file's name, without its directory. */
  readonly file: string;
  /** Where in the file: "line 12", or an XPath such as "/iati-activities/iati-activity[3]/transaction[2]". */
  readonly locator: string;
  readonly publisher?: string | undefined;
  /** The publisher's own identifier for the record. */
  readonly publisherRef?: string | undefined;
}

/** A row of the provenance table: one source of one record. */
export interface ProvenanceRow {
  readonly seq: number;
  readonly dataset: string;
  readonly file: string;
  readonly locator: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly publisher: string | null;
  readonly publisherRef: string | null;
  readonly note: string | null;
}

/** The kinds of record a source can be cited for, each looked up by its id. */
/**
 * The dataset name of a record read from a news article (`aidtrace ingest`): its provenance
 * says where it was read, but unlike a dataset row it confirms nothing; its evidence link says
 * how well the article sources it.
 */
export const newsDataset = 'news-article';

export const citableKinds = ['party', 'requirement', 'package', 'contribution', 'contract', 'shipment', 'receipt'] as const;
export type CitableKind = (typeof citableKinds)[number];

/** True when the ledger holds a record of this kind and id. */
export function recordExists(view: StateView, kind: CitableKind, id: string): boolean {
  switch (kind) {
    case 'party':
      return view.party(id) !== undefined;
    case 'requirement':
      return view.requirement(id) !== undefined;
    case 'package':
      return view.package(id) !== undefined;
    case 'contribution':
      return view.contribution(id) !== undefined;
    case 'contract':
      return view.contract(id) !== undefined;
    case 'shipment':
      return view.shipment(id) !== undefined;
    case 'receipt':
      return view.receiptExists(id);
    default:
      return unreachable(kind);
  }
}

/** A further source for a record that already exists: a second report of the same flow, a confirmation. */
export function citeSource(command: CiteSource & Sourced, view: StateView): DomainEvent[] {
  if (command.provenance === undefined) throw new DomainError('VALIDATION_FAILED', 'provenance: a citation needs the source it cites', 'provenance');
  found(recordExists(view, command.recordKind, command.recordId) ? true : undefined, command.recordKind, command.recordId, 'recordId');
  return [{ type: 'SourceCited', recordKind: command.recordKind, recordId: command.recordId, note: command.note ?? null }];
}

/** A country's defence spending as a reported share of GDP, when the amounts are not published. */
export function recordDefenceShare(command: RecordDefenceShare): DomainEvent[] {
  const [whole = '', fraction = ''] = command.percentOfGdp.split('.');
  if (Number.parseInt(whole, 10) > 100 || (whole === '100' && /[1-9]/.test(fraction))) {
    throw new DomainError('VALIDATION_FAILED', `percentOfGdp: ${command.percentOfGdp} is more than 100 percent`, 'percentOfGdp');
  }
  return [
    {
      type: 'DefenceShareRecorded',
      country: command.country,
      year: command.year,
      percentOfGdp: command.percentOfGdp,
      estimate: command.estimate ?? false,
    },
  ];
}

/** The record an event is about, for filing its provenance. */
export function recordOfEvent(event: DomainEvent): { readonly kind: string; readonly id: string } {
  switch (event.type) {
    case 'PartyRegistered':
    case 'PartyRoleGranted':
      return { kind: 'party', id: event.partyId };
    case 'RequirementRecorded':
      return { kind: 'requirement', id: event.requirementId };
    case 'PackageProposed':
    case 'PackageStageChanged':
      return { kind: 'package', id: event.packageId };
    case 'ContributionRecorded':
    case 'ContributionStageChanged':
      return { kind: 'contribution', id: event.contributionId };
    case 'TransferRecorded':
      return { kind: 'transfer', id: event.transferId };
    case 'CurrencyConverted':
      return { kind: 'conversion', id: event.conversionId };
    case 'ContractSigned':
      return { kind: 'contract', id: event.contractId };
    case 'ShipmentDispatched':
    case 'ShipmentMilestoneRecorded':
      return { kind: 'shipment', id: event.shipmentId };
    case 'ReceiptRecorded':
      return { kind: 'receipt', id: event.receiptId };
    case 'DefenceSpendingRecorded':
    case 'DefenceShareRecorded':
      return { kind: 'spending', id: `${event.country}:${event.year}` };
    case 'FxRateRecorded':
      return { kind: 'fxRate', id: `${event.date}:${event.base}:${event.quote}` };
    case 'SourceCited':
      return { kind: event.recordKind, id: event.recordId };
    case 'SourceRecorded':
      return { kind: 'source', id: event.sourceId };
    case 'EvidenceLinked':
      return { kind: event.recordKind, id: event.recordId };
    default:
      return unreachable(event);
  }
}
