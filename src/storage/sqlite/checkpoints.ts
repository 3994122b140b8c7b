import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { CheckpointRecord, CheckpointStore } from '../../application/ports.js';
import { checkCheckpointRecord, checkpointColumns, checkpointParams, mergeCheckpoints, toCheckpointRecord } from '../checkpoints.js';

/**
 * Signed checkpoints in the ledger file, on the store's own connection, beside the log like the
 * accounts (`access.ts`): reads run at once, writes go through `exclusive`.
 */
export class SqliteCheckpoints implements CheckpointStore {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly exclusive: <T>(work: () => T) => Promise<T>,
  ) {}

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private atNow(origin: string, size: number): CheckpointRecord | undefined {
    const row = this.prepared(`SELECT ${checkpointColumns} FROM checkpoint WHERE origin = ? AND size = ?`).get(origin, size) as Record<string, unknown> | undefined;
    return row && toCheckpointRecord(row);
  }

  async add(checkpoint: CheckpointRecord): Promise<CheckpointRecord> {
    checkCheckpointRecord(checkpoint);
    return this.exclusive(() => {
      const kept = this.atNow(checkpoint.origin, checkpoint.size);
      if (kept === undefined) {
        this.prepared(`INSERT INTO checkpoint (${checkpointColumns}) VALUES (?, ?, ?, ?, ?)`).run(checkpointParams(checkpoint));
        return checkpoint;
      }
      const merged = mergeCheckpoints(kept, checkpoint);
      if (merged === undefined) return kept;
      this.prepared('UPDATE checkpoint SET note = ? WHERE origin = ? AND size = ?').run(merged.note, merged.origin, merged.size);
      return merged;
    });
  }

  async latest(origin?: string): Promise<CheckpointRecord | undefined> {
    const row = (
      origin === undefined
        ? this.prepared(`SELECT ${checkpointColumns} FROM checkpoint ORDER BY size DESC, origin LIMIT 1`).get()
        : this.prepared(`SELECT ${checkpointColumns} FROM checkpoint WHERE origin = ? ORDER BY size DESC LIMIT 1`).get(origin)
    ) as Record<string, unknown> | undefined;
    return row && toCheckpointRecord(row);
  }

  async at(origin: string, size: number): Promise<CheckpointRecord | undefined> {
    return this.atNow(origin, size);
  }

  async list(): Promise<readonly CheckpointRecord[]> {
    return (this.prepared(`SELECT ${checkpointColumns} FROM checkpoint ORDER BY origin, size`).all() as Record<string, unknown>[]).map(toCheckpointRecord);
  }
}
