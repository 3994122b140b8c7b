import { createHash } from 'node:crypto';
import { limits } from '../domain/limits.js';

/**
 * Ledger ids made from publishers' identifiers (an IATI activity, an OCDS ocid, an FTS flow),
 * so that importing a file again yields the same ids. Ids allow letters, digits and . _ : / @ -
 * and at most `limits.idLengthMax` characters.
 */

const allowed = /^[A-Za-z0-9._:/@-]+$/;
const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * A publisher's identifier as part of an id: kept as it is when it holds only the characters
 * ids allow; otherwise each other character becomes "_" and a short hash of the original is
 * appended, so that two identifiers never meet in one id.
 */
export function idPart(text: string): string {
  if (allowed.test(text)) return text;
  return `${text.replace(/[^A-Za-z0-9._:/@-]/g, '_')}-${hash(text, 8)}`;
}

/**
 * A whole id from parts: its first character a letter or digit, and one too long for the
 * ledger keeps its start and a hash of the whole, so it stays readable, unique and stable.
 */
export function boundedId(raw: string): string {
  const id = /^[A-Za-z0-9]/.test(raw) ? raw : `x${raw}`;
  return id.length <= limits.idLengthMax ? id : `${id.slice(0, limits.idLengthMax - 17)}-${hash(raw, 16)}`;
}

/** An id from one source text: `boundedId(idPart(text))`. */
export function idFrom(text: string): string {
  return boundedId(idPart(text));
}
