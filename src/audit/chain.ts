import { hash } from 'node:crypto';

/**
 * The hash chain over the event log. Each row's hash is SHA-256 over the previous row's hash
 * (64 lowercase hex characters) followed by the row's canonical bytes:
 *
 *   hash(n) = SHA-256( hex(hash(n-1)) ‖ canonical({actor, commandId, payload, recordedAt, seq, type}) )
 *
 * with 64 zeros before the first row. `actor` is the account that wrote the row; rows written
 * before accounts were recorded carry the empty string, and for them the key is left out, so
 * their bytes (and hashes) are what they were. Changing any byte of any row, the actor
 * included, or removing or reordering rows, changes every later hash.
 */
export const genesisHash = '0'.repeat(64);

export interface ChainRow {
  readonly seq: number;
  /** The account that wrote the row; '' for rows from before accounts were recorded. */
  readonly actor: string;
  readonly commandId: string;
  readonly type: string;
  /** Canonical JSON of the event's fields other than its type. */
  readonly payload: string;
  readonly recordedAt: string;
}

/**
 * The canonical bytes of a row. Keys are written in sorted order; payload is already canonical.
 * An empty actor is left out, so that rows from before actors were recorded still verify.
 */
export function rowBytes(row: ChainRow): string {
  const actor = row.actor === '' ? '' : `"actor":${JSON.stringify(row.actor)},`;
  return `{${actor}"commandId":${JSON.stringify(row.commandId)},"payload":${row.payload},"recordedAt":${JSON.stringify(row.recordedAt)},"seq":${row.seq},"type":${JSON.stringify(row.type)}}`;
}

/** `bytes` may be given when the caller has already made them (verification also hashes them as a tree leaf). */
export function chainHash(prevHash: string, row: ChainRow, bytes = rowBytes(row)): string {
  return hash('sha256', prevHash + bytes, 'hex');
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export interface ChainBreak {
  readonly seq: number;
  readonly reason: string;
}

const linkBroken = 'prev_hash does not match the previous row\'s hash';
const contentChanged = 'hash does not match the row\'s content';

/** Checks one stored row against its predecessor's hash; returns what is wrong, if anything. */
export function checkRow(prevSeq: number, prevHash: string, row: ChainRow & { readonly prevHash: string; readonly hash: string }, bytes = rowBytes(row)): ChainBreak | undefined {
  if (row.seq !== prevSeq + 1) return { seq: row.seq, reason: `sequence jumps from ${prevSeq} to ${row.seq}` };
  if (row.prevHash !== prevHash) return { seq: row.seq, reason: linkBroken };
  if (chainHash(prevHash, row, bytes) !== row.hash) return { seq: row.seq, reason: contentChanged };
  return undefined;
}

/**
 * A break as people should read it, given the seq of the last row that verified: a gap names
 * the first missing seq (not the row after it), and each reason says what could have caused it.
 * Rows removed from the end of the log leave no gap: only a checkpoint of a larger tree shows them.
 */
export function explainBreak(lastGoodSeq: number, broken: ChainBreak): ChainBreak {
  if (broken.seq > lastGoodSeq + 1) {
    const first = lastGoodSeq + 1;
    const last = broken.seq - 1;
    const which = first === last ? 'missing' : last === first + 1 ? `missing, and so is seq ${last}` : `missing, and so are seqs ${first + 1} to ${last}`;
    const where = lastGoodSeq === 0 ? `the log starts at seq ${broken.seq}` : `the log goes from seq ${lastGoodSeq} to seq ${broken.seq}`;
    return { seq: first, reason: `${which}: ${where}` };
  }
  if (broken.seq <= lastGoodSeq) return { seq: broken.seq, reason: `out of order: seq ${broken.seq} comes after seq ${lastGoodSeq}` };
  if (broken.reason === linkBroken) {
    const before = lastGoodSeq === 0 ? 'the genesis hash' : `the hash of seq ${lastGoodSeq}`;
    return { seq: broken.seq, reason: `prev_hash is not ${before}: the row does not follow the one before it (rows moved, removed or rewritten)` };
  }
  if (broken.reason === contentChanged) return { seq: broken.seq, reason: `${contentChanged}: the row was changed after it was written` };
  return broken;
}
