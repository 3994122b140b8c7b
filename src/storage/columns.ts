import type { Cell, Row } from '../projections/memory.js';
import type { ColumnType, TableDef } from '../projections/tables.js';

/** Field names are camelCase in code and snake_case in SQL: `valueMinor` ↔ `value_minor`. */
export function snake(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export interface ColumnMap {
  readonly fields: readonly string[];
  readonly columns: readonly string[];
  readonly types: readonly ColumnType[];
}

export function columnMap(def: TableDef): ColumnMap {
  const fields = Object.keys(def.columns);
  return { fields, columns: fields.map(snake), types: fields.map((field) => def.columns[field] as ColumnType) };
}

/** Turns a stored row (snake_case, integers possibly bigint or numeric strings) into a projection row. */
export function fromStored(map: ColumnMap, stored: Record<string, unknown>): Row {
  const row: Record<string, Cell> = {};
  map.fields.forEach((field, index) => {
    const value = stored[map.columns[index] as string];
    const type = map.types[index];
    if (value === null || value === undefined) row[field] = null;
    else if (type === 'money') row[field] = BigInt(value as bigint | string | number);
    else if (type === 'int' || type === 'int?') row[field] = Number(value);
    else row[field] = String(value);
  });
  return row;
}

/** The values of a row in column order, for binding. */
export function toParams(map: ColumnMap, row: Row): Cell[] {
  return map.fields.map((field) => row[field] ?? null);
}
