import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError } from '../../domain/errors.js';
import { limits } from '../../domain/limits.js';
import { currencyDigits, parseAmount } from '../../domain/money.js';
import { decimalText, multiply, normalize, readDecimal, roundHalfEven, type Decimal } from '../decimal.js';
import { fail } from '../format.js';
import { isDict, LiteralNumber, parseJsonDocument, type LiteralDict, type LiteralValue } from '../literal.js';
import { mergeObject, placeText, where, type Place } from './merge.js';

/** Reading OCDS documents: the releases of each file with their place, and typed field readers. */

export const datasetName = 'Open Contracting Data Standard (OCDS)';

/** One release as found in a file, merged onto nothing so that every field knows its place. */
export interface SourceRelease {
  readonly ocid: string;
  readonly id: string;
  readonly date: string;
  /** For ordering: the release date in milliseconds. */
  readonly time: number;
  readonly release: LiteralDict;
  readonly raw: LiteralDict;
  readonly place: Place;
  readonly dataset: string;
  readonly publisher: string | undefined;
  /** Order of reading, to keep releases of one date in file order. */
  readonly order: number;
}

/** Reads a release package, a record package (its compiled releases) or a single release. */
export async function releasesOf(path: string, order: { next: number }): Promise<SourceRelease[]> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const document = parseJsonDocument(text, file);
  if (!isDict(document)) throw new DomainError('VALIDATION_FAILED', `${file}: expected a JSON object (an OCDS release package, record package or release)`);
  const version = typeof document.version === 'string' ? document.version : '1.0';
  const publisher = isDict(document.publisher) && typeof document.publisher.name === 'string' ? document.publisher.name : undefined;
  const found: { raw: LiteralValue; path: string }[] = [];
  let kind: string;
  if (Array.isArray(document.records)) {
    kind = 'record package';
    document.records.forEach((record, index) => {
      const path = `records[${index}]`;
      if (!isDict(record)) fail(file, path, 'is not an object');
      if (!isDict(record.compiledRelease)) fail(file, `${path}.compiledRelease`, 'is missing; a record is read from its compiled release');
      found.push({ raw: record.compiledRelease, path: `${path}.compiledRelease` });
    });
  } else if (Array.isArray(document.releases)) {
    kind = 'release package';
    document.releases.forEach((release, index) => found.push({ raw: release, path: `releases[${index}]` }));
  } else if (typeof document.ocid === 'string') {
    kind = 'release';
    found.push({ raw: document, path: '' });
  } else {
    throw new DomainError('VALIDATION_FAILED', `${file}: not an OCDS release package, record package or release (no "releases", "records" or "ocid")`);
  }
  const dataset = `${datasetName} ${version} ${kind}`;
  return found.map(({ raw, path }) => {
    const shown = path === '' ? '$' : path;
    if (!isDict(raw)) fail(file, shown, 'is not an object');
    const ocid = raw.ocid;
    if (typeof ocid !== 'string' || ocid.trim() === '') fail(file, path === '' ? 'ocid' : `${path}.ocid`, 'every release needs an ocid');
    const id = typeof raw.id === 'string' || raw.id instanceof LiteralNumber ? String(raw.id) : fail(file, path === '' ? 'id' : `${path}.id`, 'every release needs an id');
    const place = { file, path };
    const release = mergeObject(undefined, raw, place);
    const date = dateOf(release, 'date') ?? fail(file, path === '' ? 'date' : `${path}.date`, 'every release needs a date');
    const time = Date.parse(String(raw.date));
    order.next += 1;
    return { ocid: ocid.trim(), id, date, time: Number.isNaN(time) ? 0 : time, release, raw, place: { file, path: shown }, dataset, publisher, order: order.next };
  });
}

// ── Field readers: each failure names file, JSON path and reason ───────────────────────────

export function located(object: LiteralDict, key: string): string {
  return placeText(where(object, key));
}

function bad(object: LiteralDict, key: string, reason: string): never {
  const place = where(object, key);
  return fail(place.file, place.path, reason);
}

/**
 * A JSON number as an exact Decimal, exponent applied ("1.5e3" → 1500, "2E-2" → 0.02) and
 * trailing zeros dropped; undefined when it is absurdly large or small.
 */
const decimalOf = (number: LiteralNumber): Decimal | undefined => {
  const value = readDecimal(number.text);
  return value && normalize(value);
};

const show = (value: LiteralValue): string => (value instanceof LiteralNumber ? value.text : JSON.stringify(value).slice(0, 60));

export function objectAt(object: LiteralDict, key: string): LiteralDict | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  return isDict(value) ? value : bad(object, key, `${show(value)} is not an object`);
}

export function arrayAt(object: LiteralDict, key: string): LiteralDict[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return bad(object, key, `${show(value)} is not an array`);
  return value.map((element, index) => (isDict(element) ? element : bad(object, `${key}[${index}]`, `${show(element)} is not an object`)));
}

/** A string field; identifiers written as numbers are read as their text. */
export function textAt(object: LiteralDict, key: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (value instanceof LiteralNumber) return value.text;
  return bad(object, key, `${show(value)} is not a string`);
}

/** The day of an OCDS date-time, as written (its own time zone): "2010-06-10T14:23:12Z" → "2010-06-10". */
export function dateOf(object: LiteralDict, key: string): string | undefined {
  const text = textAt(object, key);
  if (text === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(text);
  if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) return bad(object, key, `"${text}" is not a date such as 2010-06-10T14:23:12Z`);
  return match[1] as string;
}

export interface Amount {
  readonly minor: bigint;
  readonly currency: string;
}

/**
 * An OCDS Value object `{amount, currency}` as minor units, exactly. An amount with more
 * decimals than its currency has is rejected (no rounding of a published figure).
 */
export function amountAt(object: LiteralDict, key: string): Amount | undefined {
  const value = objectAt(object, key);
  if (!value || value.amount === undefined || value.amount === null) return undefined;
  const amount = value.amount;
  if (!(amount instanceof LiteralNumber)) return bad(value, 'amount', `${show(amount)} is not a number`);
  const currency = textAt(value, 'currency') ?? bad(value, 'currency', 'is missing; an amount needs its ISO 4217 currency');
  try {
    currencyDigits(currency);
  } catch {
    return bad(value, 'currency', `"${currency}" is not an ISO 4217 currency`);
  }
  const decimal = decimalOf(amount) ?? bad(value, 'amount', `${amount.text} is out of range`);
  try {
    return { minor: parseAmount(decimalText(decimal), currency, 'amount'), currency };
  } catch (error) {
    return bad(value, 'amount', (error as DomainError).message.replace(/^amount: /, ''));
  }
}

/**
 * An item's quantity: a whole number of units, or (for a fractional quantity such as 2.5
 * tonnes) undefined with `fraction` set, the caller then records one lot. Absent means 1.
 */
export function quantityAt(object: LiteralDict, key: string): { whole?: number; decimal: string; value: Decimal } {
  const value = object[key];
  if (value === undefined || value === null) return { whole: 1, decimal: '1', value: { units: 1n, scale: 0 } };
  if (!(value instanceof LiteralNumber)) return bad(object, key, `${show(value)} is not a number`);
  const quantity = decimalOf(value) ?? bad(object, key, `${value.text} is out of range`);
  if (quantity.units <= 0n) return bad(object, key, `${value.text} is not above zero`);
  const decimal = decimalText(quantity);
  if (quantity.scale === 0) {
    if (quantity.units > BigInt(limits.quantityMax)) return bad(object, key, `${value.text} is above the limit of ${limits.quantityMax}`);
    return { whole: Number.parseInt(decimal, 10), decimal, value: quantity };
  }
  return { decimal, value: quantity };
}

/**
 * quantity × unit value for a lot of a fractional quantity, in minor units. The product can
 * have more decimals than the currency; it is rounded half to even to the minor unit (the
 * only rounding this reader does, and only of a derived figure).
 */
export function lotValue(quantity: Decimal, unitMinor: bigint): bigint {
  return roundHalfEven(multiply(quantity, { units: unitMinor, scale: 0 }), 0).units;
}

// ── Identifiers ─────────────────────────────────────────────────────────────────────────────

/** Text for a ledger text field: trimmed, at most the limit. */
export function clip(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length <= limits.textLengthMax ? trimmed : `${trimmed.slice(0, limits.textLengthMax - 1)}…`;
}
