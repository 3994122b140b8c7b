import { formatAmount } from '../domain/money.js';

/**
 * The wire form of read results, shared by the CLI's --json, the HTTP API and the web client:
 * every bigint `…Minor` field becomes an exact decimal string under the name without `Minor`
 * (`valueMinor: 50000000n` in EUR → `value: "500000.00"`), in the row's own `currency` or the
 * nearest enclosing one.
 */

export function toJsonValue(value: unknown, currency: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, currency));
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const rowCurrency = typeof record.currency === 'string' ? record.currency : currency;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (key.endsWith('Minor') && typeof item === 'bigint') out[key.slice(0, -'Minor'.length)] = formatAmount(item, rowCurrency);
    else if (key.endsWith('Minor') && item === null) out[key.slice(0, -'Minor'.length)] = null;
    else out[key] = toJsonValue(item, rowCurrency);
  }
  return out;
}

export function toJson(value: unknown, currency = 'EUR'): string {
  return JSON.stringify(toJsonValue(value, currency), null, 2);
}

