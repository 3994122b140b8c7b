import type { AdvanceContribution, RecordContribution, Sourced } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import { parseAmount } from './money.js';
import { openPackage } from './packages.js';
import { absent, found, partyWithRole } from './rules.js';
import type { Contribution, ContributionStage, StateView } from './state.js';

/**
 * Contributions move announced → committed → disbursed (money) or delivered (goods, capabilities).
 * A stage never goes back silently: going back, or withdrawing, needs a reason and is flagged.
 */

const rank: Record<ContributionStage, number> = { withdrawn: -1, announced: 0, committed: 1, disbursed: 2, delivered: 2 };

export function recordContribution(command: RecordContribution & Sourced, view: StateView): DomainEvent[] {
  absent(view.contribution(command.contributionId), 'contribution', command.contributionId, 'contributionId');
  checkReportedStage(command);
  partyWithRole(view, command.donorId, 'donor', 'donorId');
  if (command.packageId !== undefined) openPackage(view, command.packageId, 'packageId', ['proposed', 'approved', 'funded', 'contracted', 'delivering']);
  if (command.recipientId !== undefined) partyWithRole(view, command.recipientId, 'recipient', 'recipientId');
  checkKindFields(command);
  return [
    {
      type: 'ContributionRecorded',
      contributionId: command.contributionId,
      donorId: command.donorId,
      kind: command.kind,
      stage: command.stage,
      currency: command.value.currency,
      amountMinor: command.value.amountMinor,
      at: command.at,
      category: command.category,
      description: command.description,
      packageId: command.packageId ?? null,
      recipientId: command.recipientId ?? null,
      valuationMethod: command.valuationMethod ?? null,
      quantity: command.quantity ?? null,
      unit: command.unit ?? null,
      coalition: command.coalition ?? null,
    },
  ];
}

/**
 * Inside the ledger, money becomes disbursed through the transfers that pay it and goods
 * delivered through receipts. A flow read from a dataset (IATI, FTS, Kiel) may enter at the
 * stage its publisher reports, since the payment happened outside this ledger's accounts.
 */
function checkReportedStage(command: RecordContribution & Sourced): void {
  if (command.stage !== 'disbursed' && command.stage !== 'delivered') return;
  if (command.provenance === undefined) {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: a contribution is recorded ${command.stage} only as reported by a dataset, with its provenance; otherwise record it committed and then what pays or delivers it`, 'stage');
  }
  if (command.packageId !== undefined) {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: a contribution to package ${command.packageId} is ${command.stage} by the ledger's own transfers and receipts`, 'stage');
  }
  if ((command.stage === 'disbursed') !== (command.kind === 'money')) {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: ${command.kind === 'money' ? 'money is disbursed, not delivered' : `${command.kind} contributions are delivered, not disbursed`}`, 'stage');
  }
}

function checkKindFields(command: RecordContribution): void {
  const amount = command.value.amountMinor;
  if (amount < 0n || (command.kind === 'money' && amount === 0n)) {
    throw new DomainError('AMOUNT_NOT_POSITIVE', `value.amount: a ${command.kind} contribution needs a value above zero`, 'value.amount');
  }
  if (command.kind === 'money' && command.valuationMethod !== undefined) {
    throw new DomainError('VALIDATION_FAILED', 'valuationMethod: only in-kind contributions have a valuation method', 'valuationMethod');
  }
  if (command.kind === 'in_kind' && command.valuationMethod === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'valuationMethod: an in-kind contribution says how it was valued (stated or price_list)', 'valuationMethod');
  }
  if (command.kind !== 'money' && (command.quantity === undefined || command.unit === undefined)) {
    throw new DomainError('VALIDATION_FAILED', `quantity: a ${command.kind} contribution needs a quantity and a unit`, 'quantity');
  }
}

export function advanceContribution(command: AdvanceContribution, view: StateView): DomainEvent[] {
  const contribution = found(view.contribution(command.contributionId), 'contribution', command.contributionId, 'contributionId');
  const { stage: from } = contribution;
  const to = command.stage;
  const amountMinor = command.amount === undefined ? contribution.amountMinor : parseAmount(command.amount, contribution.currency, 'amount');
  checkTarget(contribution, to);
  if (from === to && amountMinor === contribution.amountMinor) {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: contribution "${contribution.id}" is already ${to}`, 'stage');
  }
  if (amountMinor < 0n) throw new DomainError('AMOUNT_NOT_POSITIVE', 'amount: cannot be negative', 'amount');
  const backwards = rank[to] < rank[from] || (rank[to] >= rank.committed && amountMinor < contribution.amountMinor);
  if ((backwards || to === 'withdrawn') && command.reason === undefined) {
    throw new DomainError(
      'STAGE_BACKWARDS',
      `reason: contribution "${contribution.id}" would go from ${from} to ${to}${amountMinor < contribution.amountMinor ? ' with a lower value' : ''}; say why in "reason"`,
      'reason',
    );
  }
  return [
    {
      type: 'ContributionStageChanged',
      contributionId: contribution.id,
      from,
      to,
      at: command.at,
      amountMinor,
      reason: command.reason ?? null,
      backwards,
    },
  ];
}

function checkTarget(contribution: Contribution, to: ContributionStage): void {
  if (contribution.stage === 'withdrawn') {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: contribution "${contribution.id}" was withdrawn; record a new one instead`, 'stage');
  }
  if (contribution.kind === 'money' && to === 'delivered') {
    throw new DomainError('STAGE_NOT_ALLOWED', 'stage: money is disbursed, not delivered', 'stage');
  }
  if (contribution.kind !== 'money' && to === 'disbursed') {
    throw new DomainError('STAGE_NOT_ALLOWED', `stage: ${contribution.kind} contributions are delivered, not disbursed`, 'stage');
  }
  if (contribution.kind === 'money' && to === 'disbursed') {
    throw new DomainError('STAGE_NOT_ALLOWED', 'stage: money becomes disbursed by recording the transfers that pay it', 'stage');
  }
}
