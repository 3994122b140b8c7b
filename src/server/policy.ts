import type { Principal } from '../application/access.js';
import type { AccessRole } from '../application/ports.js';
import type { Command, CommandType } from '../domain/commands.js';
import { DomainError, unreachable } from '../domain/errors.js';
import { newsDataset } from '../domain/provenance.js';
import type { StateView } from '../domain/state.js';

/**
 * Who may do what. Two layers: a route admits roles (checked before the body is read), and a
 * command is authorised against the ledger state inside the write transaction, so that "a
 * donor's own contributions" is judged on the same state the decision sees.
 */

/** The roles that may send each command at all; scoping to a party follows in `authorizeCommand`. */
export const commandRoles: Readonly<Record<CommandType, readonly AccessRole[]>> = {
  RegisterParty: ['admin'],
  GrantRole: ['admin'],
  RecordRequirement: ['admin', 'recipient'],
  ProposePackage: ['admin', 'coordinator'],
  ApprovePackage: ['admin', 'coordinator'],
  ClosePackage: ['admin', 'coordinator'],
  CancelPackage: ['admin', 'coordinator'],
  // A coordinator records a contribution only as read from a news article (its research desk).
  RecordContribution: ['admin', 'donor', 'coordinator'],
  AdvanceContribution: ['admin', 'donor'],
  RecordTransfer: ['admin', 'coordinator', 'donor'],
  ConvertCurrency: ['admin', 'coordinator'],
  SignContract: ['admin', 'coordinator'],
  DispatchShipment: ['admin', 'coordinator', 'producer'],
  RecordMilestone: ['admin', 'coordinator', 'producer'],
  RecordReceipt: ['admin', 'recipient'],
  RecordDefenceSpending: ['admin', 'donor'],
  RecordFxRate: ['admin', 'coordinator'],
  RecordDefenceShare: ['admin', 'donor'],
  CiteSource: ['admin', 'coordinator'],
  // Sources and evidence are the coordinating cell's research desk; auditors check, they do not write.
  RecordSource: ['admin', 'coordinator'],
  LinkEvidence: ['admin', 'coordinator'],
};

function forbid(message: string, path?: string): never {
  throw new DomainError('FORBIDDEN', message, path);
}

/**
 * Throws FORBIDDEN unless `principal` may apply `command` on `view`. An entity that does not
 * exist passes here and is reported by the decision as NOT_FOUND.
 */
export function authorizeCommand(principal: Principal, command: Command, view: StateView): void {
  if (principal.kind === 'public') forbid('sign in to record anything');
  const { role, partyId } = principal;
  if (!commandRoles[command.type].includes(role)) forbid(`${command.type}: the ${role} role may not do this`);
  if (role === 'admin') return;
  const own = (owner: string | undefined, what: string, path: string) => {
    if (owner !== undefined && owner !== partyId) forbid(`${path}: ${what} belongs to ${owner}, not to ${partyId}`, path);
  };
  switch (command.type) {
    case 'RecordRequirement':
      return own(command.recipientId, `requirement ${command.requirementId}`, 'recipientId');
    case 'RecordContribution':
      // The cell does not speak for a donor: what it records from the news is graded by its evidence, never its own entry.
      if (role === 'coordinator') {
        if (command.provenance?.dataset !== newsDataset) forbid(`provenance: the coordinator records a contribution only as read from a news article (provenance dataset "${newsDataset}"); the donor records its own`, 'provenance');
        return;
      }
      return own(command.donorId, `contribution ${command.contributionId}`, 'donorId');
    case 'AdvanceContribution':
      return own(view.contribution(command.contributionId)?.donorId, `contribution ${command.contributionId}`, 'contributionId');
    case 'RecordTransfer':
      return authorizeTransfer(role, partyId, command.fromAccount);
    case 'DispatchShipment':
      if (role === 'producer') own(view.contract(command.contractId)?.producerId, `contract ${command.contractId}`, 'contractId');
      return;
    case 'RecordMilestone': {
      if (role !== 'producer') return;
      const shipment = view.shipment(command.shipmentId);
      return own(shipment && view.contract(shipment.contractId)?.producerId, `shipment ${command.shipmentId}`, 'shipmentId');
    }
    case 'RecordReceipt': {
      const shipment = view.shipment(command.shipmentId);
      return own(shipment && view.package(shipment.packageId)?.recipientId, `shipment ${command.shipmentId}`, 'shipmentId');
    }
    case 'RecordDefenceSpending':
    case 'RecordDefenceShare': {
      const country = partyId === null ? undefined : view.party(partyId)?.country ?? undefined;
      if (country !== command.country) forbid(`country: ${partyId} records only its own country's spending`, 'country');
      return;
    }
    case 'RegisterParty':
    case 'GrantRole':
    case 'ProposePackage':
    case 'ApprovePackage':
    case 'ClosePackage':
    case 'CancelPackage':
    case 'ConvertCurrency':
    case 'SignContract':
    case 'RecordFxRate':
    case 'CiteSource':
    case 'RecordSource':
    case 'LinkEvidence':
      return;
    default:
      return unreachable(command);
  }
}

/** Donors pay in from their own account; the coordinating cell moves money onward from packages and contracts. */
function authorizeTransfer(role: AccessRole, partyId: string | null, fromAccount: string): void {
  const [kind, owner] = splitAccount(fromAccount);
  if (role === 'donor') {
    if (kind !== 'donor' || owner !== partyId) forbid(`fromAccount: a donor pays only from donor:${partyId}`, 'fromAccount');
    return;
  }
  if (kind === 'donor') forbid('fromAccount: only the donor (or an admin) moves money out of a donor account', 'fromAccount');
}

export function splitAccount(accountId: string): [string, string] {
  const at = accountId.indexOf(':');
  return at < 0 ? ['', accountId] : [accountId.slice(0, at), accountId.slice(at + 1)];
}
