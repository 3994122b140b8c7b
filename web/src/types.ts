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
    readonly packages: number;
    readonly packagesByStage: Readonly<Record<string, number>>;
    readonly exceptions: number;
  };
  readonly byCategory: readonly { readonly category: string; readonly value: string; readonly contracted: string; readonly shipped: string; readonly accepted: string }[];
  readonly rows: readonly { readonly month: string; readonly pledged: string; readonly paid: string; readonly contracted: string; readonly accepted: string }[];
}

export interface FlowsReport {
  readonly currency: string;
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly name: string }[];
  readonly rows: readonly { readonly source: string; readonly target: string; readonly paid: string; readonly delivered: string }[];
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
  readonly packages: readonly { readonly packageId: string; readonly funded: string; readonly sharePercent: string; readonly paidToProducers: string; readonly accepted: string }[];
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
