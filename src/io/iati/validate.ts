import { fail } from '../format.js';
import { child, childrenNamed, placeOf, type XNode } from './xml.js';

/**
 * The structural rules of the IATI 2.03 activity schema that a reader must hold a file to
 * (checked in code, element by element, so that an error names the XPath and line): the order
 * and number of an activity's elements, and of those of its transactions, budgets and planned
 * disbursements; decimal values; ISO dates; required attributes. Elements of other namespaces
 * (extensions, `prefix:name`) are allowed anywhere, as in the schema.
 */

type Occurs = readonly [name: string, min: number, max: number];
const many = Number.POSITIVE_INFINITY;

export const activitySequence: readonly Occurs[] = [
  ['iati-identifier', 1, 1],
  ['reporting-org', 1, 1],
  ['title', 1, 1],
  ['description', 1, many],
  ['participating-org', 1, many],
  ['other-identifier', 0, many],
  ['activity-status', 1, 1],
  ['activity-date', 1, many],
  ['contact-info', 0, many],
  ['activity-scope', 0, 1],
  ['recipient-country', 0, many],
  ['recipient-region', 0, many],
  ['location', 0, many],
  ['sector', 0, many],
  ['tag', 0, many],
  ['country-budget-items', 0, 1],
  ['humanitarian-scope', 0, many],
  ['policy-marker', 0, many],
  ['collaboration-type', 0, 1],
  ['default-flow-type', 0, 1],
  ['default-finance-type', 0, 1],
  ['default-aid-type', 0, many],
  ['default-tied-status', 0, 1],
  ['budget', 0, many],
  ['planned-disbursement', 0, many],
  ['capital-spend', 0, 1],
  ['transaction', 0, many],
  ['document-link', 0, many],
  ['related-activity', 0, many],
  ['legacy-data', 0, many],
  ['conditions', 0, 1],
  ['result', 0, many],
  ['crs-add', 0, 1],
  ['fss', 0, 1],
];

export const transactionSequence: readonly Occurs[] = [
  ['transaction-type', 1, 1],
  ['transaction-date', 1, 1],
  ['value', 1, 1],
  ['description', 0, 1],
  ['provider-org', 0, 1],
  ['receiver-org', 0, 1],
  ['disbursement-channel', 0, 1],
  ['sector', 0, many],
  ['recipient-country', 0, 1],
  ['recipient-region', 0, 1],
  ['flow-type', 0, 1],
  ['finance-type', 0, 1],
  ['aid-type', 0, many],
  ['tied-status', 0, 1],
];

const budgetSequence: readonly Occurs[] = [
  ['period-start', 1, 1],
  ['period-end', 1, 1],
  ['value', 1, 1],
];

const plannedDisbursementSequence: readonly Occurs[] = [
  ['period-start', 1, 1],
  ['period-end', 0, 1],
  ['value', 1, 1],
  ['provider-org', 0, 1],
  ['receiver-org', 0, 1],
];

const foreign = (node: XNode) => node.name.includes(':');

/** Checks that the children of `node` follow `sequence` (names in order, each within its bounds). */
function checkSequence(file: string, node: XNode, sequence: readonly Occurs[]): void {
  const own = node.children.filter((item) => !foreign(item));
  let at = 0;
  for (const [name, min, max] of sequence) {
    let count = 0;
    while (at < own.length && own[at]?.name === name) {
      count += 1;
      at += 1;
    }
    if (count < min) {
      const next = own[at];
      const where = next ? placeOf(file, next) : placeOf(file, node);
      fail(where, name, `missing; ${node.name} needs ${min === 1 && max === 1 ? 'exactly one' : `at least ${min}`} ${name}${next ? ` before <${next.name}>` : ''}`);
    }
    if (count > max) {
      const extra = childrenNamed(node, name)[max] as XNode;
      fail(placeOf(file, extra), name, `${node.name} has at most ${max} ${name}, this is number ${max + 1}`);
    }
  }
  const stray = own[at];
  if (stray) {
    const known = sequence.some(([name]) => name === stray.name);
    fail(
      placeOf(file, stray),
      stray.name,
      known ? `out of order: the IATI 2.03 schema puts ${stray.name} before <${own[at - 1]?.name ?? node.name}> in ${node.name}` : `not an element of ${node.name} in IATI 2.03 (extensions need their own namespace)`,
    );
  }
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** True for an xs:date with a real calendar day (2024-02-30 is not one). */
export function isDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** xs:decimal: optional sign, digits, optional fraction; no exponent, no grouping. */
export const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function required(file: string, node: XNode, attribute: string): string {
  const value = node.attrs[attribute];
  if (value === undefined) fail(placeOf(file, node, `/@${attribute}`), `${node.name}/@${attribute}`, 'missing; the IATI 2.03 schema requires it');
  return value;
}

function checkDate(file: string, node: XNode, attribute: string): void {
  const value = node.attrs[attribute];
  if (value !== undefined && !isDate(value)) fail(placeOf(file, node, `/@${attribute}`), `${node.name}/@${attribute}`, `"${value}" is not a date such as 2024-03-31`);
}

function checkValue(file: string, value: XNode): void {
  if (!decimalPattern.test(value.text)) fail(placeOf(file, value), 'value', `"${value.text}" is not a decimal number such as 1250.50`);
  required(file, value, 'value-date');
  checkDate(file, value, 'value-date');
}

function checkPeriods(file: string, node: XNode): void {
  for (const name of ['period-start', 'period-end']) {
    const period = child(node, name);
    if (period) {
      required(file, period, 'iso-date');
      checkDate(file, period, 'iso-date');
    }
  }
}

/** Every structural rule for one activity; throws a located DomainError at the first broken one. */
export function checkActivity(file: string, activity: XNode): void {
  if (activity.children.length === 0) fail(placeOf(file, activity), 'iati-activity', 'empty; an activity has at least an iati-identifier, a reporting-org and a title');
  const hierarchy = activity.attrs.hierarchy;
  if (hierarchy !== undefined && !/^[+-]?\d+$/.test(hierarchy.trim())) {
    fail(placeOf(file, activity, '/@hierarchy'), 'iati-activity/@hierarchy', `"${hierarchy}" is not an integer`);
  }
  checkSequence(file, activity, activitySequence);
  const reporting = child(activity, 'reporting-org') as XNode;
  required(file, reporting, 'ref');
  required(file, reporting, 'type');
  for (const org of childrenNamed(activity, 'participating-org')) required(file, org, 'role');
  for (const status of childrenNamed(activity, 'activity-status')) required(file, status, 'code');
  for (const date of childrenNamed(activity, 'activity-date')) {
    required(file, date, 'type');
    required(file, date, 'iso-date');
    checkDate(file, date, 'iso-date');
  }
  for (const country of childrenNamed(activity, 'recipient-country')) required(file, country, 'code');
  for (const sector of childrenNamed(activity, 'sector')) required(file, sector, 'code');
  for (const budget of childrenNamed(activity, 'budget')) {
    checkSequence(file, budget, budgetSequence);
    checkPeriods(file, budget);
    checkValue(file, child(budget, 'value') as XNode);
  }
  for (const planned of childrenNamed(activity, 'planned-disbursement')) {
    checkSequence(file, planned, plannedDisbursementSequence);
    checkPeriods(file, planned);
    checkValue(file, child(planned, 'value') as XNode);
  }
  for (const transaction of childrenNamed(activity, 'transaction')) {
    checkSequence(file, transaction, transactionSequence);
    required(file, child(transaction, 'transaction-type') as XNode, 'code');
    const date = child(transaction, 'transaction-date') as XNode;
    required(file, date, 'iso-date');
    checkDate(file, date, 'iso-date');
    checkValue(file, child(transaction, 'value') as XNode);
    for (const sector of childrenNamed(transaction, 'sector')) required(file, sector, 'code');
    const country = child(transaction, 'recipient-country');
    if (country) required(file, country, 'code');
  }
}
