import type { GrantRole, RecordDefenceSpending, RecordFxRate, RecordRequirement, RegisterParty } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import { parseRatio } from './money.js';
import { absent, found, partyWithRole, positive, uniqueIds } from './rules.js';
import { hasRole, type StateView } from './state.js';

/** Parties, the recipient's requirements, defence spending and exchange rates. */

export function registerParty(command: RegisterParty, view: StateView): DomainEvent[] {
  absent(view.party(command.partyId), 'party', command.partyId, 'partyId');
  uniqueIds(command.roles, 'roles', 'role');
  return [
    {
      type: 'PartyRegistered',
      partyId: command.partyId,
      name: command.name,
      kind: command.kind,
      roles: [...command.roles].sort(),
      country: command.country ?? null,
    },
  ];
}

export function grantRole(command: GrantRole, view: StateView): DomainEvent[] {
  const party = found(view.party(command.partyId), 'party', command.partyId, 'partyId');
  if (hasRole(party, command.role)) {
    throw new DomainError('ALREADY_EXISTS', `role: party "${party.id}" already has the role ${command.role}`, 'role');
  }
  return [{ type: 'PartyRoleGranted', partyId: party.id, role: command.role }];
}

export function recordRequirement(command: RecordRequirement, view: StateView): DomainEvent[] {
  absent(view.requirement(command.requirementId), 'requirement', command.requirementId, 'requirementId');
  partyWithRole(view, command.recipientId, 'recipient', 'recipientId');
  positive(command.quantity, 'quantity', 'quantity');
  const { type: _type, ...fields } = command;
  return [{ type: 'RequirementRecorded', ...fields }];
}

export function recordDefenceSpending(command: RecordDefenceSpending): DomainEvent[] {
  if (command.spending.currency !== command.gdp.currency) {
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `gdp.currency: spending is in ${command.spending.currency} but GDP in ${command.gdp.currency}`,
      'gdp.currency',
    );
  }
  positive(command.gdp.amountMinor, 'gdp.amount', 'GDP');
  if (command.spending.amountMinor < 0n) {
    throw new DomainError('AMOUNT_NOT_POSITIVE', 'spending.amount: spending cannot be negative', 'spending.amount');
  }
  return [
    {
      type: 'DefenceSpendingRecorded',
      country: command.country,
      year: command.year,
      currency: command.spending.currency,
      spendingMinor: command.spending.amountMinor,
      gdpMinor: command.gdp.amountMinor,
      source: command.source ?? null,
    },
  ];
}

export function recordFxRate(command: RecordFxRate): DomainEvent[] {
  if (command.base === command.quote) {
    throw new DomainError('VALIDATION_FAILED', `quote: a rate needs two different currencies, got ${command.base} twice`, 'quote');
  }
  parseRatio(command.rate, 'rate');
  return [{ type: 'FxRateRecorded', date: command.date, base: command.base, quote: command.quote, rate: command.rate }];
}
