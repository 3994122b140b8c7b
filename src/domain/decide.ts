import type { Command } from './commands.js';
import { advanceContribution, recordContribution } from './contributions.js';
import { signContract } from './contracts.js';
import { assert, unreachable } from './errors.js';
import { linkEvidence, recordSource } from './evidence.js';
import type { DomainEvent } from './events.js';
import { limits } from './limits.js';
import { approvePackage, cancelPackage, closePackage, proposePackage } from './packages.js';
import { citeSource, recordDefenceShare } from './provenance.js';
import { grantRole, recordDefenceSpending, recordFxRate, recordRequirement, registerParty } from './parties.js';
import { dispatchShipment, recordMilestone, recordReceipt } from './shipments.js';
import type { StateView } from './state.js';
import { convertCurrency, recordTransfer } from './transfers.js';

/**
 * The one entry to the rules: a command and the state it needs in, events or a DomainError out.
 * Pure: no I/O, no clock, no randomness. `commandId` names what the command creates when it has no id of its own.
 */
export function decide(command: Command, view: StateView, commandId: string): DomainEvent[] {
  const events = decideByType(command, view, commandId);
  const { provenance } = command;
  assert(events.length > 0 && events.length <= limits.eventsPerCommandMax, `${command.type} produced ${events.length} events`);
  // The provenance travels with the first event: the record the command creates or changes.
  if (provenance) events[0] = { ...(events[0] as DomainEvent), provenance };
  return events;
}

function decideByType(command: Command, view: StateView, commandId: string): DomainEvent[] {
  switch (command.type) {
    case 'RegisterParty':
      return registerParty(command, view);
    case 'GrantRole':
      return grantRole(command, view);
    case 'RecordRequirement':
      return recordRequirement(command, view);
    case 'ProposePackage':
      return proposePackage(command, view);
    case 'ApprovePackage':
      return approvePackage(command, view);
    case 'ClosePackage':
      return closePackage(command, view);
    case 'CancelPackage':
      return cancelPackage(command, view);
    case 'RecordContribution':
      return recordContribution(command, view);
    case 'AdvanceContribution':
      return advanceContribution(command, view);
    case 'RecordTransfer':
      return recordTransfer(command, view, commandId);
    case 'ConvertCurrency':
      return convertCurrency(command, view, commandId);
    case 'SignContract':
      return signContract(command, view);
    case 'DispatchShipment':
      return dispatchShipment(command, view);
    case 'RecordMilestone':
      return recordMilestone(command, view);
    case 'RecordReceipt':
      return recordReceipt(command, view);
    case 'RecordDefenceSpending':
      return recordDefenceSpending(command);
    case 'RecordFxRate':
      return recordFxRate(command);
    case 'RecordDefenceShare':
      return recordDefenceShare(command);
    case 'CiteSource':
      return citeSource(command, view);
    case 'RecordSource':
      return recordSource(command, view);
    case 'LinkEvidence':
      return linkEvidence(command, view, commandId);
    default:
      return unreachable(command);
  }
}
