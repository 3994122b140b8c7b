import { isDict, LiteralNumber, type LiteralDict, type LiteralValue } from '../literal.js';

/**
 * OCDS merging: later releases of a contracting process update earlier ones. Objects merge
 * field by field, arrays of objects that carry an `id` merge element by element on that id,
 * any other value (and any other array) is replaced, and `null` removes a field. Every object
 * the merge produces remembers where each of its fields was last written (file and JSON path),
 * so that an error in the merged view still names the place in the file it came from.
 */

export interface Place {
  readonly file: string;
  readonly path: string;
}

const placesOf = new WeakMap<object, Map<string, Place>>();
const placeOfObject = new WeakMap<object, Place>();

/** Where `object` (or, with `key`, its field) was last written: "file path". */
export function where(object: LiteralDict, key?: string): Place {
  const own = placeOfObject.get(object) ?? { file: '?', path: '?' };
  if (key === undefined) return own;
  return placesOf.get(object)?.get(key) ?? { file: own.file, path: join(own.path, key) };
}

/** `path.key`, or `key` at the root of a file. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function placeText(place: Place): string {
  return `${place.file} ${place.path}`;
}

function keyedArray(value: LiteralValue[]): boolean {
  return value.length > 0 && value.every((element) => isDict(element) && (typeof element.id === 'string' || element.id instanceof LiteralNumber));
}

const idOf = (element: LiteralDict): string => String(element.id);

function fresh(value: LiteralValue, at: Place): LiteralValue {
  if (isDict(value)) return mergeObject(undefined, value, at);
  if (Array.isArray(value)) return value.map((element, index) => fresh(element, { file: at.file, path: `${at.path}[${index}]` }));
  return value;
}

/** Merges `update` (found at `at`) over `base`, returning a new object. */
export function mergeObject(base: LiteralDict | undefined, update: LiteralDict, at: Place): LiteralDict {
  const result: LiteralDict = {};
  const places = new Map<string, Place>(base ? (placesOf.get(base) ?? []) : []);
  if (base) for (const [key, value] of Object.entries(base)) define(result, key, value);
  for (const [key, value] of Object.entries(update)) {
    const place = { file: at.file, path: join(at.path, key) };
    if (value === null) {
      delete result[key];
      places.delete(key);
      continue;
    }
    const before = result[key];
    if (isDict(value)) define(result, key, mergeObject(isDict(before) ? before : undefined, value, place));
    else if (Array.isArray(value) && keyedArray(value) && Array.isArray(before) && keyedArray(before)) define(result, key, mergeArray(before, value, place));
    else define(result, key, fresh(value, place));
    places.set(key, place);
  }
  placesOf.set(result, places);
  placeOfObject.set(result, at);
  return result;
}

function mergeArray(base: LiteralValue[], update: LiteralValue[], at: Place): LiteralValue[] {
  const result = [...base] as LiteralDict[];
  const index = new Map(result.map((element, position) => [idOf(element), position]));
  update.forEach((element, position) => {
    const item = element as LiteralDict;
    const place = { file: at.file, path: `${at.path}[${position}]` };
    const known = index.get(idOf(item));
    if (known === undefined) {
      index.set(idOf(item), result.length);
      result.push(mergeObject(undefined, item, place));
    } else {
      result[known] = mergeObject(result[known], item, place);
    }
  });
  return result;
}

function define(object: LiteralDict, key: string, value: LiteralValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
