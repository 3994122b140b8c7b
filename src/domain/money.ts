import currencyCodes from 'currency-codes';
import { DomainError, assert } from './errors.js';

/**
 * Money is an integer number of minor units (cents, øre) with its ISO 4217 currency.
 * It is never a floating-point number: amounts travel as decimal strings and live as bigint.
 */
export type Currency = string & { readonly __brand: 'Currency' };
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: Currency;
}

/** Largest amount accepted anywhere: 10^15 major units, far above any aid budget. */
export const amountMajorMax = 10n ** 15n;

/** ISO 4217 codes that are not money a donor pays: precious metals, funds units, testing, "no currency". */
const notMoney = new Set(['XAU', 'XAG', 'XPT', 'XPD', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX']);

const digitsCache = new Map<string, number>();

/** Minor-unit exponent of an ISO 4217 currency, e.g. EUR → 2, JPY → 0. */
export function currencyDigits(code: string): number {
  const cached = digitsCache.get(code);
  if (cached !== undefined) return cached;
  const entry = /^[A-Z]{3}$/.test(code) && !notMoney.has(code) ? currencyCodes.code(code) : undefined;
  if (!entry) throw new DomainError('CURRENCY_UNKNOWN', `unknown ISO 4217 currency "${code}"`);
  digitsCache.set(code, entry.digits);
  return entry.digits;
}

/** Checks and brands a currency code: `asCurrency('EUR')`. */
export function asCurrency(code: string): Currency {
  currencyDigits(code);
  return code as Currency;
}

const decimalPattern = /^(-?)(\d{1,20})(?:\.(\d{1,8}))?$/;

/**
 * Parses a decimal string in major units into minor units: `parseAmount('12.50', 'EUR')` → 1250n.
 * Rejects more decimals than the currency has, exponents, and anything that is not plain digits.
 */
export function parseAmount(text: string, currency: string, path = 'amount'): bigint {
  const digits = currencyDigits(currency);
  const match = decimalPattern.exec(text);
  if (!match) throw new DomainError('VALIDATION_FAILED', `${path}: "${text}" is not a decimal amount such as "1250.00"`, path);
  const [, sign, whole = '', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) {
    throw new DomainError('AMOUNT_PRECISION', `${path}: ${currency} has ${digits} decimal places, "${text}" has more`, path);
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(trimmed.padEnd(digits, '0') || '0');
  if (BigInt(whole) >= amountMajorMax) {
    throw new DomainError('AMOUNT_TOO_LARGE', `${path}: ${text} ${currency} is above the limit of ${amountMajorMax} major units`, path);
  }
  return sign === '-' ? -minor : minor;
}

/** Formats minor units as a decimal string in major units: `formatAmount(1250n, 'EUR')` → "12.50". */
export function formatAmount(amountMinor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const scale = 10n ** BigInt(digits);
  const fraction = (abs % scale).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${abs / scale}.${fraction}`;
}

/** Adds thousands separators for people: "1234567.50" → "1,234,567.50". */
export function groupThousands(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

export function money(amountMinor: bigint, currency: Currency): Money {
  return { amountMinor, currency };
}

/** Divides with rounding half to even (banker's rounding), the rule for every derived amount. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  assert(denominator !== 0n, 'division by zero');
  if (denominator < 0n) return divRound(-numerator, -denominator);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < denominator) return quotient;
  const away = numerator < 0n ? quotient - 1n : quotient + 1n;
  if (twice > denominator) return away;
  return quotient % 2n === 0n ? quotient : away;
}

/** A positive exact decimal ratio, such as an exchange rate "1.0825": value = units / 10^scale. */
export interface Ratio {
  readonly units: bigint;
  readonly scale: number;
}

const ratioPattern = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** Parses an exchange rate written as a decimal string: `parseRatio('1.0825')`. */
export function parseRatio(text: string, path = 'rate'): Ratio {
  const match = ratioPattern.exec(text);
  if (!match) throw new DomainError('VALIDATION_FAILED', `${path}: "${text}" is not a positive decimal such as "1.0825"`, path);
  const [, whole = '', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  if (units === 0n) throw new DomainError('AMOUNT_NOT_POSITIVE', `${path}: a rate must be above zero`, path);
  return { units, scale: fraction.length };
}

export function formatRatio(ratio: Ratio): string {
  if (ratio.scale === 0) return ratio.units.toString();
  const text = ratio.units.toString().padStart(ratio.scale + 1, '0');
  return `${text.slice(0, -ratio.scale)}.${text.slice(-ratio.scale)}`;
}

/**
 * Converts minor units between currencies with a rate meaning "1 `from` = rate `to`",
 * adjusting for the two currencies' minor-unit exponents and rounding half to even.
 */
export function convertMinor(amountMinor: bigint, from: string, to: string, rate: Ratio): bigint {
  const shift = currencyDigits(to) - currencyDigits(from);
  let numerator = amountMinor * rate.units;
  let denominator = 10n ** BigInt(rate.scale);
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return divRound(numerator, denominator);
}

/** Same conversion with the rate read the other way round: "1 `to` = rate `from`". */
export function convertMinorInverse(amountMinor: bigint, from: string, to: string, rate: Ratio): bigint {
  const shift = currencyDigits(to) - currencyDigits(from);
  let numerator = amountMinor * 10n ** BigInt(rate.scale);
  let denominator = rate.units;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return divRound(numerator, denominator);
}

/** A share as a percentage string with two decimals, computed exactly: `percent(2n, 100n)` → "2.00". */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.00';
  const basisPoints = divRound(part * 10000n, whole);
  const negative = basisPoints < 0n;
  const abs = negative ? -basisPoints : basisPoints;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
