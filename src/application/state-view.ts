import type {
  Account,
  Contract,
  ContractLine,
  Contribution,
  FxRate,
  Package,
  PackageLine,
  Party,
  Requirement,
  Shipment,
  ShipmentLine,
  SpendingRecord,
  StateView,
} from '../domain/state.js';
import type { Evidence, Source } from '../domain/evidence.js';
import type { MemoryState } from '../projections/memory.js';

/** The decisions' view of the ledger, read from the entity tables held in memory. */
export class MemoryStateView implements StateView {
  /** `transfers`: the transfers known to exist (transfers are not held in memory; see `StateView.transferExists`). */
  constructor(
    private readonly memory: MemoryState,
    private readonly transfers: ReadonlySet<string> = new Set(),
  ) {}
  party(id: string) {
    return this.memory.get('party', [id]) as Party | undefined;
  }
  requirement(id: string) {
    return this.memory.get('requirement', [id]) as Requirement | undefined;
  }
  package(id: string) {
    return this.memory.get('package', [id]) as unknown as Package | undefined;
  }
  packageLines(id: string) {
    return this.memory.childrenOf('packageLine', id) as unknown as PackageLine[];
  }
  contribution(id: string) {
    return this.memory.get('contribution', [id]) as unknown as Contribution | undefined;
  }
  account(id: string, currency: string) {
    return this.memory.get('account', [id, currency]) as unknown as Account | undefined;
  }
  accountsOf(id: string) {
    return this.memory.childrenOf('account', id) as unknown as Account[];
  }
  contract(id: string) {
    return this.memory.get('contract', [id]) as unknown as Contract | undefined;
  }
  contractLines(id: string) {
    return this.memory.childrenOf('contractLine', id) as unknown as ContractLine[];
  }
  contractsOfPackage(id: string) {
    return this.memory.childrenOf('contract', id) as unknown as Contract[];
  }
  shipment(id: string) {
    return this.memory.get('shipment', [id]) as unknown as Shipment | undefined;
  }
  shipmentLines(id: string) {
    return this.memory.childrenOf('shipmentLine', id) as unknown as ShipmentLine[];
  }
  fxRate(date: string, base: string, quote: string) {
    return this.memory.get('fxRate', [date, base, quote]) as unknown as FxRate | undefined;
  }
  receiptExists(id: string) {
    return this.memory.get('receipt', [id]) !== undefined;
  }
  transferExists(id: string) {
    return this.transfers.has(id);
  }
  spending(country: string, year: number) {
    return this.memory.get('spending', [country, year]) as unknown as SpendingRecord | undefined;
  }
  source(id: string) {
    return this.memory.get('source', [id]) as unknown as Source | undefined;
  }
  evidenceOfSource(sourceId: string) {
    return this.memory.childrenOf('evidence', sourceId) as unknown as Evidence[];
  }
}

export function stateView(memory: MemoryState, transfers?: ReadonlySet<string>): StateView {
  return new MemoryStateView(memory, transfers);
}
