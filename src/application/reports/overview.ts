import { packageStages, type PackageStage } from '../../domain/state.js';
import type { ReportData, ReportOptions } from './data.js';
import { exceptionsReport } from './exceptions.js';
import { FxTable } from './fx.js';
import { pipelineReport, type PipelineReport } from './pipeline.js';
import { allocate, groupBy, monthOf, monthsBetween } from './util.js';

/**
 * The whole programme at a glance: the pipeline's totals with package counts by stage and the
 * number of exceptions; value, contracted, shipped and accepted by category; and per month what
 * was pledged, paid, contracted and accepted. Amounts follow the pipeline's conventions: what is
 * owed now converts at the report date, money and goods at their own dates, so the figures by
 * category and by month add up exactly to the totals.
 */
export interface OverviewTotals extends Readonly<PipelineReport['totals']> {
  readonly packages: number;
  readonly packagesByStage: Readonly<Record<PackageStage, number>>;
  /** Rows of the exceptions report over the same data. */
  readonly exceptions: number;
}

export interface OverviewCategoryRow {
  readonly category: string;
  /** Package lines: quantity × unit value; each package's value, converted once, split over its lines. */
  readonly valueMinor: bigint;
  /** Contract lines for package lines of this category: quantity × unit price. */
  readonly contractedMinor: bigint;
  readonly shippedMinor: bigint;
  readonly acceptedMinor: bigint;
}

export interface OverviewMonthRow {
  /** YYYY-MM. */
  readonly month: string;
  /** Contributions to packages, not withdrawn, by the day they were announced. */
  readonly pledgedMinor: bigint;
  /** Donor transfers into packages less refunds to donors, by value date. */
  readonly paidMinor: bigint;
  /** Contracts by the day they were signed. */
  readonly contractedMinor: bigint;
  /** Accepted goods at contract prices, by the day of the receipt. */
  readonly acceptedMinor: bigint;
}

export interface OverviewReport {
  readonly report: 'overview';
  readonly currency: string;
  readonly asOf: string;
  readonly totals: OverviewTotals;
  readonly byCategory: readonly OverviewCategoryRow[];
  /** One row per month from the first to the last with activity; per month, not cumulative. */
  readonly rows: readonly OverviewMonthRow[];
}

type Convert = (amountMinor: bigint, currency: string, date: string) => bigint;

export function overviewReport(data: ReportData, options: ReportOptions): OverviewReport {
  const fx = new FxTable(data.fxRates);
  const to: Convert = (amountMinor, currency, date) => fx.convert(amountMinor, currency, options.currency, date);
  const pipeline = pipelineReport(data, options);
  const packagesByStage = Object.fromEntries(packageStages.map((stage) => [stage, 0])) as Record<PackageStage, number>;
  for (const pkg of data.packages) packagesByStage[pkg.stage] += 1;
  return {
    report: 'overview',
    currency: options.currency,
    asOf: options.asOf,
    totals: {
      ...pipeline.totals,
      packages: data.packages.length,
      packagesByStage,
      exceptions: exceptionsReport(data, options).rows.length,
    },
    byCategory: byCategory(data, pipeline, to),
    rows: byMonth(data, to),
  };
}

const uncategorised = 'uncategorised';

function byCategory(data: ReportData, pipeline: PipelineReport, to: Convert): OverviewCategoryRow[] {
  const sums = new Map<string, { valueMinor: bigint; contractedMinor: bigint; shippedMinor: bigint; acceptedMinor: bigint }>();
  const add = (category: string, field: 'valueMinor' | 'contractedMinor' | 'shippedMinor' | 'acceptedMinor', amountMinor: bigint) => {
    let row = sums.get(category);
    if (!row) sums.set(category, (row = { valueMinor: 0n, contractedMinor: 0n, shippedMinor: 0n, acceptedMinor: 0n }));
    row[field] += amountMinor;
  };
  const lineKey = (packageId: string, lineId: string) => `${packageId}\u0000${lineId}`;
  const categoryOfLine = new Map(data.packageLines.map((line) => [lineKey(line.packageId, line.lineId), line.category]));

  // Value: the pipeline's converted package value, split over the package's lines by their own value.
  const linesOfPackage = groupBy(data.packageLines, (line) => line.packageId);
  for (const row of pipeline.rows) {
    const lines = linesOfPackage.get(row.packageId) ?? [];
    if (lines.length === 0) {
      add(uncategorised, 'valueMinor', row.valueMinor);
      continue;
    }
    const parts = allocate(
      row.valueMinor,
      lines.map((line) => BigInt(line.quantity) * line.unitValueMinor),
    );
    lines.forEach((line, index) => add(line.category, 'valueMinor', parts[index] ?? 0n));
  }

  // Contracted: each contract converted once, as the pipeline does, split over its lines;
  // shipped and accepted per contract line, exactly as the pipeline converts them.
  const linesOfContract = groupBy(data.contractLines, (line) => line.contractId);
  const packageIds = new Set(data.packages.map((pkg) => pkg.id));
  for (const contract of data.contracts) {
    if (!packageIds.has(contract.packageId)) continue;
    const lines = linesOfContract.get(contract.id) ?? [];
    const categoryOf = (packageLineId: string) => categoryOfLine.get(lineKey(contract.packageId, packageLineId)) ?? uncategorised;
    const contracted = to(contract.valueMinor, contract.currency, contract.signedOn);
    if (lines.length === 0) {
      add(uncategorised, 'contractedMinor', contracted);
      continue;
    }
    const parts = allocate(
      contracted,
      lines.map((line) => BigInt(line.quantity) * line.unitPriceMinor),
    );
    lines.forEach((line, index) => {
      const category = categoryOf(line.packageLineId);
      add(category, 'contractedMinor', parts[index] ?? 0n);
      add(category, 'shippedMinor', to(BigInt(line.shippedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn));
      add(category, 'acceptedMinor', to(BigInt(line.acceptedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn));
    });
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, row]) => ({ category, ...row }));
}

function byMonth(data: ReportData, to: Convert): OverviewMonthRow[] {
  const sums = new Map<string, { pledgedMinor: bigint; paidMinor: bigint; contractedMinor: bigint; acceptedMinor: bigint }>();
  const add = (date: string, field: 'pledgedMinor' | 'paidMinor' | 'contractedMinor' | 'acceptedMinor', amountMinor: bigint) => {
    const month = monthOf(date);
    let row = sums.get(month);
    if (!row) sums.set(month, (row = { pledgedMinor: 0n, paidMinor: 0n, contractedMinor: 0n, acceptedMinor: 0n }));
    row[field] += amountMinor;
  };
  // The same items the pipeline counts, converted the same way, so the months add up to its totals.
  const packageIds = new Set(data.packages.map((pkg) => pkg.id));
  for (const c of data.contributions) {
    if (c.stage !== 'withdrawn' && c.packageId !== null && packageIds.has(c.packageId)) add(c.announcedOn, 'pledgedMinor', to(c.amountMinor, c.currency, c.announcedOn));
  }
  const packageOf = (account: string) => (account.startsWith('package:') && packageIds.has(account.slice(8)) ? account.slice(8) : undefined);
  for (const t of data.transferTotals) {
    if (t.fromAccount.startsWith('donor:') && packageOf(t.toAccount)) add(t.valueDate, 'paidMinor', to(t.amountMinor, t.currency, t.valueDate));
    if (t.toAccount.startsWith('donor:') && packageOf(t.fromAccount)) add(t.valueDate, 'paidMinor', -to(t.amountMinor, t.currency, t.valueDate));
  }
  const contracts = new Map(data.contracts.map((contract) => [contract.id, contract]));
  for (const contract of data.contracts) {
    if (packageIds.has(contract.packageId)) add(contract.signedOn, 'contractedMinor', to(contract.valueMinor, contract.currency, contract.signedOn));
  }
  // Accepted: each contract line's accepted value, converted once as the pipeline does, split
  // over the receipts that accepted it by the quantity each accepted.
  const receipts = new Map(data.receipts.map((receipt) => [receipt.id, receipt]));
  const lineKey = (contractId: string, lineId: string) => `${contractId}\u0000${lineId}`;
  const receiptLinesOf = groupBy(
    data.receiptLines.filter((line) => line.accepted > 0 && receipts.has(line.receiptId)),
    (line) => lineKey(receipts.get(line.receiptId)?.contractId ?? '', line.contractLineId),
  );
  for (const line of data.contractLines) {
    const contract = contracts.get(line.contractId);
    if (!contract || !packageIds.has(contract.packageId) || line.acceptedQuantity === 0) continue;
    const received = receiptLinesOf.get(lineKey(line.contractId, line.lineId)) ?? [];
    const parts = allocate(
      to(BigInt(line.acceptedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn),
      received.map((receiptLine) => BigInt(receiptLine.accepted)),
    );
    received.forEach((receiptLine, index) => add(receipts.get(receiptLine.receiptId)?.receivedAt ?? contract.signedOn, 'acceptedMinor', parts[index] ?? 0n));
  }
  const months = [...sums.keys()].sort();
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];
  const zero = { pledgedMinor: 0n, paidMinor: 0n, contractedMinor: 0n, acceptedMinor: 0n };
  return monthsBetween(first, last).map((month) => ({ month, ...(sums.get(month) ?? zero) }));
}
