import type {
  ContributionKind,
  ContributionStage,
  MilestoneKind,
  PackageStage,
  PartyKind,
  PartyRole,
  ValuationMethod,
} from './state.js';
import type { EvidenceRecordKind, SourceKind, SourceType } from './evidence.js';
import type { Provenance } from './provenance.js';

/**
 * What happened, in the past tense. Events are the source of truth: projections are built
 * from them alone. Fields ending in `Minor` are bigint minor units (decimal strings in JSON).
 */
export interface PartyRegistered {
  readonly type: 'PartyRegistered';
  readonly partyId: string;
  readonly name: string;
  readonly kind: PartyKind;
  readonly roles: readonly PartyRole[];
  readonly country: string | null;
}

export interface PartyRoleGranted {
  readonly type: 'PartyRoleGranted';
  readonly partyId: string;
  readonly role: PartyRole;
}

export interface RequirementRecorded {
  readonly type: 'RequirementRecorded';
  readonly requirementId: string;
  readonly recipientId: string;
  readonly category: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priority: number;
  readonly neededBy: string;
}

export interface PackageProposed {
  readonly type: 'PackageProposed';
  readonly packageId: string;
  readonly title: string;
  readonly recipientId: string;
  readonly coordinatorId: string;
  readonly currency: string;
  readonly valueMinor: bigint;
  readonly proposedAt: string;
  readonly lines: readonly {
    readonly lineId: string;
    readonly item: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitValueMinor: bigint;
    readonly requirementId: string | null;
    readonly sensitive: boolean;
  }[];
}

export interface PackageStageChanged {
  readonly type: 'PackageStageChanged';
  readonly packageId: string;
  readonly from: PackageStage;
  readonly to: PackageStage;
  readonly at: string;
  readonly reason: string | null;
}

export interface ContributionRecorded {
  readonly type: 'ContributionRecorded';
  readonly contributionId: string;
  readonly donorId: string;
  readonly kind: ContributionKind;
  readonly stage: 'announced' | 'committed' | 'disbursed' | 'delivered';
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly at: string;
  readonly category: string;
  readonly description: string;
  readonly packageId: string | null;
  readonly recipientId: string | null;
  readonly valuationMethod: ValuationMethod | null;
  readonly quantity: number | null;
  readonly unit: string | null;
  readonly coalition: string | null;
}

export interface ContributionStageChanged {
  readonly type: 'ContributionStageChanged';
  readonly contributionId: string;
  readonly from: ContributionStage;
  readonly to: ContributionStage;
  readonly at: string;
  readonly amountMinor: bigint;
  readonly reason: string | null;
  readonly backwards: boolean;
}

export interface TransferRecorded {
  readonly type: 'TransferRecorded';
  readonly transferId: string;
  readonly fromAccount: string;
  readonly toAccount: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly valueDate: string;
  readonly contributionId: string | null;
  readonly memo: string | null;
}

export interface CurrencyConverted {
  readonly type: 'CurrencyConverted';
  readonly conversionId: string;
  readonly accountId: string;
  readonly soldCurrency: string;
  readonly soldMinor: bigint;
  readonly boughtCurrency: string;
  readonly boughtMinor: bigint;
  readonly valueDate: string;
}

export interface ContractSigned {
  readonly type: 'ContractSigned';
  readonly contractId: string;
  readonly packageId: string;
  readonly producerId: string;
  readonly currency: string;
  readonly valueMinor: bigint;
  readonly signedOn: string;
  readonly deliveryDue: string;
  readonly lines: readonly {
    readonly lineId: string;
    readonly packageLineId: string;
    readonly item: string;
    readonly quantity: number;
    readonly unitPriceMinor: bigint;
  }[];
}

export interface ShipmentDispatched {
  readonly type: 'ShipmentDispatched';
  readonly shipmentId: string;
  readonly contractId: string;
  readonly packageId: string;
  readonly dispatchedAt: string;
  readonly expectedBy: string;
  readonly route: string | null;
  readonly lines: readonly { readonly contractLineId: string; readonly quantity: number }[];
}

export interface ShipmentMilestoneRecorded {
  readonly type: 'ShipmentMilestoneRecorded';
  readonly shipmentId: string;
  readonly kind: MilestoneKind;
  readonly at: string;
  readonly location: string | null;
}

export interface ReceiptRecorded {
  readonly type: 'ReceiptRecorded';
  readonly receiptId: string;
  readonly shipmentId: string;
  readonly contractId: string;
  readonly receivedAt: string;
  readonly lines: readonly {
    readonly contractLineId: string;
    readonly shipped: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly reason: string | null;
  }[];
}

export interface DefenceSpendingRecorded {
  readonly type: 'DefenceSpendingRecorded';
  readonly country: string;
  readonly year: number;
  readonly currency: string;
  readonly spendingMinor: bigint;
  readonly gdpMinor: bigint;
  readonly source: string | null;
}

export interface FxRateRecorded {
  readonly type: 'FxRateRecorded';
  readonly date: string;
  readonly base: string;
  readonly quote: string;
  readonly rate: string;
}

export interface DefenceShareRecorded {
  readonly type: 'DefenceShareRecorded';
  readonly country: string;
  readonly year: number;
  readonly percentOfGdp: string;
  readonly estimate: boolean;
}

export interface SourceCited {
  readonly type: 'SourceCited';
  readonly recordKind: string;
  readonly recordId: string;
  readonly note: string | null;
}

export interface SourceRecorded {
  readonly type: 'SourceRecorded';
  readonly sourceId: string;
  readonly kind: SourceKind;
  readonly publisher: string | null;
  readonly title: string;
  readonly publishedOn: string;
  readonly locator: string;
  readonly author: string | null;
  readonly language: string | null;
  readonly story: string | null;
}

export interface EvidenceLinked {
  readonly type: 'EvidenceLinked';
  readonly evidenceId: string;
  readonly recordKind: EvidenceRecordKind;
  readonly recordId: string;
  readonly sourceId: string;
  readonly excerpt: string;
  readonly offsetStart: number | null;
  readonly offsetEnd: number | null;
  readonly sourceType: SourceType;
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly claim: string | null;
}

/**
 * Every event; the first event of a command that carried a provenance holds it (absent
 * otherwise, so events from before provenance was recorded hash as they did).
 */
export type DomainEvent = (
  | PartyRegistered
  | PartyRoleGranted
  | RequirementRecorded
  | PackageProposed
  | PackageStageChanged
  | ContributionRecorded
  | ContributionStageChanged
  | TransferRecorded
  | CurrencyConverted
  | ContractSigned
  | ShipmentDispatched
  | ShipmentMilestoneRecorded
  | ReceiptRecorded
  | DefenceSpendingRecorded
  | FxRateRecorded
  | DefenceShareRecorded
  | SourceCited
  | SourceRecorded
  | EvidenceLinked
) & { readonly provenance?: Provenance };

export type EventType = DomainEvent['type'];
