import { parseCommand, type CommandEnvelope } from '../contract/commands.js';
import type { Provenance } from '../domain/provenance.js';
import type { PartyKind, PartyRole } from '../domain/state.js';
import { located, type ImportRun } from './format.js';

/** A party as a file names it: states by their ISO alpha-3 id, organisations as `org:…`. */
export interface PartyInFile {
  readonly partyId: string;
  readonly name: string;
  readonly kind: PartyKind;
  /** ISO alpha-3, for states. */
  readonly country?: string | undefined;
}

/**
 * The commands that make a party exist with a role, shared by every format: `RegisterParty`
 * when neither the ledger nor this import has it, `GrantRole` when it exists without the role
 * (a donor state that also receives aid, read from another dataset), nothing otherwise. Ids
 * derive from `idPrefix` (e.g. `fts`), so importing the file again replays them.
 */
export function ensureParty(run: ImportRun, party: PartyInFile, role: PartyRole, idPrefix: string, provenance: Provenance, where: string): CommandEnvelope[] {
  const roles = run.rolesOf(party.partyId);
  if (roles?.has(role)) return [];
  run.givesRole(party.partyId, role);
  if (roles === undefined) {
    return [
      located(where, () =>
        parseCommand({
          id: `${idPrefix}:party:${party.partyId}`,
          type: 'RegisterParty',
          partyId: party.partyId,
          name: party.name,
          kind: party.kind,
          roles: [role],
          ...(party.country === undefined ? {} : { country: party.country }),
          provenance,
        }),
      ),
    ];
  }
  return [located(where, () => parseCommand({ id: `${idPrefix}:party:${party.partyId}:role:${role}`, type: 'GrantRole', partyId: party.partyId, role, provenance }))];
}
