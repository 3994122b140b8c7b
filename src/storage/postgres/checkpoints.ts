import type { CheckpointRecord, CheckpointStore } from '../../application/ports.js';
import { DomainError } from '../../domain/errors.js';
import { checkCheckpointRecord, checkpointColumns, checkpointParams, mergeCheckpoints, toCheckpointRecord } from '../checkpoints.js';
import { isConnectionLoss, type PgDriver } from './driver.js';

/** Held while a checkpoint is merged, so two cosigned copies arriving at once both keep their signatures. */
const checkpointLockKey = 1_633_837_926;

/**
 * Signed checkpoints in the ledger database, beside the log like the accounts (`access.ts`):
 * outside the ledger's write lock, each write in a short transaction of its own.
 */
export class PgCheckpoints implements CheckpointStore {
  constructor(
    private readonly driver: PgDriver,
    private readonly location: string,
  ) {}

  private mapped(error: unknown): unknown {
    if (error instanceof DomainError || !isConnectionLoss(error)) return error;
    return new DomainError('STORE_UNAVAILABLE', `database: ${this.location} went away (${(error as Error).message})`);
  }

  private async read(sql: string, params: readonly unknown[] = []): Promise<CheckpointRecord[]> {
    try {
      return (await this.driver.query(sql, params)).map(toCheckpointRecord);
    } catch (error) {
      throw this.mapped(error);
    }
  }

  async add(checkpoint: CheckpointRecord): Promise<CheckpointRecord> {
    checkCheckpointRecord(checkpoint);
    let session;
    try {
      session = await this.driver.session();
    } catch (error) {
      throw this.mapped(error);
    }
    let failed = true;
    try {
      await session.query('BEGIN');
      await session.query('SELECT pg_advisory_xact_lock($1)', [checkpointLockKey]);
      const [row] = await session.query(`SELECT ${checkpointColumns} FROM checkpoint WHERE origin = $1 AND size = $2`, [checkpoint.origin, checkpoint.size]);
      let result: CheckpointRecord;
      if (row === undefined) {
        await session.query(`INSERT INTO checkpoint (${checkpointColumns}) VALUES ($1, $2, $3, $4, $5)`, checkpointParams(checkpoint));
        result = checkpoint;
      } else {
        const kept = toCheckpointRecord(row);
        const merged = mergeCheckpoints(kept, checkpoint);
        if (merged !== undefined) await session.query('UPDATE checkpoint SET note = $1 WHERE origin = $2 AND size = $3', [merged.note, merged.origin, merged.size]);
        result = merged ?? kept;
      }
      await session.query('COMMIT');
      failed = false;
      return result;
    } catch (error) {
      throw this.mapped(error);
    } finally {
      if (failed) await session.query('ROLLBACK').catch(() => undefined);
      session.release(failed);
    }
  }

  async latest(origin?: string): Promise<CheckpointRecord | undefined> {
    const [record] =
      origin === undefined
        ? await this.read(`SELECT ${checkpointColumns} FROM checkpoint ORDER BY size DESC, origin COLLATE "C" LIMIT 1`)
        : await this.read(`SELECT ${checkpointColumns} FROM checkpoint WHERE origin = $1 ORDER BY size DESC LIMIT 1`, [origin]);
    return record;
  }

  async at(origin: string, size: number): Promise<CheckpointRecord | undefined> {
    const [record] = await this.read(`SELECT ${checkpointColumns} FROM checkpoint WHERE origin = $1 AND size = $2`, [origin, size]);
    return record;
  }

  async list(): Promise<readonly CheckpointRecord[]> {
    return this.read(`SELECT ${checkpointColumns} FROM checkpoint ORDER BY origin COLLATE "C", size`);
  }
}
