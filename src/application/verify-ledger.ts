import { explainBreak } from '../audit/chain.js';
import { verifyChain, type VerifyReport } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import { MemoryState, type Cell, type Row, type RowSink } from '../projections/memory.js';
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
 * Replays the verified log once into empty projections and compares every table, one after the
 * other, with the store's rows by the table's key. The rows the log appends (transfers,
 * milestones, …) are kept from the replay as one short text per row, so the replay holds less
 * than the store's own rows of the largest table, which are read a table at a time. The
 * comparison is made against a head that stays put while the tables are read; if writers keep
 * moving it, STORE_BUSY after a few attempts.
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

/** A table's rows by key, each row as the JSON array of its cells as text (null for NULL). */
type Encoded = Map<string, string[]>;

/** How a table's rows are encoded: every cell as its column type holds it, then as text, so a number and a bigint of one value are equal. */
class Codec {
  readonly fields: readonly string[];
  readonly types: readonly ColumnType[];
  private readonly keyAt: readonly number[];

  constructor(readonly name: TableName) {
    const def = tables[name];
    this.fields = Object.keys(def.columns);
    this.types = this.fields.map((field) => (def.columns as Record<string, ColumnType>)[field] as ColumnType);
    this.keyAt = def.key.map((field) => this.fields.indexOf(field));
  }

  cells(row: Row): (string | null)[] {
    return this.fields.map((field, index) => text(this.types[index] as ColumnType, row[field]));
  }

  key(cells: readonly (string | null)[]): string {
    return this.keyAt.map((index) => String(cells[index])).join('\u0000');
  }

  /** The key for people: `value`, or `column=value column=value`. */
  label(cells: readonly (string | null)[]): string {
    if (this.keyAt.length === 1) return String(cells[this.keyAt[0] as number]);
    return this.keyAt.map((index) => `${snake(this.fields[index] as string)}=${String(cells[index])}`).join(' ');
  }

  add(into: Encoded, row: Row): void {
    const cells = this.cells(row);
    const key = this.key(cells);
    const list = into.get(key);
    const encoded = JSON.stringify(cells);
    if (list) list.push(encoded);
    else into.set(key, [encoded]);
  }
}

function text(type: ColumnType, value: Cell | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'money') return (typeof value === 'bigint' ? value : BigInt(value)).toString();
  if (type === 'int' || type === 'int?') return String(Number(value));
  return String(value);
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const tableNames = Object.keys(tables) as TableName[];
const codecs = new Map(tableNames.map((name) => [name, new Codec(name)]));

async function compareAt(store: LedgerStore, until: number, limit: number): Promise<ProjectionCheck> {
  const { memory, appended } = await replay(store, until);
  const list: TableCheck[] = [];
  for (const name of tableNames) {
    const codec = codecs.get(name) as Codec;
    let expected = appended.get(name);
    if (tables[name].mode === 'entity') {
      expected = new Map();
      for (const row of memory.all(name)) codec.add(expected, row);
    }
    list.push(await compareTable(store, codec, expected ?? new Map(), limit));
    appended.delete(name);
  }
  const bad = (check: TableCheck) => check.missing + check.unexplained + check.differing > 0 || check.error !== undefined;
  const matching = list.reduce((sum, check) => sum + check.stored - check.unexplained - check.differing, 0);
  return { ok: !list.some(bad), events: until, matching, tables: list };
}

/** The entity tables after events 1..until, and the rows the log appends to each append table. */
async function replay(store: LedgerStore, until: number): Promise<{ memory: MemoryState; appended: Map<TableName, Encoded> }> {
  const memory = new MemoryState();
  const appended = new Map<TableName, Encoded>();
  const sink: RowSink = {
    get: (table, key) => memory.get(table, key),
    put: (table, row) => memory.put(table, row),
    append: (table, row) => {
      let rows = appended.get(table);
      if (!rows) appended.set(table, (rows = new Map()));
      (codecs.get(table) as Codec).add(rows, row);
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

async function compareTable(store: LedgerStore, codec: Codec, expected: Encoded, limit: number): Promise<TableCheck> {
  const table = tables[codec.name].name;
  let made = 0;
  for (const rows of expected.values()) made += rows.length;
  const empty = { table, rows: made, stored: 0, missing: 0, unexplained: 0, differing: 0 };
  let stored: readonly Row[];
  try {
    stored = await store.readTable(codec.name);
  } catch (error) {
    return { ...empty, findings: [], unlisted: 0, error: (error as Error).message };
  }
  const findings: ProjectionFinding[] = [];
  let unlisted = 0;
  const note = (finding: ProjectionFinding) => {
    if (findings.length < limit) findings.push(finding);
    else unlisted += 1;
  };
  let unexplained = 0;
  let differing = 0;
  for (const row of stored) {
    const cells = codec.cells(row);
    const key = codec.key(cells);
    // Append tables may in principle repeat a key: rows of one key are matched in order.
    const want = expected.get(key)?.shift();
    if (want === undefined) {
      unexplained += 1;
      note({ table, key: codec.label(cells), kind: 'unexplained' });
      continue;
    }
    if (want === JSON.stringify(cells)) continue;
    differing += 1;
    const wanted = JSON.parse(want) as (string | null)[];
    codec.fields.forEach((field, index) => {
      const [a, b] = [wanted[index] ?? null, cells[index] ?? null];
      if (a === b) return;
      const [log, has] = shown(codec.types[index] as ColumnType, a, b);
      note({ table, key: codec.label(cells), kind: 'differs', column: snake(field), log, stored: has });
    });
  }
  let missing = 0;
  for (const rows of expected.values()) {
    for (const row of rows) {
      missing += 1;
      note({ table, key: codec.label(JSON.parse(row) as (string | null)[]), kind: 'missing' });
    }
  }
  return { ...empty, stored: stored.length, missing, unexplained, differing, findings, unlisted };
}

/** Both values for people (text quoted, numbers bare): long ones cut to a window around where they first differ. */
function shown(type: ColumnType, a: string | null, b: string | null): [string, string] {
  const numeric = type === 'money' || type === 'int' || type === 'int?';
  const display = (value: string | null) => (value === null ? 'null' : numeric ? value : JSON.stringify(value));
  const x = display(a);
  const y = display(b);
  if (x.length <= shownMax && y.length <= shownMax) return [x, y];
  let at = 0;
  while (at < x.length && at < y.length && x[at] === y[at]) at += 1;
  const start = Math.max(0, at - 20);
  const cut = (value: string) => `${start > 0 ? '…' : ''}${value.slice(start, start + shownMax)}${value.length > start + shownMax ? '…' : ''}`;
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
