import type { Money } from './money.js';
import type { EvidenceRecordKind, SourceKind, SourceType } from './evidence.js';
import type { CitableKind, Provenance } from './provenance.js';
import type {
  ContributionKind,
  ContributionStage,
  MilestoneKind,
  PartyKind,
  PartyRole,
  ValuationMethod,
} from './state.js';

/**
 * Every change to the ledger is one of these commands. Names are imperative; times and ids
 * come in with the command so that deciding stays pure. Amounts are bigint minor units.
 * Transfers and conversions are named by the id of the command that records them.
 */
export interface RegisterParty {
  readonly type: 'RegisterParty';
  readonly partyId: string;
  readonly name: string;
  readonly kind: PartyKind;
  readonly roles: readonly PartyRole[];
  readonly country?: string | undefined;
}

/** Gives a registered party a further role, e.g. a donor state that also receives aid. */
export interface GrantRole {
  readonly type: 'GrantRole';
  readonly partyId: string;
  readonly role: PartyRole;
}

export interface RecordRequirement {
  readonly type: 'RecordRequirement';
  readonly requirementId: string;
  readonly recipientId: string;
  readonly category: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priority: number;
  readonly neededBy: string;
}

export interface PackageLineInput {
  readonly lineId: string;
  readonly item: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitValueMinor: bigint;
  readonly requirementId?: string | undefined;
  readonly sensitive?: boolean | undefined;
}

export interface ProposePackage {
  readonly type: 'ProposePackage';
  readonly packageId: string;
  readonly title: string;
  readonly recipientId: string;
  readonly coordinatorId: string;
  readonly currency: string;
  readonly proposedAt: string;
  readonly lines: readonly PackageLineInput[];
}

export interface ApprovePackage {
  readonly type: 'ApprovePackage';
  readonly packageId: string;
  readonly at: string;
}

export interface ClosePackage {
  readonly type: 'ClosePackage';
  readonly packageId: string;
  readonly at: string;
}

export interface CancelPackage {
  readonly type: 'CancelPackage';
  readonly packageId: string;
  readonly at: string;
  readonly reason: string;
}

export interface RecordContribution {
  readonly type: 'RecordContribution';
  readonly contributionId: string;
  readonly donorId: string;
  readonly kind: ContributionKind;
  /** Disbursed or delivered only as reported by a dataset (the command carries a provenance). */
  readonly stage: 'announced' | 'committed' | 'disbursed' | 'delivered';
  readonly value: Money;
  readonly at: string;
  readonly category: string;
  readonly description: string;
  readonly packageId?: string | undefined;
  readonly recipientId?: string | undefined;
  readonly valuationMethod?: ValuationMethod | undefined;
  readonly quantity?: number | undefined;
  readonly unit?: string | undefined;
  readonly coalition?: string | undefined;
}

export interface AdvanceContribution {
  readonly type: 'AdvanceContribution';
  readonly contributionId: string;
  readonly stage: ContributionStage;
  readonly at: string;
  /** A revised value as a decimal string in the contribution's own currency, e.g. "450000000.00". */
  readonly amount?: string | undefined;
  /** Required when the stage goes back or the contribution is withdrawn. */
  readonly reason?: string | undefined;
}

export interface RecordTransfer {
  readonly type: 'RecordTransfer';
  /** Accounts are written kind:owner, e.g. "donor:NLD", "package:PURL-NL-1", "contract:C-1". */
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly amount: Money;
  readonly valueDate: string;
  readonly contributionId?: string | undefined;
  readonly memo?: string | undefined;
}

export interface ConvertCurrency {
  readonly type: 'ConvertCurrency';
  readonly accountId: string;
  readonly sold: Money;
  readonly bought: Money;
  readonly valueDate: string;
}

export interface ContractLineInput {
  readonly lineId: string;
  readonly packageLineId: string;
  readonly quantity: number;
  readonly unitPriceMinor: bigint;
}

export interface SignContract {
  readonly type: 'SignContract';
  readonly contractId: string;
  readonly packageId: string;
  readonly producerId: string;
  readonly currency: string;
  readonly signedOn: string;
  readonly deliveryDue: string;
  readonly lines: readonly ContractLineInput[];
}

export interface DispatchShipment {
  readonly type: 'DispatchShipment';
  readonly shipmentId: string;
  readonly contractId: string;
  readonly dispatchedAt: string;
  readonly expectedBy: string;
  readonly route?: string | undefined;
  readonly lines: readonly { readonly contractLineId: string; readonly quantity: number }[];
}

export interface RecordMilestone {
  readonly type: 'RecordMilestone';
  readonly shipmentId: string;
  readonly kind: Exclude<MilestoneKind, 'dispatched'>;
  readonly at: string;
  readonly location?: string | undefined;
}

export interface ReceiptLineInput {
  readonly contractLineId: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly reason?: string | undefined;
}

export interface RecordReceipt {
  readonly type: 'RecordReceipt';
  readonly receiptId: string;
  readonly shipmentId: string;
  readonly receivedAt: string;
  readonly lines: readonly ReceiptLineInput[];
}

export interface RecordDefenceSpending {
  readonly type: 'RecordDefenceSpending';
  readonly country: string;
  readonly year: number;
  readonly spending: Money;
  readonly gdp: Money;
  readonly source?: string | undefined;
}

export interface RecordFxRate {
  readonly type: 'RecordFxRate';
  readonly date: string;
  readonly base: string;
  readonly quote: string;
  /** 1 base = rate quote, as a decimal string. */
  readonly rate: string;
}

/** Reported share of GDP, for allies whose tables give the share without the amounts. */
export interface RecordDefenceShare {
  readonly type: 'RecordDefenceShare';
  readonly country: string;
  readonly year: number;
  /** Percent of GDP as a decimal string, e.g. "2.05". */
  readonly percentOfGdp: string;
  /** True when the publisher marks the figure as an estimate. */
  readonly estimate?: boolean | undefined;
}

/** Cites a further source for a record that exists (a second report of the same flow). */
export interface CiteSource {
  readonly type: 'CiteSource';
  readonly recordKind: CitableKind;
  readonly recordId: string;
  readonly note?: string | undefined;
}

/** A source document a figure can rest on (evidence.ts). */
export interface RecordSource {
  readonly type: 'RecordSource';
  readonly sourceId: string;
  readonly kind: SourceKind;
  /** The outlet, ministry or dataset owner; a source without one is unverified. */
  readonly publisher?: string | undefined;
  readonly title: string;
  readonly publishedOn: string;
  /** A URL, or a file and line. */
  readonly locator: string;
  readonly author?: string | undefined;
  /** BCP 47, e.g. "en", "uk". */
  readonly language?: string | undefined;
  /** Which story a news article tells, so that rewrites of one story count once. */
  readonly story?: string | undefined;
}

/** A claim about one stage of a contribution: `stage:committed`, `stage:disbursed` (evidence.ts). */
export type StageClaim = `stage:${ContributionStage}`;

/** Ties a ledger record to a source with the exact words and who said them. Named by its command id. */
export interface LinkEvidence {
  readonly type: 'LinkEvidence';
  readonly recordKind: EvidenceRecordKind;
  readonly recordId: string;
  readonly sourceId: string;
  readonly excerpt: string;
  /** Character offsets of the excerpt in the source's text, end exclusive. */
  readonly offsets?: { readonly start: number; readonly end: number } | undefined;
  readonly sourceType: SourceType;
  readonly speaker?: string | undefined;
  readonly speakerRole?: string | undefined;
  /**
   * The figure it supports, e.g. "amount", "stage", "date". For a contribution, `stage:STAGE`
   * (`stage:disbursed`) says it backs that stage only (a stage of the contribution's kind); any
   * other claim backs the record as a whole.
   */
  readonly claim?: StageClaim | (string & {}) | undefined;
}

export type Command = (
  | RegisterParty
  | GrantRole
  | RecordRequirement
  | ProposePackage
  | ApprovePackage
  | ClosePackage
  | CancelPackage
  | RecordContribution
  | AdvanceContribution
  | RecordTransfer
  | ConvertCurrency
  | SignContract
  | DispatchShipment
  | RecordMilestone
  | RecordReceipt
  | RecordDefenceSpending
  | RecordFxRate
  | RecordDefenceShare
  | CiteSource
  | RecordSource
  | LinkEvidence
) & Sourced;

/** Any command may say where its record came from, when it was read from a dataset (see provenance.ts). */
export interface Sourced {
  readonly provenance?: Provenance | undefined;
}

export type CommandType = Command['type'];
