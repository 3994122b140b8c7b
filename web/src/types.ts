/** Wire shapes of the reports the dashboard reads (amounts are exact decimal strings). */

/** A package's money from promise to acceptance, in the reporting currency (or its totals). */
export interface PipelineAmounts {
  readonly value: string;
  readonly pledged: string;
  readonly committed: string;
  readonly paid: string;
  readonly contracted: string;
  readonly shipped: string;
  readonly accepted: string;
  readonly fundingGap: string;
}

export interface PipelineRow extends PipelineAmounts {
  readonly sourcing?: Sourcing<keyof PipelineAmounts>;
  readonly packageId: string;
  readonly title: string;
  readonly recipientId: string;
  readonly stage: string;
  readonly daysInStage: number | null;
}

export interface PipelineReport {
  readonly currency: string;
  readonly asOf: string;
  readonly rows: readonly PipelineRow[];
}

export interface OverviewReport {
  readonly currency: string;
  readonly asOf: string;
  readonly totals: PipelineAmounts & {
    readonly sourcing?: Sourcing<keyof PipelineAmounts>;
    readonly packages: number;
    readonly packagesByStage: Readonly<Record<string, number>>;
    readonly exceptions: number;
  };
  readonly byCategory: readonly {
    readonly category: string;
    readonly value: string;
    readonly contracted: string;
    readonly shipped: string;
    readonly accepted: string;
    readonly sourcing?: Sourcing<'value' | 'contracted' | 'shipped' | 'accepted'>;
  }[];
  readonly rows: readonly {
    readonly month: string;
    readonly pledged: string;
    readonly paid: string;
    readonly contracted: string;
    readonly accepted: string;
    readonly sourcing?: Sourcing<'pledged' | 'paid' | 'contracted' | 'accepted'>;
  }[];
}

export interface FlowsReport {
  readonly currency: string;
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly name: string }[];
  readonly rows: readonly { readonly source: string; readonly target: string; readonly paid: string; readonly delivered: string; readonly sourcing?: Sourcing<'paid' | 'delivered'> }[];
}

export interface DonorRow {
  readonly donorId: string;
  readonly name: string;
  readonly promised: string;
  readonly committed: string;
  readonly paid: string;
  readonly deliveredInKind: string;
  readonly paidToProducers: string;
  readonly accepted: string;
  readonly sourcing?: Sourcing<'promised' | 'committed' | 'paid' | 'deliveredInKind' | 'paidToProducers' | 'accepted'>;
  readonly packages: readonly {
    readonly packageId: string;
    readonly funded: string;
    readonly sharePercent: string;
    readonly paidToProducers: string;
    readonly accepted: string;
    readonly sourcing?: Sourcing<'funded' | 'paidToProducers' | 'accepted'>;
  }[];
}

export interface RequirementRow {
  readonly requirementId: string;
  readonly recipientId: string;
  readonly priority: number;
  readonly category: string;
  readonly description: string;
  readonly unit: string;
  readonly neededBy: string;
  readonly required: number;
  readonly accepted: number;
  readonly inPipeline: number;
  readonly unfunded: number;
  readonly status: string;
}

export interface SpendingRow {
  readonly country: string;
  readonly year: number;
  /** Null for a reported share, which has no amounts. */
  readonly currency: string | null;
  /** Absent or null for a reported share (the wire sends `spendingMinor: null` then). */
  readonly spending?: string | null;
  readonly gdp?: string | null;
  /** Computed from the amounts, or the reported share when `reported`. */
  readonly sharePercent: string;
  readonly reported: boolean;
  /** The reported share for the year, also beside a computed one; null when none was reported. */
  readonly reportedSharePercent: string | null;
  /** The reported share is the publisher's estimate. */
  readonly estimate: boolean;
  readonly meets2Percent: boolean;
  readonly meets3_5Percent: boolean;
  readonly meets5Percent: boolean;
  readonly source: string | null;
}

export interface ExceptionRow {
  readonly kind: string;
  readonly subject: string;
  readonly since: string;
  readonly detail: string;
  readonly amount: string;
}

export interface Party {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly roles: string;
  readonly country: string | null;
}

export interface Report<R> {
  readonly currency: string;
  readonly asOf: string;
  readonly rows: readonly R[];
}

/** The reconciliation report's figures for a donor, a package or the totals. */
export interface ReconciliationAmounts {
  readonly pledged: string;
  readonly committed: string;
  readonly disbursed: string;
  readonly contracted: string;
  readonly shipped: string;
  readonly accepted: string;
  /** Disbursed money that accepted goods account for. */
  readonly traced: string;
  /** Traced ÷ disbursed in percent ("48.54"); null where nothing was disbursed. */
  readonly tracedPercent: string | null;
  /** Disbursed − traced, split by age below. */
  readonly untraced: string;
  readonly untraced0To30: string;
  readonly untraced31To90: string;
  readonly untraced91To180: string;
  readonly untraced181To365: string;
  readonly untracedOver365: string;
  readonly sourcing?: Sourcing<'pledged' | 'committed' | 'disbursed' | 'contracted' | 'shipped' | 'accepted'>;
}

export interface ReconciliationRow extends ReconciliationAmounts {
  readonly level: 'donor' | 'package';
  readonly id: string;
  readonly name: string;
}

export interface ReconciliationGapLine {
  readonly contractId: string;
  readonly lineId: string;
  readonly item: string;
  readonly contracted: number;
  readonly shipped: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly notReceived: number;
  readonly rejectedValue: string;
  readonly notReceivedValue: string;
  readonly reasons: readonly string[];
}

export interface ReconciliationReport {
  readonly currency: string;
  readonly asOf: string;
  readonly rows: readonly ReconciliationRow[];
  readonly totals: ReconciliationAmounts;
  readonly aging: readonly { readonly label: string; readonly fromDays: number; readonly toDays: number | null; readonly untraced: string }[];
  readonly quantities: readonly {
    readonly packageId: string;
    readonly title: string;
    readonly rejectedValue: string;
    readonly notReceivedValue: string;
    readonly overdueShipments: number;
    readonly lines: readonly ReconciliationGapLine[];
  }[];
  readonly merges: {
    readonly records: number;
    readonly merged: number;
    readonly avoided: string;
    readonly byDataset: readonly { readonly dataset: string; readonly merged: number }[];
    readonly byKind: readonly { readonly recordKind: string; readonly merged: number }[];
    readonly list: readonly {
      readonly recordKind: string;
      readonly recordId: string;
      readonly merged: number;
      readonly amount: string | null;
      readonly sources: readonly { readonly seq: number; readonly dataset: string; readonly file: string; readonly locator: string; readonly publisher: string | null; readonly publisherRef: string | null; readonly note: string | null }[];
    }[];
  };
}

export type ConfirmationLevel = 'confirmed' | 'on-record' | 'reported' | 'unverified';

/**
 * How much of an aggregate figure rests on records at each confirmation level (decimal strings
 * adding up to the figure), and those shares in basis points (adding up to 10,000; null when the
 * figure is zero or negative).
 */
export interface SourcingMix {
  readonly confirmed: string;
  readonly 'on-record': string;
  readonly reported: string;
  readonly unverified: string;
  readonly basisPoints: Readonly<Record<ConfirmationLevel, number>> | null;
}

/** The mix of each money figure of a report row, by the figure's name. */
export type Sourcing<K extends string> = Readonly<Partial<Record<K, SourcingMix>>>;

/** How well a record is sourced, as list rows carry it. */
export interface ConfirmationSummary {
  readonly level: ConfirmationLevel;
  readonly evidence: number;
  readonly stories: number;
}

export interface SourceDocument {
  readonly id: string;
  readonly kind: string;
  readonly publisher: string | null;
  readonly title: string;
  readonly publishedOn: string;
  readonly locator: string;
  readonly author: string | null;
  readonly language: string | null;
  readonly story: string | null;
}

export interface EvidenceItem {
  readonly id: string;
  readonly excerpt: string;
  readonly offsets: { readonly start: number; readonly end: number } | null;
  readonly sourceType: string;
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly claim: string | null;
  readonly level: ConfirmationLevel;
  readonly source: SourceDocument;
}

/** GET /api/evidence: a record's level, its evidence and the dataset rows it was read from. */
export interface RecordEvidence extends ConfirmationSummary {
  readonly recordKind: string;
  readonly recordId: string;
  readonly ownEntry: boolean;
  readonly provenance: number;
  readonly items: readonly EvidenceItem[];
  readonly sources: readonly { readonly seq: number; readonly dataset: string; readonly file: string; readonly locator: string; readonly publisher: string | null; readonly publisherRef: string | null; readonly note: string | null }[];
}

// ---- reading articles (POST /api/evidence/ingest) ----

/** Whose word a claim rests on (the article analysis's source types). */
export type SourceType = 'person' | 'organisation' | 'document' | 'anonymous' | 'pronoun' | 'none';

interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A sentence of `POST /api/evidence/ingest` (the `aidtrace ingest --json` format in the README). */
export interface IngestSentence {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly attribution?: { readonly source: TextSpan; readonly cue: TextSpan; readonly type: Exclude<SourceType, 'none'>; readonly role?: string; readonly carriedFrom?: number };
  readonly claims: readonly string[];
  readonly entities: readonly { readonly kind: string; readonly id: string; readonly name: string; readonly span: TextSpan }[];
  readonly amounts: readonly { readonly kind: string; readonly value: string; readonly currency?: string; readonly of?: string; readonly approximate?: boolean; readonly span: TextSpan }[];
  readonly dates: readonly { readonly date: string; readonly span: TextSpan }[];
}

/** A candidate ledger entry, with `recorded` when the ledger already holds it. */
export interface IngestCandidate {
  readonly file: string;
  readonly sentence: number;
  readonly text: string;
  readonly donor: string;
  readonly recipient?: string;
  readonly amount: { readonly value: string; readonly currency: string; readonly approximate: boolean };
  readonly stage: string;
  readonly date?: string;
  readonly sourceType: SourceType;
  readonly source?: string;
  readonly warnings: readonly string[];
  readonly command?: Readonly<Record<string, unknown>>;
  readonly evidence?: Readonly<Record<string, unknown>>;
  readonly recorded: boolean;
}

/** The answer of `POST /api/evidence/ingest`. */
export interface IngestReport {
  readonly articles: readonly { readonly file: string; readonly title?: string; readonly published?: string; readonly sentences: readonly IngestSentence[] }[];
  readonly stories: readonly { readonly files: readonly string[]; readonly pairs: readonly { readonly a: string; readonly b: string; readonly relation: string; readonly textSimilarity: string; readonly claimSimilarity: string }[] }[];
  readonly independentStories: number;
  readonly joined: readonly { readonly file: string; readonly boundaries: readonly number[]; readonly reason: string }[];
  readonly contradictions: readonly { readonly kind: string; readonly about: string; readonly claims: readonly { readonly file: string; readonly sentence: number; readonly text: string; readonly sourceType: SourceType; readonly value: string }[] }[];
  readonly candidates: readonly IngestCandidate[];
  readonly sources: readonly (Readonly<Record<string, unknown>> & { readonly sourceId: string; readonly locator: string; readonly recorded: boolean })[];
  readonly incompleteClaims: number;
}
