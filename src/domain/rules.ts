import { DomainError } from './errors.js';
import type { Party, PartyRole, StateView } from './state.js';
import { hasRole } from './state.js';

/** Small guards shared by every area's decisions. */

export function found<T>(value: T | undefined, what: string, id: string, path: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', `${path}: ${what} "${id}" does not exist`, path);
  return value;
}

export function absent(value: unknown, what: string, id: string, path: string): void {
  if (value !== undefined) throw new DomainError('ALREADY_EXISTS', `${path}: ${what} "${id}" already exists`, path);
}

/** The party must exist and hold the role, e.g. a donor paying or a producer signing. */
export function partyWithRole(view: StateView, id: string, role: PartyRole, path: string): Party {
  const party = found(view.party(id), 'party', id, path);
  if (!hasRole(party, role)) {
    throw new DomainError('WRONG_ROLE', `${path}: party "${id}" is not a ${role} (roles: ${party.roles})`, path);
  }
  return party;
}

export function positive(value: bigint | number, path: string, what = 'amount'): void {
  if (value <= 0) throw new DomainError('AMOUNT_NOT_POSITIVE', `${path}: ${what} must be above zero, got ${value}`, path);
}

export function notBefore(later: string, earlier: string, path: string, what: string): void {
  if (later < earlier) throw new DomainError('VALIDATION_FAILED', `${path}: ${later} is before ${what} ${earlier}`, path);
}

export function uniqueIds(ids: readonly string[], path: string, what: string): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) throw new DomainError('VALIDATION_FAILED', `${path}[${index}]: ${what} "${id}" appears twice`, `${path}[${index}]`);
    seen.add(id);
  });
}

export function countAtMost(count: number, max: number, path: string, what: string): void {
  if (count > max) throw new DomainError('LIMIT_EXCEEDED', `${path}: ${count} ${what}, at most ${max} allowed`, path);
}
