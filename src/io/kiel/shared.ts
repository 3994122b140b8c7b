import type { ImportRun } from '../format.js';
import type { PartyInFile } from '../parties.js';
import { DomainError } from '../../domain/errors.js';
import { alpha3, countryName } from '../countries.js';
import type { CsvRecord } from '../csv/records.js';
import { readDecimal, shift, toMinor } from '../decimal.js';

/** What the Kiel files have in common: the publisher, the dataset's name, donors and amounts. */

export const publisher = 'Kiel Institute for the World Economy';
export const datasetName = (release: string): string => `Kiel Ukraine Support Tracker, release ${release}`;

/** Every record Kiel counts is aid to Ukraine. */
export const recipientId = 'UKR';

/** Kiel's three categories of aid, as the columns of data_explorer.csv name them. */
export const categories = ['financial', 'humanitarian', 'military'] as const;
export type Category = (typeof categories)[number];

/**
 * The donors Kiel lists that are not states. Kiel gives them no identifier of an international
 * register, so their party ids are the short codes Kiel's own data explorer uses ("EU"), or the
 * usual abbreviation of the institution's name.
 */
const organisations: readonly { readonly id: string; readonly code: string; readonly name: string; readonly names: readonly string[] }[] = [
  { id: 'org:EU', code: 'EU', name: 'EU (Commission and Council)', names: ['eu (commission and council)', 'eu institutions', 'european union'] },
  { id: 'org:EIB', code: 'EIB', name: 'European Investment Bank', names: ['european investment bank'] },
  { id: 'org:EPF', code: 'EPF', name: 'European Peace Facility', names: ['european peace facility'] },
];

/** A donor as the ledger knows it: its party id, the code the Kiel layout writes, its name and kind. */
export interface Donor {
  readonly partyId: string;
  /** The value of data_explorer.csv's `iso` column: an alpha-3 code, or "EU" and the like. */
  readonly code: string;
  readonly name: string;
  readonly kind: 'state' | 'organisation';
}

/** The donor data_explorer.csv names by its `iso` code, or undefined when the code is unknown. */
export function donorByCode(code: string, name: string): Donor | undefined {
  const organisation = organisations.find((entry) => entry.code === code);
  if (organisation) return { partyId: organisation.id, code, name: name || organisation.name, kind: 'organisation' };
  if (!/^[A-Z]{3}$/.test(code) || alpha3(code) !== code) return undefined;
  return { partyId: code, code, name: name || (countryName(code) ?? code), kind: 'state' };
}

/** The donor bilateral_activities.csv names in English, or undefined when the name is unknown. */
export function donorByName(name: string): Donor | undefined {
  const organisation = organisations.find((entry) => entry.names.includes(name.toLowerCase()));
  if (organisation) return { partyId: organisation.id, code: organisation.code, name: organisation.name, kind: 'organisation' };
  const code = alpha3(name);
  return code === undefined ? undefined : { partyId: code, code, name, kind: 'state' };
}

/** The data_explorer `iso` code of a party, for the export: its alpha-3 code, or the organisation's code. */
export function codeOfParty(partyId: string): string {
  return organisations.find((entry) => entry.id === partyId)?.code ?? partyId.replace(/^org:/, '');
}

/**
 * An amount written as a decimal number of units of 10^`power` euros (9 for € billion, 0 for
 * euros) in euro cents, exactly: "0.002645" billion → 264500000n cents. Scientific notation
 * ("1.25e-05"), which spreadsheets write for small values, is read exactly too. A value finer
 * than the cent is rounded half to even to the cent, explicitly: Kiel's euro values are
 * conversions from other currencies with floating-point tails (e.g. 23417159.978473667), and a
 * cent is the ledger's unit. Undefined when the text is not a plain decimal number.
 */
export function euroCents(text: string, power: number): bigint | undefined {
  const value = text.length > 64 ? undefined : readDecimal(text);
  return value && toMinor(shift(value, power), 'EUR', { rounding: 'half-even' });
}

/** The cell of a named column, trimmed; '' when the row is short. */
export function cellOf(record: CsvRecord, columns: ReadonlyMap<string, number>, name: string): string {
  const index = columns.get(name);
  return index === undefined ? '' : (record.cells[index] ?? '').trim();
}

/** `file:line:column` of a named column. */
export function placeOf(record: CsvRecord, columns: ReadonlyMap<string, number>, name: string): string {
  return `${record.file}:${record.line}:${(columns.get(name) ?? 0) + 1}`;
}

/**
 * Whether an amount is one to record: zero amounts and negative ones (Kiel's corrections of
 * earlier figures, which name no record to reduce) are counted as skipped.
 */
export function recordable(run: ImportRun, cents: bigint): boolean {
  if (cents === 0n) run.skip('zero amounts');
  else if (cents < 0n) run.skip('negative amounts (corrections of earlier figures; the row names no record to reduce)');
  return cents > 0n;
}

/** A donor or Ukraine as a party to register. */
export function partyOf(donor: Pick<Donor, 'partyId' | 'name' | 'kind'>): PartyInFile {
  return { partyId: donor.partyId, name: donor.name, kind: donor.kind, ...(donor.kind === 'state' ? { country: donor.partyId } : {}) };
}

/** Ukraine, the recipient of everything Kiel tracks. */
export const ukraine = { partyId: recipientId, name: countryName(recipientId) ?? 'Ukraine', kind: 'state' } as const;

/** A header's columns by name (trimmed), for reading cells by name rather than by position. */
export function columnsOf(header: readonly string[]): Map<string, number> {
  const columns = new Map<string, number>();
  header.forEach((name, index) => {
    if (!columns.has(name.trim())) columns.set(name.trim(), index);
  });
  return columns;
}

export function missingColumns(columns: ReadonlyMap<string, number>, required: readonly string[]): string[] {
  return required.filter((name) => !columns.has(name));
}

export function invalid(message: string, path?: string): never {
  throw new DomainError('VALIDATION_FAILED', message, path);
}

/** The first day of a month: `monthStart(2022, 3)` → "2022-03-01". */
export function monthStart(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}
