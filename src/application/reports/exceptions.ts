import { formatAmount, groupThousands } from '../../domain/money.js';
import type { ReportData, ReportOptions } from './data.js';
import { FxTable } from './fx.js';
import { daysBetween } from './util.js';

/** What an auditor should look at first. */
export type ExceptionKind = 'unmatched_payment' | 'overdue_shipment' | 'rejected_quantity' | 'stage_backwards' | 'over_disbursed';

export interface ExceptionRow {
  readonly kind: ExceptionKind;
  readonly subject: string;
  readonly since: string;
  readonly detail: string;
  /** The money concerned, in the reporting currency, where there is some. */
  readonly amountMinor: bigint;
}

export interface ExceptionsReport {
  readonly report: 'exceptions';
  readonly currency: string;
  readonly asOf: string;
  readonly counts: Readonly<Record<ExceptionKind, number>>;
  readonly rows: readonly ExceptionRow[];
}

export function exceptionsReport(data: ReportData, options: ReportOptions): ExceptionsReport {
  const fx = new FxTable(data.fxRates);
  const to = (amountMinor: bigint, currency: string, date: string) => fx.convert(amountMinor, currency, options.currency, date);
  const rows = [
    ...unmatchedPayments(data, options, to),
    ...overdueShipments(data, options),
    ...rejectedQuantities(data),
    ...stagesBackwards(data),
    ...overDisbursed(data, to),
  ];
  const counts = { unmatched_payment: 0, overdue_shipment: 0, rejected_quantity: 0, stage_backwards: 0, over_disbursed: 0 };
  for (const row of rows) counts[row.kind] += 1;
  return { report: 'exceptions', currency: options.currency, asOf: options.asOf, counts, rows };
}

type Convert = (amountMinor: bigint, currency: string, date: string) => bigint;

/** An amount as people read it in a sentence: "113,000,000.00 USD". */
const said = (amountMinor: bigint, currency: string) => `${groupThousands(formatAmount(amountMinor, currency))} ${currency}`;

/** Money paid to a producer whose delivery date has passed without accepted goods worth as much. */
function unmatchedPayments(data: ReportData, options: ReportOptions, to: Convert): ExceptionRow[] {
  return data.contracts.flatMap((contract) => {
    if (contract.paidMinor === 0n || contract.deliveryDue >= options.asOf) return [];
    const acceptedMinor = data.contractLines
      .filter((line) => line.contractId === contract.id)
      .reduce((sum, line) => sum + BigInt(line.acceptedQuantity) * line.unitPriceMinor, 0n);
    if (acceptedMinor >= contract.paidMinor) return [];
    const unmatched = contract.paidMinor - acceptedMinor;
    const c = contract.currency;
    return [
      {
        kind: 'unmatched_payment' as const,
        subject: `contract ${contract.id}`,
        since: contract.deliveryDue,
        detail: `paid ${said(contract.paidMinor, c)}, accepted goods worth ${said(acceptedMinor, c)}; delivery was due ${contract.deliveryDue} (${daysBetween(contract.deliveryDue, options.asOf)} days ago)`,
        amountMinor: to(unmatched, c, contract.deliveryDue),
      },
    ];
  });
}

function overdueShipments(data: ReportData, options: ReportOptions): ExceptionRow[] {
  return data.shipments
    .filter((shipment) => (shipment.stage === 'dispatched' || shipment.stage === 'at_hub') && shipment.expectedBy < options.asOf)
    .map((shipment) => ({
      kind: 'overdue_shipment' as const,
      subject: `shipment ${shipment.id}`,
      since: shipment.expectedBy,
      detail: `${shipment.stage.replace('_', ' ')} since ${shipment.dispatchedAt}, expected by ${shipment.expectedBy}, ${daysBetween(shipment.expectedBy, options.asOf)} days overdue (contract ${shipment.contractId})`,
      amountMinor: 0n,
    }));
}

function rejectedQuantities(data: ReportData): ExceptionRow[] {
  const receipts = new Map(data.receipts.map((receipt) => [receipt.id, receipt]));
  return data.receiptLines
    .filter((line) => line.rejected > 0)
    .map((line) => ({
      kind: 'rejected_quantity' as const,
      subject: `receipt ${line.receiptId} line ${line.contractLineId}`,
      since: receipts.get(line.receiptId)?.receivedAt ?? '',
      detail: `${line.rejected} of ${line.shipped} rejected: ${line.reason ?? 'no reason given'}`,
      amountMinor: 0n,
    }));
}

function stagesBackwards(data: ReportData): ExceptionRow[] {
  return data.stageChanges
    .filter((change) => change.backwards === 1)
    .map((change) => ({
      kind: 'stage_backwards' as const,
      subject: `${change.entityKind} ${change.entityId}`,
      since: change.at,
      detail: `${change.fromStage} → ${change.toStage}${change.fromStage === change.toStage ? ' with a lower value' : ''}: ${change.reason ?? ''}`,
      amountMinor: 0n,
    }));
}

function overDisbursed(data: ReportData, to: Convert): ExceptionRow[] {
  return data.contributions
    .filter((c) => c.disbursedMinor > c.committedMinor)
    .map((c) => ({
      kind: 'over_disbursed' as const,
      subject: `contribution ${c.id}`,
      since: c.stageSince,
      detail: `${c.donorId} disbursed ${said(c.disbursedMinor, c.currency)} against ${c.committedMinor === 0n ? 'no commitment' : `a commitment of ${said(c.committedMinor, c.currency)}`}`,
      amountMinor: to(c.disbursedMinor - c.committedMinor, c.currency, c.stageSince),
    }));
}
