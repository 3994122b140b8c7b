import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { commandSchema, parseCommand } from '../../contract/commands.js';
import { toJsonValue } from '../../contract/wire.js';
import { DomainError } from '../../domain/errors.js';
import type { Row } from '../../projections/memory.js';
import { tables, type TableName } from '../../projections/tables.js';
import { csvRecords } from '../csv/records.js';
import { csvLine } from '../csv/write.js';
import type { Exporter, Importer } from '../format.js';
import { fail, located, provenanceOf } from '../format.js';

/**
 * aidtrace's own plain formats, for spreadsheets and scripts. In: commands, one per CSV row
 * or JSON value, in the wire form the API takes. Out: the ledger's tables as they are.
 *
 * CSV: a header naming `id`, `type` and the command's fields; nested fields with dots and list
 * items with their index (`value.amount`, `value.currency`, `lines.0.quantity`); an empty cell is
 * an absent field. JSON: an array of commands, or one command per line (JSON Lines, streamed).
 * A command without a provenance gets the file and its line (or index) as its source.
 */

const csvDataset = 'aidtrace CSV commands';
const jsonDataset = 'aidtrace JSON commands';

type JsonKind = 'string' | 'integer' | 'number' | 'boolean';
interface JsonSchemaNode {
  readonly type?: string;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly items?: JsonSchemaNode;
}

/** The JSON type of every field path of every command, so CSV cells become numbers and booleans where the command wants them. */
const fieldKinds: ReadonlyMap<string, JsonSchemaNode> = new Map(
  commandSchema.options.map((option) => {
    const type = 'shape' in option ? option.shape.type.value : option.in.shape.type.value;
    return [type, z.toJSONSchema(option as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode];
  }),
);

function kindAt(schema: JsonSchemaNode | undefined, path: readonly string[]): JsonKind | undefined {
  let node = schema;
  for (const part of path) node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
  const type = node?.type;
  return type === 'integer' || type === 'number' || type === 'boolean' || type === 'string' ? type : undefined;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((part, index) => {
    const last = index === path.length - 1;
    const key: string | number = Array.isArray(node) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    container[key] ??= /^\d+$/.test(path[index + 1] as string) ? [] : {};
    node = container[key] as Record<string, unknown> | unknown[];
  });
}

function cellValue(text: string, kind: JsonKind | undefined, where: string, field: string): unknown {
  if (kind === 'integer' || kind === 'number') {
    if (!/^-?\d{1,15}$/.test(text)) fail(where, field, `"${text}" is not a whole number`);
    return Number(text);
  }
  if (kind === 'boolean') {
    if (text !== 'true' && text !== 'false') fail(where, field, `"${text}" is not true or false`);
    return text === 'true';
  }
  return text;
}

export const csvImporter: Importer = {
  describe: 'commands, one per row: id, type and the fields (value.amount, lines.0.quantity, …)',
  async *read(files) {
    for (const file of files) {
      let header: readonly string[] | undefined;
      for await (const record of csvRecords(file)) {
        if (!header) {
          header = record.cells.map((cell) => cell.trim());
          const missing = ['id', 'type'].filter((name) => !header?.includes(name));
          if (missing.length > 0) fail(`${file}:${record.line}`, missing.join(', '), 'the header needs the columns id and type');
          continue;
        }
        const typeColumn = header.indexOf('type');
        const type = (record.cells[typeColumn] ?? '').trim();
        const schema = fieldKinds.get(type);
        if (!schema) fail(`${file}:${record.line}:${typeColumn + 1}`, 'type', `"${type}" is not a command type`);
        const input: Record<string, unknown> = {};
        record.cells.forEach((raw, column) => {
          const name = header?.[column] ?? '';
          const text = raw.trim();
          if (text === '' || name === '') return;
          const path = name.split('.');
          const where = `${file}:${record.line}:${column + 1}`;
          const kind = path[0] === 'provenance' || path[0] === 'id' ? 'string' : kindAt(schema, path);
          setPath(input, path, cellValue(text, kind, where, name));
        });
        input.provenance ??= provenanceOf(csvDataset, file, `line ${record.line}`);
        yield located(`${file}:${record.line}`, () => parseCommand(input));
      }
      if (!header) throw new DomainError('VALIDATION_FAILED', `${file}: empty; expected a header with id, type and the command's fields`);
    }
  },
};

/** Above this size a JSON array is refused: JSON Lines stream in constant memory instead. */
const jsonArrayBytesMax = 256 * 1024 * 1024;

export const jsonImporter: Importer = {
  describe: 'commands as a JSON array, or one per line (JSON Lines)',
  async *read(files) {
    for (const file of files) {
      const first = await firstCharacter(file);
      if (first === '[') {
        const { size } = await stat(file);
        if (size > jsonArrayBytesMax) fail(file, 'file', `a JSON array of ${size} bytes is over ${jsonArrayBytesMax}; write one command per line (JSON Lines) to stream it`);
        let commands: unknown;
        try {
          commands = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          fail(file, 'file', `not valid JSON (${(error as Error).message})`);
        }
        const list = commands as unknown[];
        for (let index = 0; index < list.length; index += 1) yield command(list[index], file, `[${index}]`);
        continue;
      }
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      let number = 0;
      for await (const text of lines) {
        number += 1;
        if (text.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          fail(`${file}:${number}`, 'line', `not valid JSON (${(error as Error).message})`);
        }
        yield command(value, file, `line ${number}`, `${file}:${number}`);
      }
    }
  },
};

function command(value: unknown, file: string, locator: string, where = `${file} ${locator}`) {
  const input = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : value;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) (input as Record<string, unknown>).provenance ??= provenanceOf(jsonDataset, file, locator);
  return located(where, () => parseCommand(input));
}

async function firstCharacter(file: string): Promise<string> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 })) {
    const text = (chunk as string).replace(/^\uFEFF/, '').trimStart();
    if (text !== '') return text[0] as string;
  }
  return '';
}

/** A table by its key in `tables` or its SQL name: `contribution`, `package_line`, `packageLine`. */
export function tableNamed(name: string | undefined): TableName {
  const names = Object.keys(tables) as TableName[];
  const found = names.find((key) => key === name || tables[key].name === name);
  if (!found) {
    throw new DomainError('VALIDATION_FAILED', `table: ${name === undefined ? 'say which table to export' : `"${name}" is not a table`}; choose ${names.map((key) => tables[key].name).join(', ')}`, 'table');
  }
  return found;
}

/** Money as decimal strings in the row's currency; a row without a currency keeps its minor units. */
function plainRow(row: Row): Record<string, unknown> {
  if (typeof row.currency === 'string') return toJsonValue(row, row.currency) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? value.toString() : value]));
}

export const csvExporter: Exporter = {
  describe: 'one table of the ledger as CSV (--table NAME)',
  mediaType: 'text/csv; charset=utf-8',
  async write(ledger, out, options) {
    const table = tableNamed(options.table);
    const rows = await ledger.readTable(table);
    const types: Readonly<Record<string, string>> = tables[table].columns;
    const decimal = 'currency' in types;
    const columns = Object.keys(types).map((column) => (decimal && types[column] === 'money' ? column.slice(0, -'Minor'.length) : column));
    await out(csvLine(columns));
    for (const row of rows) {
      const plain = plainRow(row);
      await out(csvLine(columns.map((column) => plain[column])));
    }
  },
};

export const jsonExporter: Exporter = {
  describe: 'every table of the ledger as one JSON document',
  mediaType: 'application/json',
  async write(ledger, out, options) {
    const names = options.table === undefined ? (Object.keys(tables) as TableName[]) : [tableNamed(options.table)];
    await out('{"tables":{');
    for (const [index, name] of names.entries()) {
      await out(`${index === 0 ? '' : ','}\n${JSON.stringify(tables[name].name)}:[`);
      const rows = await ledger.readTable(name);
      for (const [rowIndex, row] of rows.entries()) await out(`${rowIndex === 0 ? '' : ','}\n${JSON.stringify(plainRow(row))}`);
      await out(']');
    }
    await out('\n}}\n');
  },
};
