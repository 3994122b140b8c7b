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
import type { MemoryState } from '../projections/memory.js';

/** The decisions' view of the ledger, read from the entity tables held in memory. */
export function stateView(memory: MemoryState): StateView {
  return {
    party: (id) => memory.get('party', [id]) as Party | undefined,
    requirement: (id) => memory.get('requirement', [id]) as Requirement | undefined,
    package: (id) => memory.get('package', [id]) as unknown as Package | undefined,
    packageLines: (id) => memory.childrenOf('packageLine', id) as unknown as PackageLine[],
    contribution: (id) => memory.get('contribution', [id]) as unknown as Contribution | undefined,
    account: (id, currency) => memory.get('account', [id, currency]) as unknown as Account | undefined,
    accountsOf: (id) => memory.childrenOf('account', id) as unknown as Account[],
    contract: (id) => memory.get('contract', [id]) as unknown as Contract | undefined,
    contractLines: (id) => memory.childrenOf('contractLine', id) as unknown as ContractLine[],
    contractsOfPackage: (id) => memory.childrenOf('contract', id) as unknown as Contract[],
    shipment: (id) => memory.get('shipment', [id]) as unknown as Shipment | undefined,
    shipmentLines: (id) => memory.childrenOf('shipmentLine', id) as unknown as ShipmentLine[],
    fxRate: (date, base, quote) => memory.get('fxRate', [date, base, quote]) as unknown as FxRate | undefined,
    receiptExists: (id) => memory.get('receipt', [id]) !== undefined,
    spending: (country, year) => memory.get('spending', [country, year]) as unknown as SpendingRecord | undefined,
  };
}
