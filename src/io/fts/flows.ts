import { open, readFile } from 'node:fs/promises';
import { DomainError } from '../../domain/errors.js';
import { currencyDigits } from '../../domain/money.js';
import { csvRecords } from '../csv/records.js';
import { readDecimal, type Decimal } from '../decimal.js';
import { isDict, LiteralError, LiteralNumber, parseJsonDocument, parseLiteral, type LiteralValue } from '../literal.js';

/**
 * FTS flows as they come, from either of the two shapes FTS publishes: the CSV of a grouped
 * API download (one flow per row; the list columns in Python's repr) or the JSON of the API
 * (`{"data": {"flows": [...]}}` from api.hpc.tools/v1/public/fts/flow, the same field names,
 * lists as JSON arrays). The file tells which: a JSON document starts with "{". Every field is
 * checked here, and a bad one is a DomainError naming file, place and field.
 */

export const ftsColumns = [
  'id', 'amountUSD', 'fullParkedAmountUSD', 'budgetYear', 'childFlowIds', 'contributionType', 'createdAt', 'date', 'decisionDate',
  'description', 'grandBargainEarmarkingType', 'exchangeRate', 'firstReportedDate', 'flowType', 'keywords', 'newMoney',
  'originalAmount', 'originalCurrency', 'method', 'parentFlowId', 'status', 'updatedAt', 'versionId', 'sourceObjects',
  'destinationObjects', 'boundary', 'onBoundary', 'reportDetails', 'refCode',
] as const;

const requiredColumns = ['id', 'amountUSD', 'status', 'date', 'sourceObjects', 'destinationObjects'] as const;

export const ftsStatuses = ['pledge', 'commitment', 'paid'] as const;
export type FtsStatus = (typeof ftsStatuses)[number];

/** One object of a flow's sourceObjects or destinationObjects. */
export interface FlowObject {
  readonly type: string;
  readonly id: string | undefined;
  readonly name: string;
  readonly organizationTypes: readonly string[];
  readonly organizationSubTypes: readonly string[];
}

export interface Flow {
  /** Prefix of an error about the whole flow: "file.csv:12" or "file.json data.flows[3]". */
  readonly where: string;
  /** Where a field of the flow is: "file.csv:12:5" or "file.json data.flows[3].status". */
  readonly at: (field: string) => string;
  /** For the provenance: "line 12" or "data.flows[3]". */
  readonly locator: string;
  /** An error message about a field: "file.csv:12:5 status: …" or "file.json data.flows[3].status: …". */
  readonly say: (field: string, reason: string) => string;
  /** Throws a DomainError with `say`'s message. */
  readonly bad: (field: string, reason: string) => never;
  readonly id: string;
  readonly versionId: number;
  readonly amountUSD: Decimal | undefined;
  readonly originalAmount: Decimal | undefined;
  readonly originalCurrency: string | undefined;
  /** Units of the original currency per US dollar, as FTS reports it. */
  readonly exchangeRate: Decimal | undefined;
  readonly exchangeRateText: string | undefined;
  readonly status: FtsStatus;
  readonly flowType: string;
  readonly inKind: boolean;
  /** yyyy-mm-dd */
  readonly date: string;
  readonly description: string;
  readonly parentFlowId: string | undefined;
  readonly childFlowIds: readonly string[];
  readonly sourceObjects: readonly FlowObject[];
  readonly destinationObjects: readonly FlowObject[];
}

/** A field of one flow before it is checked: a CSV cell's text, or a JSON value. */
interface RawFlow {
  readonly where: string;
  readonly locator: string;
  at(field: string): string;
  say(field: string, reason: string): string;
  bad(field: string, reason: string): never;
  /** The field as text (a number keeps its source text); undefined when absent or empty. */
  text(field: string): string | undefined;
  /** The field as a list; undefined when absent or empty. */
  list(field: string): readonly LiteralValue[] | undefined;
}

/** Every flow of a file, in file order; CSV files are streamed, a JSON document is read whole. */
export async function* readFlows(file: string): AsyncGenerator<Flow> {
  for await (const raw of (await isJson(file)) ? jsonFlows(file) : csvFlows(file)) yield checkFlow(raw);
}

async function isJson(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `${file}: no such file`);
    throw error;
  }
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('{');
  } finally {
    await handle.close();
  }
}

async function* csvFlows(file: string): AsyncGenerator<RawFlow> {
  let header: Map<string, number> | undefined;
  for await (const record of csvRecords(file)) {
    if (!header) {
      header = new Map(record.cells.map((name, index) => [name.trim(), index]));
      const missing = requiredColumns.filter((name) => !header?.has(name));
      if (missing.length > 0) {
        throw new DomainError('VALIDATION_FAILED', `${file}:${record.line}: not an FTS flow file: no column ${missing.map((name) => `"${name}"`).join(', ')} (expected the FTS API's columns id, amountUSD, status, date, sourceObjects, destinationObjects, …)`);
      }
      continue;
    }
    const columns = header;
    const { line, cells } = record;
    const at = (field: string) => `${file}:${line}:${(columns.get(field) ?? -1) + 1}`;
    const cell = (field: string) => {
      const index = columns.get(field);
      const value = index === undefined ? '' : (cells[index] ?? '');
      return value.trim() === '' ? undefined : value;
    };
    const say = (field: string, reason: string) => `${at(field)} ${field}: ${reason}`;
    const bad = (field: string, reason: string): never => {
      throw new DomainError('VALIDATION_FAILED', say(field, reason), field);
    };
    yield {
      where: `${file}:${line}`,
      locator: `line ${line}`,
      at,
      say,
      bad,
      text: (field) => cell(field)?.trim(),
      list: (field) => {
        const text = cell(field);
        if (text === undefined) return undefined;
        let value: LiteralValue;
        try {
          value = parseLiteral(text, 'python');
        } catch (error) {
          if (!(error instanceof LiteralError)) throw error;
          return bad(field, `not a valid Python literal at character ${error.offset + 1} of the cell: ${error.reason}`);
        }
        if (!Array.isArray(value)) bad(field, 'expected a list such as [...]');
        return value as readonly LiteralValue[];
      },
    };
  }
  if (!header) throw new DomainError('VALIDATION_FAILED', `${file}: empty; expected an FTS flow file (CSV with a header, or the API's JSON)`);
}

async function* jsonFlows(file: string): AsyncGenerator<RawFlow> {
  const document = parseJsonDocument(await readFile(file, 'utf8'), file);
  const data = isDict(document) ? document.data : undefined;
  const flows = isDict(data) ? data.flows : undefined;
  if (!Array.isArray(flows)) throw new DomainError('VALIDATION_FAILED', `${file} data.flows: expected the FTS API layout {"data": {"flows": [...]}}`, 'data.flows');
  for (const [index, flow] of flows.entries()) {
    const path = `data.flows[${index}]`;
    if (!isDict(flow)) throw new DomainError('VALIDATION_FAILED', `${file} ${path}: expected an object (one flow)`, path);
    const at = (field: string) => `${file} ${path}.${field}`;
    const say = (field: string, reason: string) => `${at(field)}: ${reason}`;
    const bad = (field: string, reason: string): never => {
      throw new DomainError('VALIDATION_FAILED', say(field, reason), field);
    };
    yield {
      where: `${file} ${path}`,
      locator: path,
      at,
      say,
      bad,
      text: (field) => {
        const value = flow[field];
        if (value === undefined || value === null) return undefined;
        if (value instanceof LiteralNumber) return value.text;
        if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
        if (typeof value === 'boolean') return value ? 'True' : 'False';
        return bad(field, 'expected a string or a number');
      },
      list: (field) => {
        const value = flow[field];
        if (value === undefined || value === null) return undefined;
        if (!Array.isArray(value)) bad(field, 'expected a list');
        return value as readonly LiteralValue[];
      },
    };
  }
}

/** "231190", "231190.0" (pandas writes ids of a column with gaps as floats) → "231190". */
function flowId(raw: Pick<RawFlow, 'bad'>, text: string, field: string): string {
  const match = /^0*([1-9]\d{0,17})(?:\.0+)?$/.exec(text);
  if (!match) raw.bad(field, `"${text}" is not an FTS flow id (a positive whole number)`);
  return match[1] as string;
}

function checkFlow(raw: RawFlow): Flow {
  const { at } = raw;
  const idText = raw.text('id');
  if (idText === undefined) raw.bad('id', 'missing');
  const id = flowId(raw, idText, 'id');

  const versionText = raw.text('versionId');
  const versionId = versionText === undefined ? 1 : Number.parseInt(flowId(raw, versionText, 'versionId'), 10);

  const amount = (field: string): Decimal | undefined => {
    const text = raw.text(field);
    if (text === undefined) return undefined;
    // FTS writes amounts unsigned, as Python floats ("2221403.0", "1.5e7").
    const value = /^\d/.test(text) ? readDecimal(text) : undefined;
    if (!value) raw.bad(field, `"${text}" is not an amount (a number such as 2221403.0, not negative)`);
    return value;
  };
  const amountUSD = amount('amountUSD');
  const originalAmount = amount('originalAmount');
  const originalCurrency = raw.text('originalCurrency');
  if (originalCurrency !== undefined) {
    try {
      currencyDigits(originalCurrency);
    } catch {
      raw.bad('originalCurrency', `"${originalCurrency}" is not an ISO 4217 currency code`);
    }
  }
  if (originalAmount !== undefined && originalCurrency === undefined && originalAmount.units !== 0n) {
    raw.bad('originalCurrency', `missing for originalAmount ${raw.text('originalAmount')}`);
  }
  if (amountUSD === undefined && originalAmount === undefined) raw.bad('amountUSD', 'missing, and there is no originalAmount either');

  const exchangeRateText = raw.text('exchangeRate');
  const exchangeRate = amount('exchangeRate');
  if (exchangeRate?.units === 0n) raw.bad('exchangeRate', 'is 0; a rate must be above zero');

  const statusText = raw.text('status');
  if (!ftsStatuses.includes(statusText as FtsStatus)) raw.bad('status', `${statusText === undefined ? 'missing' : `unknown status "${statusText}"`}; expected pledge, commitment or paid`);

  const contributionType = raw.text('contributionType') ?? 'financial';
  if (contributionType !== 'financial' && contributionType !== 'in kind') raw.bad('contributionType', `unknown type "${contributionType}"; expected financial or in kind`);

  const dateText = raw.text('date');
  const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(dateText ?? '')?.[1];
  if (date === undefined) raw.bad('date', `${dateText === undefined ? 'missing' : `"${dateText}" is not a date such as 2020-12-07T00:00:00Z`}`);

  const parentText = raw.text('parentFlowId');
  const childList = raw.list('childFlowIds') ?? [];
  const childFlowIds = childList.map((child) => {
    const text = child instanceof LiteralNumber ? child.text : typeof child === 'string' ? child : undefined;
    return text === undefined ? raw.bad('childFlowIds', 'expected a list of flow ids') : flowId(raw, text, 'childFlowIds');
  });

  return {
    where: raw.where,
    at,
    say: raw.say,
    bad: raw.bad,
    locator: raw.locator,
    id,
    versionId,
    amountUSD,
    originalAmount,
    originalCurrency,
    exchangeRate,
    exchangeRateText,
    status: statusText as FtsStatus,
    flowType: raw.text('flowType') ?? 'Standard',
    inKind: contributionType === 'in kind',
    date,
    description: (raw.text('description') ?? '').trim(),
    parentFlowId: parentText === undefined ? undefined : flowId(raw, parentText, 'parentFlowId'),
    childFlowIds,
    sourceObjects: flowObjects(raw, 'sourceObjects'),
    destinationObjects: flowObjects(raw, 'destinationObjects'),
  };
}

function flowObjects(raw: RawFlow, field: string): FlowObject[] {
    return (raw.list(field) ?? []).map((item, index) => {
    if (!isDict(item)) raw.bad(field, `item ${index + 1} is not a dict`);
    const text = (key: string, required: boolean): string | undefined => {
      const value = item[key];
      if (value === undefined || value === null) return required ? raw.bad(field, `item ${index + 1} has no "${key}"`) : undefined;
      if (value instanceof LiteralNumber) return value.text;
      if (typeof value !== 'string') return raw.bad(field, `item ${index + 1}: "${key}" is not a string`);
      return value.trim();
    };
    const strings = (key: string): string[] => {
      const value = item[key];
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
        return raw.bad(field, `item ${index + 1}: "${key}" is not a list of strings`);
      }
      return value as string[];
    };
    return {
      type: text('type', true) as string,
      id: text('id', false),
      name: text('name', true) as string,
      organizationTypes: strings('organizationTypes'),
      organizationSubTypes: strings('organizationSubTypes'),
    };
  });
}
