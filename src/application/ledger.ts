import { canonicalJson, parseWithMinor } from '../audit/canonical.js';
import { chainHash, checkRow, genesisHash, sha256Hex } from '../audit/chain.js';
import type { CommandEnvelope } from '../contract/commands.js';
import type { Command } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { DomainError, assert } from '../domain/errors.js';
import { transfersNamedBy } from '../domain/evidence.js';
import type { DomainEvent } from '../domain/events.js';
import { limits } from '../domain/limits.js';
import type { StateView } from '../domain/state.js';
import { transferOrigins, transfersOfEvent } from '../domain/transfers.js';
import { MemoryState } from '../projections/memory.js';
import { project } from '../projections/project.js';
import { tables, type TableName } from '../projections/tables.js';
import type { ChainHead, Clock, CommandRow, LedgerStore, LogRow, WriteTx } from './ports.js';
import { stateView } from './state-view.js';

/** How one command ended. A rejected command wrote nothing. */
export type CommandResult =
  | { readonly commandId: string; readonly status: 'applied' | 'replayed'; readonly events: readonly RecordedEvent[] }
  | { readonly commandId: string; readonly status: 'rejected'; readonly error: { readonly code: string; readonly message: string; readonly path?: string } };

export interface RecordedEvent {
  readonly seq: number;
  readonly type: string;
  readonly event: DomainEvent;
}

export interface ExecuteOptions {
  /** All-or-nothing (default): one rejection rolls back the batch. Otherwise apply the valid ones. */
  readonly continueOnError?: boolean;
  /** The account making the writes, recorded (and hashed) on every event of the batch. Default 'system'. */
  readonly actor?: string;
  /**
   * Called just before each new command is decided, with the state the decision will see; a
   * DomainError it throws rejects that command like a rule the command broke. Replays of
   * already-applied command ids return their stored result without being authorized again.
   */
  readonly authorize?: (command: Command, view: StateView) => void;
}

export interface StreamOptions extends ExecuteOptions {
  /** Commands decided and written together inside the one transaction (default 1,000). */
  readonly chunkSize?: number;
  /** Called after each chunk with the number of commands taken so far. */
  readonly onProgress?: (commands: number) => void;
  /** Decide and write everything, report what would happen, then roll it all back. */
  readonly dryRun?: boolean;
}

/**
 * A stream of commands, or a function that makes one given the ledger's state. The state is
 * read inside the transaction: it holds everything decided before the stream started and the
 * chunks decided since, but not the commands the stream has produced and not yet handed over
 * (up to one chunk), which a reader keeps track of itself.
 */
export type CommandSource =
  | AsyncIterable<CommandEnvelope>
  | Iterable<CommandEnvelope>
  | ((view: StateView) => AsyncIterable<CommandEnvelope> | Iterable<CommandEnvelope>);

/** Carries a dry run's summary out of the transaction it rolls back. */
class DryRunDone extends Error {
  constructor(readonly summary: StreamSummary) {
    super('dry run');
  }
}

/** The outcome of a stream: counts, and the rejected commands (the first `rejectedKeptMax` of them). */
export interface StreamSummary {
  readonly applied: number;
  readonly replayed: number;
  readonly rejectedCount: number;
  readonly rejected: readonly CommandResult[];
  readonly events: number;
}

const rejectedKeptMax = 1000;

/** Raised when an all-or-nothing batch has a rejected command; nothing was written. */
export class BatchRejected extends Error {
  constructor(readonly results: readonly CommandResult[]) {
    const first = results.find((result) => result.status === 'rejected');
    super(first?.status === 'rejected' ? `${first.commandId}: ${first.error.message}` : 'batch rejected');
  }
}

const catchUpPageSize = 10_000;
const entityTables = (Object.keys(tables) as TableName[]).filter((name) => tables[name].mode === 'entity');

/**
 * The write side: command → validate → decide → append + project, in one transaction.
 * The entity state decisions read is held in memory and caught up from the log at the start of
 * every transaction, so several processes may write to one store.
 */
export class Ledger {
  private knownSeq = 0;
  private knownHash = genesisHash;
  /** Set when memory could not be reloaded after a failure; the next batch reloads first. */
  private stale = false;
  /** The in-memory state belongs to one batch at a time. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly store: LedgerStore,
    private memory: MemoryState,
    private readonly clock: Clock,
  ) {}

  /** Opens a ledger over a store, loading the entity tables it decides on. */
  static async open(store: LedgerStore, clock: Clock): Promise<Ledger> {
    const memory = new MemoryState();
    const ledger = new Ledger(store, memory, clock);
    await ledger.reload();
    return ledger;
  }

  /**
   * Loads the entity tables and the head they correspond to. Under the write lock, so that no
   * other writer commits between reading the head and reading the tables.
   */
  private async reload(): Promise<void> {
    await this.store.writeTransaction(async (tx) => {
      const head = await tx.head();
      if (head.seq > 0) {
        const [row] = await tx.readEvents(head.seq - 1, 1);
        if (!row) throw new DomainError('CHAIN_BROKEN', `event_log seq ${head.seq}: the row is gone`);
        checkOwnHead(row, head.hash);
      }
      for (const name of entityTables) {
        for (const row of await tx.readTable(name)) this.memory.load(name, row);
      }
      this.knownSeq = head.seq;
      this.knownHash = head.hash;
    });
  }

  /** Applies a batch of validated commands in one transaction. Calls on one ledger take turns. */
  execute(envelopes: readonly CommandEnvelope[], options: ExecuteOptions = {}): Promise<readonly CommandResult[]> {
    const run = this.turn.then(() => this.executeNow(envelopes, options));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async executeNow(envelopes: readonly CommandEnvelope[], options: ExecuteOptions): Promise<readonly CommandResult[]> {
    if (envelopes.length > limits.commandsPerBatchMax) {
      throw new DomainError('LIMIT_EXCEEDED', `batch: ${envelopes.length} commands, at most ${limits.commandsPerBatchMax} per batch`);
    }
    assert(options.actor !== '', 'the actor of a batch is not empty');
    if (this.stale) await this.resync();
    let tracking = false;
    try {
      const outcome = await this.store.writeTransaction(async (tx) => {
        const head = await this.catchUp(tx);
        const existing = await tx.findCommands(envelopes.map((envelope) => envelope.commandId));
        const transfers = await transfersNamed(tx, envelopes);
        this.memory.begin();
        tracking = true;
        const run = this.decideAll(envelopes, existing, transfers, head, options);
        if (run.rejected && !options.continueOnError) throw new BatchRejected(run.results);
        await tx.write({ log: run.log, commands: run.commands, changes: this.memory.changes() });
        return run;
      });
      // Committed: the batch's changes to memory stand.
      this.memory.commit();
      tracking = false;
      if (outcome.log.length > 0) {
        const last = outcome.log[outcome.log.length - 1] as LogRow;
        this.knownSeq = last.seq;
        this.knownHash = last.hash;
      }
      return await this.withStoredEvents(outcome.results);
    } catch (error) {
      // The transaction did not commit (or its outcome is unknown): forget what the batch did to
      // memory; events it may have stored are read back by the next catch-up.
      if (tracking) this.memory.rollback();
      else if (!(error instanceof BatchRejected)) await this.resync().catch(() => (this.stale = true));
      throw error;
    }
  }

  /**
   * Applies a stream of commands of any length in ONE transaction, deciding and writing it in
   * chunks, so memory stays flat in the stream's length: all of it is stored, or (all-or-nothing,
   * the default) none of it. The stream is read while the write lock is held.
   */
  executeStream(source: CommandSource, options: StreamOptions = {}): Promise<StreamSummary> {
    const run = this.turn.then(() => this.executeStreamNow(source, options));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async executeStreamNow(source: CommandSource, options: StreamOptions): Promise<StreamSummary> {
    const chunkSize = options.chunkSize ?? 1000;
    assert(chunkSize >= 1 && chunkSize <= limits.commandsPerBatchMax, `chunk size ${chunkSize} out of range`);
    assert(options.actor !== '', 'the actor of a batch is not empty');
    if (this.stale) await this.resync();
    let tracking = false;
    try {
      const outcome = await this.store.writeTransaction(async (tx) => {
        let head = await this.catchUp(tx);
        this.memory.begin();
        tracking = true;
        const tally = { applied: 0, replayed: 0, rejectedCount: 0, rejected: [] as CommandResult[], events: 0 };
        let taken = 0;
        const writeChunk = async (chunk: readonly CommandEnvelope[]) => {
          const existing = await tx.findCommands(chunk.map((envelope) => envelope.commandId));
          const run = this.decideAll(chunk, existing, await transfersNamed(tx, chunk), head, options);
          for (const result of run.results) {
            if (result.status === 'applied') tally.applied += 1;
            else if (result.status === 'replayed') tally.replayed += 1;
            else {
              tally.rejectedCount += 1;
              if (tally.rejected.length < rejectedKeptMax) tally.rejected.push(result);
            }
          }
          if (run.rejected && !options.continueOnError) throw new BatchRejected(tally.rejected);
          await tx.write({ log: run.log, commands: run.commands, changes: this.memory.flush() });
          const last = run.log[run.log.length - 1];
          if (last) head = { seq: last.seq, hash: last.hash };
          tally.events += run.log.length;
          taken += chunk.length;
          options.onProgress?.(taken);
        };
        let chunk: CommandEnvelope[] = [];
        for await (const envelope of typeof source === 'function' ? source(stateView(this.memory)) : source) {
          chunk.push(envelope);
          if (chunk.length === chunkSize) {
            await writeChunk(chunk);
            chunk = [];
          }
        }
        if (chunk.length > 0) await writeChunk(chunk);
        if (options.dryRun) throw new DryRunDone(tally);
        return { summary: tally as StreamSummary, head };
      });
      this.memory.commit();
      tracking = false;
      this.knownSeq = outcome.head.seq;
      this.knownHash = outcome.head.hash;
      return outcome.summary;
    } catch (error) {
      if (tracking) this.memory.rollback();
      else if (!(error instanceof BatchRejected)) await this.resync().catch(() => (this.stale = true));
      if (error instanceof DryRunDone) return error.summary;
      throw error;
    }
  }

  /** Convenience for one command: applies it or throws its DomainError. */
  async executeOne(envelope: CommandEnvelope): Promise<CommandResult> {
    try {
      const [result] = await this.execute([envelope]);
      return result as CommandResult;
    } catch (error) {
      if (error instanceof BatchRejected) {
        const result = error.results.find((r) => r.status === 'rejected');
        if (result?.status === 'rejected') throw new DomainError(result.error.code as never, result.error.message, result.error.path);
      }
      throw error;
    }
  }

  /** Starts memory afresh from the store, after a failure left it in doubt. */
  private async resync(): Promise<void> {
    this.memory = new MemoryState();
    this.stale = true;
    await this.reload();
    this.stale = false;
  }

  /**
   * Unless the store vouches that nobody wrote since this ledger's last write, reads, under the
   * write lock, the head row this process last saw and every row after it:
   * the head must still match its hash (nothing is chained to an altered row), and rows other
   * writers appended are verified and applied. One query in the common case.
   */
  private async catchUp(tx: WriteTx): Promise<ChainHead> {
    if (await tx.quietSince(this.knownSeq)) return this.head;
    let from = Math.max(0, this.knownSeq - 1);
    for (;;) {
      const rows = await tx.readEvents(from, catchUpPageSize);
      let index = 0;
      if (from < this.knownSeq) {
        const own = rows[0];
        if (own?.seq !== this.knownSeq) throw new DomainError('CHAIN_BROKEN', `event_log seq ${this.knownSeq}: the row is gone`);
        checkOwnHead(own, this.knownHash);
        index = 1;
      }
      for (; index < rows.length; index += 1) {
        const row = rows[index] as LogRow;
        const broken = checkRow(this.knownSeq, this.knownHash, row);
        if (broken) throw new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}`);
        project(parseWithMinor<DomainEvent>(row.payload), row.seq, this.memory);
        // Advance row by row: what is applied to memory is exactly what this process knows.
        this.knownSeq = row.seq;
        this.knownHash = row.hash;
      }
      if (rows.length < catchUpPageSize) return this.head;
      from = this.knownSeq;
    }
  }

  /** `transfers`: those the commands name that exist; the batch adds the transfers it records. */
  private decideAll(envelopes: readonly CommandEnvelope[], existing: ReadonlyMap<string, CommandRow>, transfers: Set<string>, head: ChainHead, options: ExecuteOptions) {
    const view = stateView(this.memory, transfers);
    const log: LogRow[] = [];
    const commands: CommandRow[] = [];
    const results: CommandResult[] = [];
    const seen = new Map<string, CommandRow>(existing);
    const recordedAt = this.clock.now();
    const actor = options.actor ?? 'system';
    let seq = head.seq;
    let prevHash = head.hash;
    let rejected = false;
    for (const { commandId, command } of envelopes) {
      const bodyHash = bodyHashOf(command);
      const earlier = seen.get(commandId);
      if (earlier) {
        results.push(this.replay(commandId, bodyHash, earlier, log));
        rejected ||= results[results.length - 1]?.status === 'rejected';
        continue;
      }
      let events: DomainEvent[];
      try {
        options.authorize?.(command, view);
        events = decide(command, view, commandId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ commandId, status: 'rejected', error: errorBody(error) });
        rejected = true;
        if (!options.continueOnError) break;
        continue;
      }
      assert(events.length > 0, `${command.type} decided no events`);
      const recorded: RecordedEvent[] = [];
      for (const event of events) {
        seq += 1;
        const payload = canonicalJson(event);
        const hash = chainHash(prevHash, { seq, actor, commandId, type: event.type, payload, recordedAt });
        log.push({ seq, actor, commandId, type: event.type, payload, recordedAt, prevHash, hash });
        prevHash = hash;
        project(event, seq, this.memory);
        for (const transferId of transfersOfEvent(event)) transfers.add(transferId);
        recorded.push({ seq, type: event.type, event });
      }
      const commandRow = { commandId, bodyHash, firstSeq: recorded[0]?.seq ?? seq, lastSeq: seq };
      commands.push(commandRow);
      seen.set(commandId, commandRow);
      results.push({ commandId, status: 'applied', events: recorded });
    }
    return { log, commands, results, rejected };
  }

  /** The same id again: the same body returns the original result; another body is refused. */
  private replay(commandId: string, bodyHash: string, earlier: CommandRow, pending: readonly LogRow[]): CommandResult {
    if (earlier.bodyHash !== bodyHash) {
      return {
        commandId,
        status: 'rejected',
        error: { code: 'COMMAND_ID_REUSED', message: `id: command id "${commandId}" was already used for a different command`, path: 'id' },
      };
    }
    const rows = pending.filter((row) => row.seq >= earlier.firstSeq && row.seq <= earlier.lastSeq);
    return { commandId, status: 'replayed', events: rows.map(toRecorded) };
  }

  /** Fills in the events of replayed commands that were applied in earlier transactions. */
  private async withStoredEvents(results: readonly CommandResult[]): Promise<readonly CommandResult[]> {
    if (!results.some((result) => result.status === 'replayed')) return results;
    return Promise.all(
      results.map(async (result) => {
        if (result.status !== 'replayed' || result.events.length > 0) return result;
        return { ...result, events: (await this.store.eventsOfCommand(result.commandId)).map(toRecorded) };
      }),
    );
  }

  get head(): ChainHead {
    return { seq: this.knownSeq, hash: this.knownHash };
  }

  /** Entity rows as this process knows them (for tests comparing with storage). */
  entityRows(table: TableName) {
    return this.memory.all(table);
  }
}

/** The head row this process verified earlier must still hash to what it hashed to then. */
function checkOwnHead(row: LogRow, knownHash: string): void {
  const broken = checkRow(row.seq - 1, row.prevHash, row);
  if (broken) throw new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}; run "aidtrace verify"`);
  if (row.hash !== knownHash) throw new DomainError('CHAIN_BROKEN', `event_log seq ${row.seq}: hash differs from the one this process verified`);
}

/**
 * What idempotency compares: the command without its provenance. The provenance says where a
 * record was read (file, line); the same record read again from a renamed file, or from a newer
 * download in which it moved to another line, is the same command and replays. A changed figure
 * under the same id is still another command.
 */
function bodyHashOf(command: Command): string {
  if (command.provenance === undefined) return sha256Hex(canonicalJson(command));
  const { provenance: _provenance, ...body } = command;
  return sha256Hex(canonicalJson(body));
}

function toRecorded(row: LogRow): RecordedEvent {
  return { seq: row.seq, type: row.type, event: parseWithMinor<DomainEvent>(row.payload) };
}

function errorBody(error: DomainError): { code: string; message: string; path?: string } {
  return error.path === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, path: error.path };
}

/** A clock that reads the system time. */
export const systemClock: Clock = { now: () => new Date().toISOString() };

/**
 * The transfers the commands name (evidence about a transfer) that the ledger holds, read from
 * the store under the write lock: transfer rows are append-only and not kept in memory.
 */
async function transfersNamed(tx: WriteTx, envelopes: readonly CommandEnvelope[]): Promise<Set<string>> {
  const named = [...new Set(envelopes.flatMap((envelope) => transfersNamedBy(envelope.command)))];
  if (named.length === 0) return new Set();
  const origins = new Map(named.map((id) => [id, transferOrigins(id)]));
  const types = await tx.eventTypesOf([...origins.values()].flatMap((list) => list.map((origin) => origin.commandId)));
  return new Set(named.filter((id) => (origins.get(id) ?? []).some((origin) => types.get(origin.commandId)?.includes(origin.eventType))));
}
