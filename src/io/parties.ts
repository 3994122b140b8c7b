import { parseCommand, type CommandEnvelope } from '../contract/commands.js';
import type { Provenance } from '../domain/provenance.js';
import type { PartyKind, PartyRole } from '../domain/state.js';
import { located, type ImportRun } from './format.js';
import { boundedId } from './ids.js';

/** A party as a file names it: states by their ISO alpha-3 id, organisations as `org:…`. */
export interface PartyInFile {
  readonly partyId: string;
  readonly name: string;
  readonly kind: PartyKind;
  /** ISO alpha-3, for states. */
  readonly country?: string | undefined;
}

/**
 * The commands that make a party exist with the roles wanted, shared by every format:
 * `RegisterParty` when neither the ledger nor this import has it, `GrantRole` for each role it lacks
 * (a donor state that also receives aid, read from another dataset), nothing otherwise. Ids
 * derive from `idPrefix` (e.g. `fts`), so importing the file again replays them.
 */
export function ensureParty(
  run: ImportRun,
  party: PartyInFile,
  wanted: PartyRole | readonly PartyRole[],
  idPrefix: string,
  provenance: Provenance,
  where: string,
): CommandEnvelope[] {
  const roles = run.rolesOf(party.partyId);
  const missing = [...new Set(typeof wanted === 'string' ? [wanted] : wanted)].filter((role) => !roles?.has(role)).sort();
  for (const role of missing) run.givesRole(party.partyId, role);
  if (missing.length === 0) return [];
  if (roles === undefined) {
    return [
      located(where, () =>
        parseCommand({
          id: boundedId(`${idPrefix}:party:${party.partyId}`),
          type: 'RegisterParty',
          partyId: party.partyId,
          name: party.name,
          kind: party.kind,
          roles: missing,
          ...(party.country === undefined ? {} : { country: party.country }),
          provenance,
        }),
      ),
    ];
  }
  return missing.map((role) =>
    located(where, () => parseCommand({ id: boundedId(`${idPrefix}:party:${party.partyId}:role:${role}`), type: 'GrantRole', partyId: party.partyId, role, provenance })),
  );
}
