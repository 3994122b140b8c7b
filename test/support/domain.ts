import { stateView } from '../../src/application/state-view.js';
import { MemoryState } from '../../src/projections/memory.js';
import { project } from '../../src/projections/project.js';
import type { Command } from '../../src/domain/commands.js';
import { decide } from '../../src/domain/decide.js';
import { DomainError } from '../../src/domain/errors.js';
import type { DomainEvent } from '../../src/domain/events.js';
import type { Money } from '../../src/domain/money.js';
import { transfersOfEvent } from '../../src/domain/transfers.js';
import { asCurrency } from '../../src/domain/money.js';
import type { ContributionKind, ContributionStage, PackageStage, PartyRole, StateView } from '../../src/domain/state.js';

/**
 * Test support for the decision rules (used only by `*.test.ts`; no test framework imported here).
 * State is built the way the ledger builds it: events applied through `project()` into a
 * `MemoryState`, read through `stateView(memory)`.
 */

/** A growing ledger state in memory: apply events, or run commands through `decide` and apply what they decide. */
export class World {
  readonly memory = new MemoryState();
  /** The transfers recorded so far: the ledger tells the view of those a batch names (they are not held in memory). */
  readonly transfers = new Set<string>();
  readonly view: StateView = stateView(this.memory, this.transfers);
  private seq = 0;
  private commands = 0;

  /** Projects events in order, numbering them after the ones already applied. */
  apply(...events: readonly DomainEvent[]): this {
    for (const event of events) {
      this.seq += 1;
      project(event, this.seq, this.memory);
      for (const transferId of transfersOfEvent(event)) this.transfers.add(transferId);
    }
    return this;
  }

  /** Decides a command on the current state and applies its events; returns the events. */
  run(command: Command, commandId = `cmd-${(this.commands += 1)}`): DomainEvent[] {
    const events = decide(command, this.view, commandId);
    this.apply(...events);
    return events;
  }

  /** Decides without applying: the "when" of a given/when/then. */
  decide(command: Command, commandId = 'when-1'): DomainEvent[] {
    return decide(command, this.view, commandId);
  }
}

/** Given these events happened, the state a decision sees. */
export function givenEvents(...events: readonly DomainEvent[]): StateView {
  return new World().apply(...events).view;
}

/** A world in which these events happened, for tests that go on to run commands. */
export function givenWorld(...events: readonly DomainEvent[]): World {
  return new World().apply(...events);
}

/** Runs `action` and returns the DomainError it throws; fails if it throws nothing or something else. */
export function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw new Error(`expected a DomainError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

/** Money for commands: `amount(1250n, 'EUR')` is 12.50 EUR. */
export function amount(amountMinor: bigint, currency = 'EUR'): Money {
  return { amountMinor, currency: asCurrency(currency) };
}

// ---- event builders: plain, valid defaults that a test overrides where it matters ----

export function partyRegistered(partyId: string, ...roles: PartyRole[]): DomainEvent {
  return { type: 'PartyRegistered', partyId, name: `${partyId} name`, kind: 'state', roles: [...roles].sort(), country: null };
}

/** Donors DON and DON2, recipient UKR, coordinator NATO, producers ACME and BOLT. */
export function standardParties(): DomainEvent[] {
  return [
    partyRegistered('DON', 'donor'),
    partyRegistered('DON2', 'donor'),
    partyRegistered('UKR', 'recipient'),
    partyRegistered('NATO', 'coordinator'),
    partyRegistered('ACME', 'producer'),
    partyRegistered('BOLT', 'producer'),
  ];
}

export interface LineSpec {
  readonly lineId: string;
  readonly quantity: number;
  readonly unitValueMinor: bigint;
  readonly item?: string;
}

/** Package PK-1 in EUR by default: L-1 10 × 100.00 and L-2 5 × 40.00, worth 1200.00. */
export const defaultLines: readonly LineSpec[] = [
  { lineId: 'L-1', quantity: 10, unitValueMinor: 100_00n, item: 'generator' },
  { lineId: 'L-2', quantity: 5, unitValueMinor: 40_00n, item: 'tent' },
];

export function packageProposed(packageId = 'PK-1', lines: readonly LineSpec[] = defaultLines, currency = 'EUR'): DomainEvent {
  return {
    type: 'PackageProposed',
    packageId,
    title: `${packageId} title`,
    recipientId: 'UKR',
    coordinatorId: 'NATO',
    currency,
    valueMinor: lines.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitValueMinor, 0n),
    proposedAt: '2025-01-01',
    lines: lines.map((line) => ({
      lineId: line.lineId,
      item: line.item ?? `${line.lineId} item`,
      category: 'general',
      quantity: line.quantity,
      unitValueMinor: line.unitValueMinor,
      requirementId: null,
      sensitive: false,
    })),
  };
}

export function packageStageChanged(packageId: string, from: PackageStage, to: PackageStage, at = '2025-01-02', reason: string | null = null): DomainEvent {
  return { type: 'PackageStageChanged', packageId, from, to, at, reason };
}

export function transferRecorded(transferId: string, fromAccount: string, toAccount: string, amountMinor: bigint, currency = 'EUR', contributionId: string | null = null): DomainEvent {
  return { type: 'TransferRecorded', transferId, fromAccount, toAccount, currency, amountMinor, valueDate: '2025-01-10', contributionId, memo: null };
}

export interface ContractLineSpec {
  readonly lineId: string;
  readonly packageLineId: string;
  readonly quantity: number;
  readonly unitPriceMinor: bigint;
}

export function contractSigned(contractId: string, packageId: string, lines: readonly ContractLineSpec[], options: { producerId?: string; currency?: string; signedOn?: string } = {}): DomainEvent {
  return {
    type: 'ContractSigned',
    contractId,
    packageId,
    producerId: options.producerId ?? 'ACME',
    currency: options.currency ?? 'EUR',
    valueMinor: lines.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitPriceMinor, 0n),
    signedOn: options.signedOn ?? '2025-02-01',
    deliveryDue: '2025-06-01',
    lines: lines.map((line) => ({ ...line, item: `${line.packageLineId} item` })),
  };
}

export function shipmentDispatched(shipmentId: string, contractId: string, packageId: string, lines: readonly { contractLineId: string; quantity: number }[], dispatchedAt = '2025-02-10'): DomainEvent {
  return { type: 'ShipmentDispatched', shipmentId, contractId, packageId, dispatchedAt, expectedBy: '2025-03-01', route: null, lines };
}

export function milestoneRecorded(shipmentId: string, kind: 'at_hub' | 'handed_over', at = '2025-02-20'): DomainEvent {
  return { type: 'ShipmentMilestoneRecorded', shipmentId, kind, at, location: null };
}

export function contributionRecorded(
  contributionId: string,
  options: { donorId?: string; kind?: ContributionKind; stage?: 'announced' | 'committed'; amountMinor?: bigint; currency?: string; packageId?: string | null } = {},
): DomainEvent {
  const kind = options.kind ?? 'money';
  return {
    type: 'ContributionRecorded',
    contributionId,
    donorId: options.donorId ?? 'DON',
    kind,
    stage: options.stage ?? 'committed',
    currency: options.currency ?? 'EUR',
    amountMinor: options.amountMinor ?? 500_00n,
    at: '2025-01-05',
    category: 'general',
    description: `${contributionId} description`,
    packageId: options.packageId ?? null,
    recipientId: null,
    valuationMethod: kind === 'in_kind' ? 'stated' : null,
    quantity: kind === 'money' ? null : 3,
    unit: kind === 'money' ? null : 'each',
    coalition: null,
  };
}

export function contributionStageChanged(contributionId: string, from: ContributionStage, to: ContributionStage, amountMinor: bigint, reason: string | null = null): DomainEvent {
  return { type: 'ContributionStageChanged', contributionId, from, to, at: '2025-01-06', amountMinor, reason, backwards: reason !== null };
}

/** Parties plus PK-1 (EUR, 1200.00) proposed and approved. */
export function approvedPackageEvents(packageId = 'PK-1', lines: readonly LineSpec[] = defaultLines, currency = 'EUR'): DomainEvent[] {
  return [packageProposed(packageId, lines, currency), packageStageChanged(packageId, 'proposed', 'approved')];
}

/** Parties plus PK-1 approved and fully funded by DON (so it stands at funded). */
export function fundedPackageEvents(packageId = 'PK-1', lines: readonly LineSpec[] = defaultLines, currency = 'EUR'): DomainEvent[] {
  const value = lines.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitValueMinor, 0n);
  return [
    ...approvedPackageEvents(packageId, lines, currency),
    transferRecorded(`fund-${packageId}`, 'donor:DON', `package:${packageId}`, value, currency),
    packageStageChanged(packageId, 'approved', 'funded', '2025-01-10'),
  ];
}
