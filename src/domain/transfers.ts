import type { ConvertCurrency, RecordTransfer } from './commands.js';
import { DomainError } from './errors.js';
import type { ContributionStageChanged, DomainEvent } from './events.js';
import { formatAmount } from './money.js';
import { openPackage, stepTo } from './packages.js';
import { found, partyWithRole, positive } from './rules.js';
import type { AccountKind, Contribution, StateView } from './state.js';

/**
 * Double-entry money. Every transfer debits one account and credits another in one currency,
 * so the balances of each currency always sum to zero. Donor accounts may go below zero (money
 * that left the donor); package and contract accounts never do.
 */

export interface AccountRef {
  readonly id: string;
  readonly kind: AccountKind;
  readonly ownerId: string;
}

const accountPattern = /^(donor|package|contract):(.+)$/;

/** Reads "package:PURL-NL-1" into its kind and owner. */
export function parseAccount(id: string, path: string): AccountRef {
  const match = accountPattern.exec(id);
  if (!match) {
    throw new DomainError('VALIDATION_FAILED', `${path}: "${id}" is not an account; write donor:PARTY, package:PACKAGE or contract:CONTRACT`, path);
  }
  return { id, kind: match[1] as AccountKind, ownerId: match[2] as string };
}

/** Which way money may flow: funding, payment, refunds and reallocation between packages. */
const routes = new Set(['donor>package', 'package>contract', 'package>donor', 'contract>package', 'package>package']);

function checkOwner(view: StateView, account: AccountRef, path: string): void {
  if (account.kind === 'donor') partyWithRole(view, account.ownerId, 'donor', path);
  else if (account.kind === 'package') openPackage(view, account.ownerId, path);
  else found(view.contract(account.ownerId), 'contract', account.ownerId, path);
}

function checkBalance(view: StateView, account: AccountRef, currency: string, amountMinor: bigint, path: string): void {
  if (account.kind === 'donor') return;
  const balance = view.account(account.id, currency)?.balanceMinor ?? 0n;
  if (balance < amountMinor) {
    throw new DomainError(
      'INSUFFICIENT_BALANCE',
      `${path}: ${account.id} holds ${formatAmount(balance, currency)} ${currency}; the transfer needs ${formatAmount(amountMinor, currency)} ${currency}`,
      path,
    );
  }
}

export function recordTransfer(command: RecordTransfer, view: StateView, commandId: string): DomainEvent[] {
  const from = parseAccount(command.fromAccount, 'fromAccount');
  const to = parseAccount(command.toAccount, 'toAccount');
  const { amountMinor, currency } = command.amount;
  if (!routes.has(`${from.kind}>${to.kind}`) || from.id === to.id) {
    throw new DomainError('TRANSFER_ROUTE_NOT_ALLOWED', `toAccount: money does not flow from ${from.id} to ${to.id}`, 'toAccount');
  }
  positive(amountMinor, 'amount.amount');
  checkOwner(view, from, 'fromAccount');
  checkOwner(view, to, 'toAccount');
  checkBalance(view, from, currency, amountMinor, 'amount.amount');
  if (to.kind === 'contract') checkContractPayment(view, from, to, currency, amountMinor);
  if (from.kind === 'contract') checkContractRefund(view, from, to);
  const contribution = command.contributionId === undefined ? undefined : contributionPaid(view, command, from, to);
  const events: DomainEvent[] = [
    {
      type: 'TransferRecorded',
      transferId: commandId,
      fromAccount: from.id,
      toAccount: to.id,
      currency,
      amountMinor,
      valueDate: command.valueDate,
      contributionId: command.contributionId ?? null,
      memo: command.memo ?? null,
    },
  ];
  if (contribution) events.push(...disbursedStep(contribution, amountMinor, command.valueDate));
  if ((from.kind === 'donor' || from.kind === 'package') && to.kind === 'package') {
    events.push(...fundedStep(view, to.ownerId, currency, amountMinor, command.valueDate));
  }
  return events;
}

function checkContractPayment(view: StateView, from: AccountRef, to: AccountRef, currency: string, amountMinor: bigint): void {
  const contract = found(view.contract(to.ownerId), 'contract', to.ownerId, 'toAccount');
  if (contract.packageId !== from.ownerId) {
    throw new DomainError('TRANSFER_ROUTE_NOT_ALLOWED', `toAccount: contract "${contract.id}" is paid from package ${contract.packageId}, not ${from.ownerId}`, 'toAccount');
  }
  if (contract.currency !== currency) {
    throw new DomainError('CURRENCY_MISMATCH', `amount.currency: contract "${contract.id}" is in ${contract.currency}, payment is in ${currency}`, 'amount.currency');
  }
  if (contract.paidMinor + amountMinor > contract.valueMinor) {
    throw new DomainError(
      'PAYMENT_EXCEEDS_CONTRACT',
      `amount.amount: contract "${contract.id}" is worth ${formatAmount(contract.valueMinor, currency)} ${currency} and ${formatAmount(contract.paidMinor, currency)} is paid; ${formatAmount(amountMinor, currency)} more would exceed it`,
      'amount.amount',
    );
  }
}

function checkContractRefund(view: StateView, from: AccountRef, to: AccountRef): void {
  const contract = found(view.contract(from.ownerId), 'contract', from.ownerId, 'fromAccount');
  if (contract.packageId !== to.ownerId) {
    throw new DomainError('TRANSFER_ROUTE_NOT_ALLOWED', `toAccount: contract "${contract.id}" refunds to its package ${contract.packageId}, not ${to.ownerId}`, 'toAccount');
  }
}

function contributionPaid(view: StateView, command: RecordTransfer, from: AccountRef, to: AccountRef): Contribution {
  const id = command.contributionId as string;
  const contribution = found(view.contribution(id), 'contribution', id, 'contributionId');
  const path = 'contributionId';
  if (contribution.kind !== 'money') throw new DomainError('VALIDATION_FAILED', `${path}: contribution "${id}" is ${contribution.kind}, not money`, path);
  if (from.kind !== 'donor' || contribution.donorId !== from.ownerId) {
    throw new DomainError('VALIDATION_FAILED', `${path}: contribution "${id}" is ${contribution.donorId}'s; only donor:${contribution.donorId} pays it`, path);
  }
  if (contribution.packageId !== null && contribution.packageId !== to.ownerId) {
    throw new DomainError('VALIDATION_FAILED', `${path}: contribution "${id}" is for package ${contribution.packageId}, not ${to.ownerId}`, path);
  }
  if (contribution.currency !== command.amount.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `amount.currency: contribution "${id}" is in ${contribution.currency}`, 'amount.currency');
  }
  if (contribution.stage === 'withdrawn') throw new DomainError('STAGE_NOT_ALLOWED', `${path}: contribution "${id}" was withdrawn`, path);
  return contribution;
}

function disbursedStep(contribution: Contribution, amountMinor: bigint, at: string): ContributionStageChanged[] {
  const disbursed = contribution.disbursedMinor + amountMinor;
  if (contribution.stage === 'disbursed' || disbursed < contribution.amountMinor) return [];
  return [
    {
      type: 'ContributionStageChanged',
      contributionId: contribution.id,
      from: contribution.stage,
      to: 'disbursed',
      at,
      amountMinor: contribution.amountMinor,
      reason: null,
      backwards: false,
    },
  ];
}

function fundedStep(view: StateView, packageId: string, currency: string, amountMinor: bigint, at: string): DomainEvent[] {
  const pkg = found(view.package(packageId), 'package', packageId, 'toAccount');
  if (currency !== pkg.currency || pkg.fundedMinor + amountMinor < pkg.valueMinor) return [];
  return stepTo(pkg, 'funded', at);
}

export function convertCurrency(command: ConvertCurrency, view: StateView, commandId: string): DomainEvent[] {
  const account = parseAccount(command.accountId, 'accountId');
  if (account.kind !== 'package') {
    throw new DomainError('TRANSFER_ROUTE_NOT_ALLOWED', `accountId: only package accounts convert currency, not ${account.id}`, 'accountId');
  }
  if (command.sold.currency === command.bought.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `bought.currency: a conversion needs two currencies, got ${command.sold.currency} twice`, 'bought.currency');
  }
  positive(command.sold.amountMinor, 'sold.amount');
  positive(command.bought.amountMinor, 'bought.amount');
  const pkg = openPackage(view, account.ownerId, 'accountId');
  checkBalance(view, account, command.sold.currency, command.sold.amountMinor, 'sold.amount');
  const events: DomainEvent[] = [
    {
      type: 'CurrencyConverted',
      conversionId: commandId,
      accountId: account.id,
      soldCurrency: command.sold.currency,
      soldMinor: command.sold.amountMinor,
      boughtCurrency: command.bought.currency,
      boughtMinor: command.bought.amountMinor,
      valueDate: command.valueDate,
    },
  ];
  if (command.bought.currency === pkg.currency && pkg.fundedMinor + command.bought.amountMinor >= pkg.valueMinor) {
    events.push(...stepTo(pkg, 'funded', command.valueDate));
  }
  return events;
}

/**
 * Transfers are append-only rows and not held in memory, so a decision that needs to know
 * whether one exists (evidence about a transfer) is given the answer: the ledger reads it from
 * the store under the write lock. A transfer's id is the id of the command that recorded it, and
 * a conversion's legs are `ID/sold` and `ID/bought` of the conversion's command: these are the
 * commands, and the events they must have recorded, that would make `transferId` exist.
 */
export function transferOrigins(transferId: string): readonly { readonly commandId: string; readonly eventType: 'TransferRecorded' | 'CurrencyConverted' }[] {
  const leg = /^(.+)\/(?:sold|bought)$/.exec(transferId);
  return [{ commandId: transferId, eventType: 'TransferRecorded' }, ...(leg ? [{ commandId: leg[1] as string, eventType: 'CurrencyConverted' as const }] : [])];
}

/** The transfers an event brings into the ledger. */
export function transfersOfEvent(event: DomainEvent): readonly string[] {
  if (event.type === 'TransferRecorded') return [event.transferId];
  if (event.type === 'CurrencyConverted') return [`${event.conversionId}/sold`, `${event.conversionId}/bought`];
  return [];
}
