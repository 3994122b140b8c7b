import type { ReportData, ReportOptions } from './data.js';
import { FxTable } from './fx.js';
import { daysBetween, sumBy } from './util.js';

/** Per package: what was pledged, committed, paid in, contracted, shipped and accepted, and the funding gap. */
export interface PipelineRow {
  readonly packageId: string;
  readonly title: string;
  readonly recipientId: string;
  readonly stage: string;
  readonly daysInStage: number;
  readonly valueMinor: bigint;
  readonly pledgedMinor: bigint;
  readonly committedMinor: bigint;
  readonly paidMinor: bigint;
  readonly contractedMinor: bigint;
  readonly shippedMinor: bigint;
  readonly acceptedMinor: bigint;
  readonly fundingGapMinor: bigint;
}

export interface PipelineReport {
  readonly report: 'pipeline';
  readonly currency: string;
  readonly asOf: string;
  readonly rows: readonly PipelineRow[];
  readonly totals: Omit<PipelineRow, 'packageId' | 'title' | 'recipientId' | 'stage' | 'daysInStage'>;
}

export function pipelineReport(data: ReportData, options: ReportOptions): PipelineReport {
  const fx = new FxTable(data.fxRates);
  const to = (amountMinor: bigint, currency: string, date: string) => fx.convert(amountMinor, currency, options.currency, date);
  const rows = data.packages.map((pkg): PipelineRow => {
    const contributions = data.contributions.filter((c) => c.packageId === pkg.id && c.stage !== 'withdrawn');
    const contracts = data.contracts.filter((c) => c.packageId === pkg.id);
    const lineValue = (pick: 'shippedQuantity' | 'acceptedQuantity') =>
      sumBy(contracts, (contract) =>
        sumBy(
          data.contractLines.filter((line) => line.contractId === contract.id),
          (line) => to(BigInt(line[pick]) * line.unitPriceMinor, contract.currency, contract.signedOn),
        ),
      );
    const account = `package:${pkg.id}`;
    const paidIn = sumBy(data.transferTotals, (t) => {
      if (t.toAccount === account && t.fromAccount.startsWith('donor:')) return to(t.amountMinor, t.currency, t.valueDate);
      if (t.fromAccount === account && t.toAccount.startsWith('donor:')) return -to(t.amountMinor, t.currency, t.valueDate);
      return 0n;
    });
    // Value and gap are owed now, so they convert at the report date; money paid converts at its value date.
    const valueMinor = to(pkg.valueMinor, pkg.currency, options.asOf);
    const gapMinor = pkg.stage === 'cancelled' || pkg.fundedMinor >= pkg.valueMinor ? 0n : pkg.valueMinor - pkg.fundedMinor;
    return {
      packageId: pkg.id,
      title: pkg.title,
      recipientId: pkg.recipientId,
      stage: pkg.stage,
      daysInStage: daysBetween(pkg.stageSince, options.asOf),
      valueMinor,
      pledgedMinor: sumBy(contributions, (c) => to(c.amountMinor, c.currency, c.announcedOn)),
      committedMinor: sumBy(contributions, (c) => to(c.committedMinor, c.currency, c.announcedOn)),
      paidMinor: paidIn,
      contractedMinor: sumBy(contracts, (c) => to(c.valueMinor, c.currency, c.signedOn)),
      shippedMinor: lineValue('shippedQuantity'),
      acceptedMinor: lineValue('acceptedQuantity'),
      fundingGapMinor: to(gapMinor, pkg.currency, options.asOf),
    };
  });
  const total = (pick: (row: PipelineRow) => bigint) => sumBy(rows, pick);
  return {
    report: 'pipeline',
    currency: options.currency,
    asOf: options.asOf,
    rows,
    totals: {
      valueMinor: total((r) => r.valueMinor),
      pledgedMinor: total((r) => r.pledgedMinor),
      committedMinor: total((r) => r.committedMinor),
      paidMinor: total((r) => r.paidMinor),
      contractedMinor: total((r) => r.contractedMinor),
      shippedMinor: total((r) => r.shippedMinor),
      acceptedMinor: total((r) => r.acceptedMinor),
      fundingGapMinor: total((r) => r.fundingGapMinor),
    },
  };
}
