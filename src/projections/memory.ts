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
};

export function keyOf(table: TableName, row: Row): string {
  return tables[table].key.map((column) => String(row[column])).join('\u0000');
}

const keyText = (key: readonly Cell[]): string => key.map(String).join('\u0000');

/**
 * The entity tables held in memory: the state decisions read. Changes made inside a unit of
 * work are tracked so they can be written to storage, or undone if the unit of work fails.
 */
export class MemoryState implements RowSink {
  private readonly rows = new Map<TableName, Map<string, Row>>();
  private readonly children = new Map<TableName, Map<string, Map<string, Row>>>();
  private undo: { table: TableName; key: string; before: Row | undefined }[] | undefined;
  private dirty = new Map<TableName, Map<string, Row>>();
  private appended = new Map<TableName, Row[]>();

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
    if (this.undo) this.undo.push({ table, key, before: byKey.get(key) });
    byKey.set(key, row);
    this.index(table, key, row);
    if (this.undo) {
      let changed = this.dirty.get(table);
      if (!changed) this.dirty.set(table, (changed = new Map()));
      changed.set(key, row);
    }
  }

  append(table: TableName, row: Row): void {
    assert(tables[table].mode === 'append', `append on entity table ${table}`);
    if (!this.undo) return;
    let list = this.appended.get(table);
    if (!list) this.appended.set(table, (list = []));
    list.push(row);
  }

  /** Load a row read from storage, outside any unit of work. */
  load(table: TableName, row: Row): void {
    assert(this.undo === undefined, 'load inside a unit of work');
    this.put(table, row);
  }

  /** Starts tracking changes. */
  begin(): void {
    assert(this.undo === undefined, 'unit of work already open');
    this.undo = [];
  }

  /** Ends tracking and hands over what changed, for storage to write. */
  commit(): RowChanges {
    assert(this.undo !== undefined, 'no unit of work open');
    const changes: RowChanges = {
      puts: new Map([...this.dirty].map(([table, rows]) => [table, [...rows.values()]])),
      appends: this.appended,
    };
    this.undo = undefined;
    this.dirty = new Map();
    this.appended = new Map();
    return changes;
  }

  /** Undoes every change since `begin`. */
  rollback(): void {
    assert(this.undo !== undefined, 'no unit of work open');
    for (const { table, key, before } of this.undo.reverse()) {
      const byKey = this.rows.get(table) as Map<string, Row>;
      if (before === undefined) {
        const row = byKey.get(key);
        byKey.delete(key);
        if (row) this.unindex(table, key, row);
      } else {
        byKey.set(key, before);
        this.index(table, key, before);
      }
    }
    this.undo = undefined;
    this.dirty = new Map();
    this.appended = new Map();
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
