import type { CheckpointRecord } from '../application/ports.js';
import { maxNoteSignatures, NoteError, parseCheckpoint } from '../audit/checkpoint.js';
import { DomainError } from '../domain/errors.js';

/**
 * What both stores do with a signed checkpoint before and when they keep it: check that the
 * note states the record's fields, and merge the signature lines of two notes of one tree head.
 * No signature is verified here (the store has no keys).
 */

export const checkpointColumns = 'origin, size, root_hash, note, created_at';

export function toCheckpointRecord(row: Record<string, unknown>): CheckpointRecord {
  return { origin: String(row.origin), size: Number(row.size), rootHash: String(row.root_hash), note: String(row.note), createdAt: String(row.created_at) };
}

export function checkpointParams(record: CheckpointRecord): (string | number)[] {
  return [record.origin, record.size, record.rootHash, record.note, record.createdAt];
}

interface SplitNote {
  readonly text: string;
  /** Each signature line without its newline. */
  readonly lines: readonly string[];
}

const invalid = (message: string, path?: string) => new DomainError('VALIDATION_FAILED', `checkpoint: ${message}`, path);

/** The text and signature lines of a note (the syntax of c2sp.org/signed-note, not the signatures). */
function splitNote(note: string): SplitNote {
  const split = note.lastIndexOf('\n\n');
  if (split === -1 || !note.endsWith('\n')) throw invalid('the note has no blank line before its signatures, or does not end in a newline', 'note');
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines.some((line) => !/^\u2014 \S+ [A-Za-z0-9+/]{8,}={0,2}$/u.test(line))) {
    throw invalid('a signature line is not "— NAME BASE64"', 'note');
  }
  return { text: note.slice(0, split + 1), lines };
}

/** The key a signature line is by: its name and the first 4 bytes (the key hash) of its base64. */
function keyOfLine(line: string): string {
  const [, name = '', base64 = ''] = line.split(' ');
  return `${name}+${Buffer.from(base64, 'base64').subarray(0, 4).toString('hex')}`;
}

/** Checks that `record` is a well-formed checkpoint whose note states its origin, size and root. */
export function checkCheckpointRecord(record: CheckpointRecord): void {
  if (typeof record.note !== 'string') throw invalid('the note is not text', 'note');
  if (!Number.isSafeInteger(record.size) || record.size < 0) throw invalid(`size ${record.size} is not a whole number`, 'size');
  const { text } = splitNote(record.note);
  let parsed;
  try {
    parsed = parseCheckpoint(text);
  } catch (error) {
    if (error instanceof NoteError) throw invalid(error.message, 'note');
    throw error;
  }
  const root = Buffer.from(parsed.root).toString('base64');
  if (parsed.origin !== record.origin) throw invalid(`the note's origin ${JSON.stringify(parsed.origin)} is not ${JSON.stringify(record.origin)}`, 'origin');
  if (parsed.size !== BigInt(record.size)) throw invalid(`the note's size ${parsed.size} is not ${record.size}`, 'size');
  if (root !== record.rootHash) throw invalid(`the note's root ${root} is not ${record.rootHash}`, 'rootHash');
}

/**
 * The checkpoint to keep when `incoming` arrives and `kept` is already stored at the same
 * origin and size: `kept` with the signature lines of `incoming` by keys it does not have yet
 * (undefined when there is none, so nothing changes); SPLIT_VIEW when the roots differ.
 */
export function mergeCheckpoints(kept: CheckpointRecord, incoming: CheckpointRecord): CheckpointRecord | undefined {
  if (kept.rootHash !== incoming.rootHash) {
    throw new DomainError(
      'SPLIT_VIEW',
      `checkpoint ${kept.origin} at size ${kept.size}: a checkpoint with root ${kept.rootHash} is already kept, this one has root ${incoming.rootHash}; two trees of one size mean the log was forked or rewritten`,
      'rootHash',
    );
  }
  const old = splitNote(kept.note);
  const added = splitNote(incoming.note);
  if (old.text !== added.text) throw invalid(`the note's text differs from the note kept at size ${kept.size} (other extension lines)`, 'note');
  const keys = new Set(old.lines.map(keyOfLine));
  const lines = [...old.lines];
  for (const line of added.lines) {
    const key = keyOfLine(line);
    if (keys.has(key)) continue;
    keys.add(key);
    lines.push(line);
  }
  if (lines.length === old.lines.length) return undefined;
  if (lines.length > maxNoteSignatures) throw new DomainError('LIMIT_EXCEEDED', `checkpoint: merged, the note would carry ${lines.length} signatures, more than ${maxNoteSignatures}`, 'note');
  return { ...kept, note: `${old.text}\n${lines.map((line) => `${line}\n`).join('')}` };
}
