import { assert } from '../domain/errors.js';
import type { TableName } from './tables.js';
import { tables } from './tables.js';

export type Cell = string | number | bigint | null;
export type Row = Readonly<Record<string, Cell>>;

/** What a projection writes to: entity rows by key, and rows appended to the append tables. */
export interface RowSink {
  get(table: TableName, key: readonly Cell[]): Row | undefined;
  put(table: TableName, row: Row): void;
  append(table: TableName, row: Row): void;
}

/** The changes of one unit of work, in the order a store must write them. */
export interface RowChanges {
  readonly puts: ReadonlyMap<TableName, readonly Row[]>;
  readonly appends: ReadonlyMap<TableName, readonly Row[]>;
}

/** Child lookups decisions make: lines of a package, of a contract, of a shipment; contracts of a package. */
const parentColumn: Partial<Record<TableName, string>> = {
  packageLine: 'packageId',
  contractLine: 'contractId',
  shipmentLine: 'shipmentId',
  contract: 'packageId',
  account: 'id',
  evidence: 'sourceId',
};

export function keyOf(table: TableName, row: Row): string {
  const columns = tables[table].key;
  let text = String(row[columns[0] as string]);
  for (let index = 1; index < columns.length; index += 1) text += `\u0000${String(row[columns[index] as string])}`;
  return text;
}

function keyText(key: readonly Cell[]): string {
  let text = String(key[0]);
  for (let index = 1; index < key.length; index += 1) text += `\u0000${String(key[index])}`;
  return text;
}

/**
 * The entity tables held in memory: the state decisions read. Changes made inside a unit of
 * work are tracked so they can be written to storage, or undone if the unit of work fails.
 */
export class MemoryState implements RowSink {
  private readonly rows = new Map<TableName, Map<string, Row>>();
  private readonly children = new Map<TableName, Map<string, Map<string, Row>>>();
  /** While a unit of work is open: each changed row's image before it, by table and key. */
  private before: Map<TableName, Map<string, Row | undefined>> | undefined;
  private appended = new Map<TableName, Row[]>();
  /** Keys put since the last `flush`, when a unit of work is written in several parts. */
  private dirty = new Map<TableName, Set<string>>();
  private flushed = false;

  get(table: TableName, key: readonly Cell[]): Row | undefined {
    return this.rows.get(table)?.get(keyText(key));
  }

  childrenOf(table: TableName, parent: string): readonly Row[] {
    const group = this.children.get(table)?.get(parent);
    return group ? [...group.values()] : [];
  }

  all(table: TableName): readonly Row[] {
    return [...(this.rows.get(table)?.values() ?? [])];
  }

  put(table: TableName, row: Row): void {
    assert(tables[table].mode === 'entity', `put on append table ${table}`);
    const key = keyOf(table, row);
    let byKey = this.rows.get(table);
    if (!byKey) this.rows.set(table, (byKey = new Map()));
    if (this.before) {
      let images = this.before.get(table);
      if (!images) this.before.set(table, (images = new Map()));
      if (!images.has(key)) images.set(key, byKey.get(key));
      let keys = this.dirty.get(table);
      if (!keys) this.dirty.set(table, (keys = new Set()));
      keys.add(key);
    }
    byKey.set(key, row);
    this.index(table, key, row);
  }

  append(table: TableName, row: Row): void {
    assert(tables[table].mode === 'append', `append on entity table ${table}`);
    if (!this.before) return;
    let list = this.appended.get(table);
    if (!list) this.appended.set(table, (list = []));
    list.push(row);
  }

  /** Load a row read from storage, outside any unit of work. */
  load(table: TableName, row: Row): void {
    assert(this.before === undefined, 'load inside a unit of work');
    this.put(table, row);
  }

  /** Starts tracking changes. */
  begin(): void {
    assert(this.before === undefined, 'unit of work already open');
    this.before = new Map();
  }

  /** What changed since `begin`, for storage to write; the unit of work stays open. */
  changes(): RowChanges {
    assert(this.before !== undefined, 'no unit of work open');
    assert(!this.flushed, 'changes() after flush(): a unit of work is written whole or in parts, not both');
    const puts = new Map<TableName, Row[]>();
    for (const [table, images] of this.before) {
      const byKey = this.rows.get(table) as Map<string, Row>;
      puts.set(table, [...images.keys()].map((key) => byKey.get(key) as Row));
    }
    return { puts, appends: this.appended };
  }

  /**
   * What changed since the last flush (or `begin`), for storage to write now; the unit of work
   * stays open and `rollback` still undoes all of it. For units of work too large to write at once.
   */
  flush(): RowChanges {
    assert(this.before !== undefined, 'no unit of work open');
    this.flushed = true;
    const puts = new Map<TableName, Row[]>();
    for (const [table, keys] of this.dirty) {
      const byKey = this.rows.get(table) as Map<string, Row>;
      puts.set(table, [...keys].map((key) => byKey.get(key) as Row));
    }
    const changes = { puts, appends: this.appended };
    this.dirty = new Map();
    this.appended = new Map();
    return changes;
  }

  /** Ends tracking and hands over what changed (since the last flush, if any): the changes are now stored. */
  commit(): RowChanges {
    const changes = this.flushed ? this.flush() : this.changes();
    this.end();
    return changes;
  }

  private end(): void {
    this.before = undefined;
    this.appended = new Map();
    this.dirty = new Map();
    this.flushed = false;
  }

  /** Undoes every change since `begin`. */
  rollback(): void {
    assert(this.before !== undefined, 'no unit of work open');
    for (const [table, images] of this.before) {
      const byKey = this.rows.get(table) as Map<string, Row>;
      for (const [key, image] of images) {
        const current = byKey.get(key);
        if (current) this.unindex(table, key, current);
        if (image === undefined) {
          byKey.delete(key);
        } else {
          byKey.set(key, image);
          this.index(table, key, image);
        }
      }
    }
    this.end();
  }

  private index(table: TableName, key: string, row: Row): void {
    const column = parentColumn[table];
    if (!column) return;
    let groups = this.children.get(table);
    if (!groups) this.children.set(table, (groups = new Map()));
    const parent = String(row[column]);
    let group = groups.get(parent);
    if (!group) groups.set(parent, (group = new Map()));
    group.set(key, row);
  }

  private unindex(table: TableName, key: string, row: Row): void {
    const column = parentColumn[table];
    if (column) this.children.get(table)?.get(String(row[column]))?.delete(key);
  }
}
