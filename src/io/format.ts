import { basename } from 'node:path';
import type { CommandEnvelope } from '../contract/commands.js';
import { DomainError } from '../domain/errors.js';
import type { Provenance, ProvenanceRow } from '../domain/provenance.js';
import type { Contribution, DefenceShare, FxRate, Party, PartyRole, SpendingRecord, StateView } from '../domain/state.js';
import type { Row } from '../projections/memory.js';
import type { TableName } from '../projections/tables.js';

/**
 * What every file format shares. An importer turns files into a stream of commands whose ids
 * are derived from the source (dataset, publisher's identifier, row), so importing a file again
 * replays instead of duplicating; the ledger decides them in one transaction. An exporter writes
 * the ledger's tables in the format.
 */

/**
 * An import in progress: the ledger as decided so far, the roles this import gives parties (see
 * `ensureParty`), and what it merged into records it already had and what it skipped, by reason.
 */
export class ImportRun {
  readonly merged = new Map<string, number>();
  readonly skipped = new Map<string, number>();
  /** Roles of the parties this import registered or gave a role, as they will be once decided. */
  private readonly partyRoles = new Map<string, Set<PartyRole>>();

  /** `view` is the ledger as decided so far in this import (see `CommandSource`). */
  constructor(readonly view: StateView) {}

  /** The roles a party has, counting what this import gives it; undefined for an unknown party. */
  rolesOf(partyId: string): ReadonlySet<PartyRole> | undefined {
    const mine = this.partyRoles.get(partyId);
    if (mine) return mine;
    const party = this.view.party(partyId);
    return party ? new Set(party.roles.split(',') as PartyRole[]) : undefined;
  }

  /** Notes that this import registers the party, or gives it the role. */
  givesRole(partyId: string, role: PartyRole): void {
    const roles = new Set(this.rolesOf(partyId) ?? []);
    roles.add(role);
    this.partyRoles.set(partyId, roles);
  }

  merge(reason: string, count = 1): void {
    this.merged.set(reason, (this.merged.get(reason) ?? 0) + count);
  }

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }
}

export interface Importer {
  /** One line for `aidtrace import --help`. */
  readonly describe: string;
  /**
   * The commands the files stand for, in order. A bad file throws a DomainError whose message
   * starts with `file:line[:column]` (or `file XPath`) and names the field and the reason.
   */
  read(files: readonly string[], run: ImportRun): AsyncIterable<CommandEnvelope>;
}

/** The ledger's tables, as an exporter reads them (a store, a snapshot). */
export interface TableSource {
  readTable(table: TableName): Promise<readonly Row[]>;
}

/** The rows of the tables the exporters read, typed as the domain reads them. */
interface TableRows {
  readonly party: Party;
  readonly contribution: Contribution;
  readonly fxRate: FxRate;
  readonly spending: SpendingRecord;
  readonly defenceShare: DefenceShare;
  readonly provenance: ProvenanceRow;
}

/** One table's rows with their types: `await rowsOf(ledger, 'contribution')`. */
export async function rowsOf<T extends keyof TableRows>(ledger: TableSource, table: T): Promise<readonly TableRows[T][]> {
  return (await ledger.readTable(table)) as unknown as readonly TableRows[T][];
}

export interface ExportOptions {
  /** For formats with one table per file (csv): which table. */
  readonly table?: string | undefined;
}

export interface Exporter {
  readonly describe: string;
  /** The media type of what `write` produces, for HTTP. */
  readonly mediaType: string;
  /** Writes the export piece by piece; `out` may return a promise to apply back-pressure. */
  write(ledger: TableSource, out: (text: string) => void | Promise<void>, options: ExportOptions): Promise<void>;
}

/** The provenance of one row or element of a file. */
export function provenanceOf(dataset: string, file: string, locator: string, publisher?: string, publisherRef?: string): Provenance {
  return {
    dataset,
    file: basename(file),
    locator,
    ...(publisher === undefined || publisher === '' ? {} : { publisher }),
    ...(publisherRef === undefined || publisherRef === '' ? {} : { publisherRef }),
  };
}

/**
 * Runs `make` (typically `parseCommand(...)`) and prefixes any DomainError with where in the
 * file the input came from, so that an error names file, place, field and reason.
 */
export function located<T>(where: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `${where}: ${error.message}`, error.path);
    throw error;
  }
}

/** A DomainError naming a place in a file: `fail('data.csv:12:3', 'amount', '"x" is not a number')`. */
export function fail(where: string, field: string, reason: string): never {
  throw new DomainError('VALIDATION_FAILED', `${where} ${field}: ${reason}`, field);
}
