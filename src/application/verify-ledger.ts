import { explainBreak } from '../audit/chain.js';
import { verifyChain, type VerifyReport } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import { keyOf, MemoryState, type Cell, type Row, type RowSink } from '../projections/memory.js';
import { tables, type ColumnType, type TableName } from '../projections/tables.js';
import type { LedgerStore } from './ports.js';
import { checkedPages, projectRows } from './replay.js';

/**
 * Tamper detection: the log must be the chain it claims to be, and every projection table must
 * be exactly what the log makes of it.
 *
 * What it finds: any changed byte of an event row (its seq is named), a removed event (the first
 * missing seq), rows moved or swapped (the first seq out of place); and in the projection
 * tables, a row missing, a row the log does not explain, or a column that differs (table, key,
 * column and both values).
 *
 * What it cannot find from the ledger alone: events removed from the END of the log, and a log
 * rewritten with every later hash recomputed (with projections to match). Both leave a chain
 * that holds; only a signed checkpoint kept elsewhere (`aidtrace checkpoint`, then
 * `check-checkpoint`) shows that the tree it signed is no longer there. Removing the last events
 * while leaving their projection rows is found here, as rows the log does not explain.
 */

/** One projection row or column that disagrees with the log. Values are shown, shortened. */
export interface ProjectionFinding {
  /** The table's SQL name. */
  readonly table: string;
  /** The row's key as `value` or `column=value column=value` (SQL column names). */
  readonly key: string;
  /** missing: the log makes the row, the table lacks it; unexplained: the table has a row the log does not make. */
  readonly kind: 'missing' | 'unexplained' | 'differs';
  /** For `differs`: the SQL column name, what the log says and what the table has. */
  readonly column?: string;
  readonly log?: string;
  readonly stored?: string;
}

export interface TableCheck {
  /** The table's SQL name. */
  readonly table: string;
  /** Rows the log makes. */
  readonly rows: number;
  /** Rows the table holds. */
  readonly stored: number;
  readonly missing: number;
  readonly unexplained: number;
  /** Rows present on both sides with at least one column different. */
  readonly differing: number;
  /** The first differences (at most `findingsPerTable`); the counts above are complete. */
  readonly findings: readonly ProjectionFinding[];
  /** Differences found beyond those listed. */
  readonly unlisted: number;
  /** Set when the table could not be read at all (a value of the wrong type, say). */
  readonly error?: string;
}

export interface ProjectionCheck {
  readonly ok: boolean;
  /** The events replayed. */
  readonly events: number;
  /** Rows, over all tables, that match the log. */
  readonly matching: number;
  readonly tables: readonly TableCheck[];
}

export interface CheckOptions {
  /** How many differences to list per table (default 10); the counts are always complete. */
  readonly findingsPerTable?: number;
}

const defaultFindings = 10;
const attemptsMax = 3;
const shownMax = 60;

/**
 * Replays the verified log into empty projections and compares every table with the store's
 * rows by the table's key. Memory stays at one append table (and the entity tables) at a time:
 * the log is replayed once per append table (transfers, milestones, …), collecting only that
 * table's rows. The comparison is made against a head that stays put while the tables are read;
 * if writers keep moving it, STORE_BUSY after a few attempts.
 */
export async function checkProjections(store: LedgerStore, options: CheckOptions = {}): Promise<ProjectionCheck> {
  const limit = options.findingsPerTable ?? defaultFindings;
  for (let attempt = 1; attempt <= attemptsMax; attempt += 1) {
    const head = await store.head();
    const checked = await compareAt(store, head.seq, limit);
    const after = await store.head();
    if (after.seq === head.seq && after.hash === head.hash) return checked;
  }
  throw new DomainError('STORE_BUSY', `verify: the ledger moved during each of ${attemptsMax} comparisons of its projections; try again when writes pause`);
}

const entityTables = (Object.keys(tables) as TableName[]).filter((name) => tables[name].mode === 'entity');
const appendTables = (Object.keys(tables) as TableName[]).filter((name) => tables[name].mode === 'append');

async function compareAt(store: LedgerStore, until: number, limit: number): Promise<ProjectionCheck> {
  const checks = new Map<TableName, TableCheck>();
  const passes: readonly (TableName | undefined)[] = appendTables.length > 0 ? appendTables : [undefined];
  for (const [index, collect] of passes.entries()) {
    const { memory, appended } = await replay(store, until, collect);
    if (index === 0) {
      for (const name of entityTables) checks.set(name, await compareTable(store, name, memory.all(name), limit));
    }
    if (collect !== undefined) checks.set(collect, await compareTable(store, collect, appended, limit));
  }
  const list = (Object.keys(tables) as TableName[]).map((name) => checks.get(name) as TableCheck);
  const bad = (check: TableCheck) => check.missing + check.unexplained + check.differing > 0 || check.error !== undefined;
  const matching = list.reduce((sum, check) => sum + check.stored - check.unexplained - check.differing, 0);
  return { ok: !list.some(bad), events: until, matching, tables: list };
}

/** The entity tables after events 1..until, and the rows the log appends to `collect`. */
async function replay(store: LedgerStore, until: number, collect: TableName | undefined): Promise<{ memory: MemoryState; appended: Row[] }> {
  const memory = new MemoryState();
  const appended: Row[] = [];
  const sink: RowSink = {
    get: (table, key) => memory.get(table, key),
    put: (table, row) => memory.put(table, row),
    append: (table, row) => {
      if (table === collect) appended.push(row);
    },
  };
  const pages = checkedPages(
    (afterSeq, count) => store.readEvents(afterSeq, count),
    (broken) => new DomainError('CHAIN_BROKEN', `event_log seq ${broken.seq}: ${broken.reason}`),
    until,
  );
  for await (const rows of pages) projectRows(rows, sink);
  return { memory, appended };
}

/** A cell as its column type holds it, so a number and a bigint of one value are equal. */
function normal(type: ColumnType, value: Cell | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (type === 'money') return typeof value === 'bigint' ? value : BigInt(value);
  if (type === 'int' || type === 'int?') return Number(value);
  return String(value);
}

function normalRow(columns: readonly [string, ColumnType][], row: Row): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [field, type] of columns) out[field] = normal(type, row[field]);
  return out;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function keyLabel(name: TableName, row: Row): string {
  const key = tables[name].key;
  if (key.length === 1) return String(row[key[0] as string]);
  return key.map((field) => `${snake(field)}=${String(row[field])}`).join(' ');
}

async function compareTable(store: LedgerStore, name: TableName, made: readonly Row[], limit: number): Promise<TableCheck> {
  const def = tables[name];
  const columns = Object.entries(def.columns) as [string, ColumnType][];
  const empty = { table: def.name, rows: made.length, stored: 0, missing: 0, unexplained: 0, differing: 0 };
  let stored: readonly Row[];
  try {
    stored = await store.readTable(name);
  } catch (error) {
    return { ...empty, findings: [], unlisted: 0, error: (error as Error).message };
  }
  // Append tables may in principle repeat a key: rows of one key are matched in order.
  const expected = new Map<string, Record<string, Cell>[]>();
  for (const row of made) {
    const normalised = normalRow(columns, row);
    const key = keyOf(name, normalised);
    const list = expected.get(key);
    if (list) list.push(normalised);
    else expected.set(key, [normalised]);
  }
  const findings: ProjectionFinding[] = [];
  let unlisted = 0;
  const note = (finding: ProjectionFinding) => {
    if (findings.length < limit) findings.push(finding);
    else unlisted += 1;
  };
  let unexplained = 0;
  let differing = 0;
  for (const raw of stored) {
    const row = normalRow(columns, raw);
    const key = keyOf(name, row);
    const want = expected.get(key)?.shift();
    if (want === undefined) {
      unexplained += 1;
      note({ table: def.name, key: keyLabel(name, row), kind: 'unexplained' });
      continue;
    }
    let differs = false;
    for (const [field] of columns) {
      if (want[field] === row[field]) continue;
      differs = true;
      const [log, has] = shown(want[field] ?? null, row[field] ?? null);
      note({ table: def.name, key: keyLabel(name, row), kind: 'differs', column: snake(field), log, stored: has });
    }
    if (differs) differing += 1;
  }
  let missing = 0;
  for (const left of expected.values()) {
    for (const row of left) {
      missing += 1;
      note({ table: def.name, key: keyLabel(name, row), kind: 'missing' });
    }
  }
  return { ...empty, stored: stored.length, missing, unexplained, differing, findings, unlisted };
}

function display(value: Cell): string {
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Both values for people: long ones cut to a window around where they first differ. */
function shown(a: Cell, b: Cell): [string, string] {
  const x = display(a);
  const y = display(b);
  if (x.length <= shownMax && y.length <= shownMax) return [x, y];
  let at = 0;
  while (at < x.length && at < y.length && x[at] === y[at]) at += 1;
  const start = Math.max(0, at - 20);
  const cut = (text: string) => `${start > 0 ? '…' : ''}${text.slice(start, start + shownMax)}${text.length > start + shownMax ? '…' : ''}`;
  return [cut(x), cut(y)];
}

/** The whole verification: the chain and the Merkle tree, then (if the chain holds) the projections. */
export interface LedgerVerification extends VerifyReport {
  /** Absent when the chain is broken (the projections are not compared then) or when only the chain was asked for. */
  readonly projections?: ProjectionCheck;
}

export interface VerifyOptions extends CheckOptions {
  /** Verify the chain and tree only, without the projection comparison. */
  readonly chainOnly?: boolean;
}

/**
 * Verifies the chain and the tree from the first event; if the chain holds, compares every
 * projection table with the log. `ok` only when both hold. A break names its seq: a changed row,
 * the first missing seq of a gap, the first row out of place. Events removed from the end of the
 * log cannot be seen from the log alone: that is what signed checkpoints are for.
 */
export async function verifyLedger(store: LedgerStore, options: VerifyOptions = {}): Promise<LedgerVerification> {
  const chain = await verifyChain(store);
  if (chain.firstBreak) return { ...chain, firstBreak: explainBreak(chain.events, chain.firstBreak) };
  if (options.chainOnly) return chain;
  const projections = await checkProjections(store, options);
  return { ...chain, ok: projections.ok, projections };
}

/** One line per difference, as the CLI prints them. */
export function describeFinding(finding: ProjectionFinding): string {
  const where = `projection ${finding.table} key ${finding.key}`;
  if (finding.kind === 'missing') return `${where}: missing (the log makes this row, the table lacks it)`;
  if (finding.kind === 'unexplained') return `${where}: not explained by the log (no event makes this row)`;
  return `${where} column ${finding.column}: log says ${finding.log}, table has ${finding.stored}`;
}

/** Every finding of a verification as lines for people, with a count line for a table whose list was cut. */
export function findingLines(result: LedgerVerification): string[] {
  const lines: string[] = [];
  if (result.firstBreak) {
    lines.push(`event_log seq ${result.firstBreak.seq}: ${result.firstBreak.reason}`);
    lines.push(`chain broken at seq ${result.firstBreak.seq} (${result.events} events before it verify); projection tables not compared`);
    return lines;
  }
  for (const check of result.projections?.tables ?? []) {
    if (check.error !== undefined) lines.push(`projection ${check.table}: cannot be read: ${check.error}`);
    for (const finding of check.findings) lines.push(describeFinding(finding));
    if (check.unlisted > 0) {
      lines.push(
        `projection ${check.table}: ${check.unlisted} more differences not listed; ${check.missing + check.unexplained + check.differing} rows disagree with the log (${check.differing} changed, ${check.missing} missing, ${check.unexplained} not explained)`,
      );
    }
  }
  return lines;
}
