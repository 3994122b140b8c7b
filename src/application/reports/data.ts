import type {
  Account,
  Contract,
  ContractLine,
  Contribution,
  DefenceShare,
  FxRate,
  Package,
  PackageLine,
  Party,
  Requirement,
  Shipment,
  SpendingRecord,
} from '../../domain/state.js';
import type { Evidence, Source } from '../../domain/evidence.js';
import type { ProvenanceRow } from '../../domain/provenance.js';
import type { LedgerStore, TransferTotal } from '../ports.js';

/** The rows the reports read, loaded once from a store (or a read replica). */
export interface ReportData {
  readonly parties: readonly Party[];
  readonly requirements: readonly Requirement[];
  readonly packages: readonly Package[];
  readonly packageLines: readonly PackageLine[];
  readonly contributions: readonly Contribution[];
  readonly accounts: readonly Account[];
  readonly contracts: readonly Contract[];
  readonly contractLines: readonly ContractLine[];
  readonly shipments: readonly Shipment[];
  readonly receiptLines: readonly { receiptId: string; contractLineId: string; shipped: number; accepted: number; rejected: number; reason: string | null }[];
  readonly stageChanges: readonly {
    seq: number;
    entityKind: string;
    entityId: string;
    fromStage: string;
    toStage: string;
    at: string;
    reason: string | null;
    backwards: number;
  }[];
  readonly spending: readonly SpendingRecord[];
  /** Reported shares of GDP where the amounts are not published (NATO's tables). */
  readonly defenceShares: readonly DefenceShare[];
  readonly fxRates: readonly FxRate[];
  readonly transferTotals: readonly TransferTotal[];
  readonly receipts: readonly { id: string; shipmentId: string; contractId: string; receivedAt: string }[];
  /** Where records came from: one row per record and source (a second source is a merge, not a second record). */
  readonly provenance: readonly ProvenanceRow[];
  /** Source documents and the evidence tying records to them (absent where a caller built the data without them). */
  readonly sources?: readonly Source[];
  readonly evidence?: readonly Evidence[];
}

export interface ReportOptions {
  /** ISO 4217 code all totals are converted to; EUR by default. */
  readonly currency: string;
  /** The day the report is made for (YYYY-MM-DD): what is overdue is judged against it. */
  readonly asOf: string;
}

export async function loadReportData(store: LedgerStore): Promise<ReportData> {
  const read = async <T>(table: Parameters<LedgerStore['readTable']>[0]) => (await store.readTable(table)) as unknown as T;
  return {
    parties: await read('party'),
    requirements: await read('requirement'),
    packages: await read('package'),
    packageLines: await read('packageLine'),
    contributions: await read('contribution'),
    accounts: await read('account'),
    contracts: await read('contract'),
    contractLines: await read('contractLine'),
    shipments: await read('shipment'),
    receiptLines: await read('receiptLine'),
    stageChanges: await read('stageChange'),
    spending: await read('spending'),
    defenceShares: await read('defenceShare'),
    fxRates: await read('fxRate'),
    transferTotals: await store.transferTotals(),
    receipts: await read('receipt'),
    provenance: await read('provenance'),
    sources: await read('source'),
    evidence: await read('evidence'),
  };
}
