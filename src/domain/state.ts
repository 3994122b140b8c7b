import type { Evidence, Source } from './evidence.js';

/**
 * The state decisions read: one record type per projection table, and a read-only view
 * over them. The view is backed by the open transaction, so a decision sees every event
 * that came before it, including earlier commands of the same batch.
 */
export const partyRoles = ['donor', 'coordinator', 'producer', 'recipient'] as const;
export type PartyRole = (typeof partyRoles)[number];
export const partyKinds = ['state', 'organisation', 'company'] as const;
export type PartyKind = (typeof partyKinds)[number];

export const packageStages = ['proposed', 'approved', 'funded', 'contracted', 'delivering', 'delivered', 'closed', 'cancelled'] as const;
export type PackageStage = (typeof packageStages)[number];

export const contributionKinds = ['money', 'in_kind', 'capability'] as const;
export type ContributionKind = (typeof contributionKinds)[number];
export const contributionStages = ['announced', 'committed', 'disbursed', 'delivered', 'withdrawn'] as const;
export type ContributionStage = (typeof contributionStages)[number];
export const valuationMethods = ['stated', 'price_list'] as const;
export type ValuationMethod = (typeof valuationMethods)[number];

export const shipmentStages = ['dispatched', 'at_hub', 'handed_over', 'received'] as const;
export type ShipmentStage = (typeof shipmentStages)[number];
export const milestoneKinds = ['dispatched', 'at_hub', 'handed_over'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

export const accountKinds = ['donor', 'package', 'contract', 'fx'] as const;
export type AccountKind = (typeof accountKinds)[number];

export interface Party {
  readonly id: string;
  readonly name: string;
  readonly kind: PartyKind;
  /** Comma-separated, sorted: "donor,producer". */
  readonly roles: string;
  readonly country: string | null;
}

export interface Requirement {
  readonly id: string;
  readonly recipientId: string;
  readonly category: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priority: number;
  readonly neededBy: string;
}

export interface Package {
  readonly id: string;
  readonly title: string;
  readonly recipientId: string;
  readonly coordinatorId: string;
  readonly currency: string;
  readonly valueMinor: bigint;
  /** Net funding in the package's own currency: donor transfers in, less refunds, plus other currencies converted into it. */
  readonly fundedMinor: bigint;
  readonly stage: PackageStage;
  readonly stageSince: string;
  readonly proposedAt: string;
}

export interface PackageLine {
  readonly packageId: string;
  readonly lineId: string;
  readonly item: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitValueMinor: bigint;
  readonly requirementId: string | null;
  readonly sensitive: number;
  readonly contractedQuantity: number;
}

export interface Contribution {
  readonly id: string;
  readonly donorId: string;
  readonly kind: ContributionKind;
  readonly stage: ContributionStage;
  readonly stageSince: string;
  readonly currency: string;
  /** The pledged value now in force (revised by stage changes). */
  readonly amountMinor: bigint;
  /** The value committed and in force now; zero while only announced, or once withdrawn. */
  readonly committedMinor: bigint;
  readonly disbursedMinor: bigint;
  readonly packageId: string | null;
  readonly recipientId: string | null;
  readonly category: string;
  readonly description: string;
  readonly valuationMethod: ValuationMethod | null;
  readonly quantity: number | null;
  readonly unit: string | null;
  readonly coalition: string | null;
  readonly announcedOn: string;
}

export interface Account {
  readonly id: string;
  readonly currency: string;
  readonly kind: AccountKind;
  readonly ownerId: string;
  readonly balanceMinor: bigint;
  readonly debitsMinor: bigint;
  readonly creditsMinor: bigint;
}

export interface Contract {
  readonly id: string;
  readonly packageId: string;
  readonly producerId: string;
  readonly currency: string;
  readonly valueMinor: bigint;
  readonly paidMinor: bigint;
  readonly signedOn: string;
  readonly deliveryDue: string;
}

export interface ContractLine {
  readonly contractId: string;
  readonly lineId: string;
  readonly packageLineId: string;
  readonly item: string;
  readonly quantity: number;
  readonly unitPriceMinor: bigint;
  readonly shippedQuantity: number;
  readonly acceptedQuantity: number;
  readonly rejectedQuantity: number;
}

export interface Shipment {
  readonly id: string;
  readonly contractId: string;
  readonly packageId: string;
  readonly stage: ShipmentStage;
  readonly dispatchedAt: string;
  readonly expectedBy: string;
  readonly route: string | null;
  readonly handedOverAt: string | null;
  readonly receivedAt: string | null;
}

export interface ShipmentLine {
  readonly shipmentId: string;
  readonly contractLineId: string;
  readonly quantity: number;
}

export interface SpendingRecord {
  readonly country: string;
  readonly year: number;
  readonly currency: string;
  readonly spendingMinor: bigint;
  readonly gdpMinor: bigint;
  readonly source: string | null;
}

/** A share of GDP as the publisher reported it; `estimate` is 1 when marked as an estimate. */
export interface DefenceShare {
  readonly country: string;
  readonly year: number;
  readonly percentOfGdp: string;
  readonly estimate: number;
}

export interface FxRate {
  readonly date: string;
  readonly base: string;
  readonly quote: string;
  readonly rate: string;
}

/** Read-only lookups a decision may make. Implementations do no writes. */
export interface StateView {
  party(id: string): Party | undefined;
  requirement(id: string): Requirement | undefined;
  package(id: string): Package | undefined;
  packageLines(packageId: string): readonly PackageLine[];
  contribution(id: string): Contribution | undefined;
  account(id: string, currency: string): Account | undefined;
  /** Every currency an account holds. */
  accountsOf(id: string): readonly Account[];
  contract(id: string): Contract | undefined;
  contractLines(contractId: string): readonly ContractLine[];
  contractsOfPackage(packageId: string): readonly Contract[];
  shipment(id: string): Shipment | undefined;
  shipmentLines(shipmentId: string): readonly ShipmentLine[];
  fxRate(date: string, base: string, quote: string): FxRate | undefined;
  receiptExists(receiptId: string): boolean;
  /**
   * True for a transfer's id (its command's id) and for either leg of a conversion (`ID/sold`,
   * `ID/bought`) — for the transfers the batch's commands name (`transfersNamedBy`), which the
   * ledger looks up in the store, and those recorded earlier in the batch; false for any other.
   */
  transferExists(transferId: string): boolean;
  spending(country: string, year: number): SpendingRecord | undefined;
  source(id: string): Source | undefined;
  /** The evidence already linked to a source, to refuse the same link twice. */
  evidenceOfSource(sourceId: string): readonly Evidence[];
}

export function hasRole(party: Party, role: PartyRole): boolean {
  return party.roles.split(',').includes(role);
}
