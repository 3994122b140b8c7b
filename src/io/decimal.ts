import { DomainError } from '../domain/errors.js';
import { currencyDigits, divRound } from '../domain/money.js';

/**
 * Exact decimal arithmetic for every file format: a number text becomes digits and a power of
 * ten as bigint, never a floating-point number. Rounding, where a format rounds at all, is half
 * to even and explicit.
 */
export interface Decimal {
  /** value = units / 10^scale */
  readonly units: bigint;
  /** Decimals after the point, never negative. */
  readonly scale: number;
}

/** Largest power of ten an exponent may write ("1e40"); beyond it a number is out of range. */
export const exponentMax = 40;

const numberPattern = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * A number text as a Decimal: an optional sign, digits, an optional point and digits, an
 * optional exponent ("-12.50", "5e-06", "1.2E+3"). Nothing else is a number here: no spaces,
 * no thousands separators, no ".5" or "5.", no hexadecimal. Undefined when the text is not one,
 * or its exponent is beyond ±`exponentMax`. The scale is as written: "1.50" → {150, 2}.
 */
export function readDecimal(text: string): Decimal | undefined {
  const match = numberPattern.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number.parseInt(exponentText, 10);
  if (!(Math.abs(exponent) <= exponentMax)) return undefined;
  const units = BigInt(whole + fraction);
  return shift({ units: sign === '-' ? -units : units, scale: fraction.length }, exponent);
}

/** The value × 10^`places` ("€ billion → euros" is `shift(value, 9)`, "€ → € billion" `shift(value, -9)`). Exact. */
export function shift(value: Decimal, places: number): Decimal {
  const scale = value.scale - places;
  return scale >= 0 ? { units: value.units, scale } : { units: value.units * 10n ** BigInt(-scale), scale: 0 };
}

/** The same value with no trailing zeros in its fraction: {1500, 3} → {15, 1}. */
export function normalize(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/**
 * The value rounded half to even to at most `places` decimals. A value with `places` decimals
 * or fewer is returned as it is; a longer one gets exactly `places` ("2.003724285" → "2.0037").
 */
export function roundHalfEven(value: Decimal, places: number): Decimal {
  if (value.scale <= places) return value;
  return { units: divRound(value.units, 10n ** BigInt(value.scale - places)), scale: places };
}

/** Decimal text with exactly `scale` decimals: {20037, 4} → "2.0037", {-5, 1} → "-0.5". */
export function decimalText(value: Decimal): string {
  const negative = value.units < 0n;
  const sign = negative ? '-' : '';
  const digits = (negative ? -value.units : value.units).toString();
  if (value.scale === 0) return `${sign}${digits}`;
  const padded = digits.padStart(value.scale + 1, '0');
  return `${sign}${padded.slice(0, -value.scale)}.${padded.slice(-value.scale)}`;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** a × b, exactly. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** 1 / value with `places` decimals, rounded half to even; undefined for zero. */
export function reciprocal(value: Decimal, places: number): Decimal | undefined {
  if (value.units === 0n) return undefined;
  return { units: divRound(10n ** BigInt(places + value.scale), value.units), scale: places };
}

export interface ToMinorOptions {
  /**
   * What to do with a value finer than the currency's minor unit: round it half to even, or
   * refuse it (AMOUNT_PRECISION), for a published figure that must not be changed.
   */
  readonly rounding: 'half-even' | 'refuse';
}

/** The value in minor units of `currency` (its ISO 4217 digits): {1250, 2} EUR → 1250n, JPY → 13n. */
export function toMinor(value: Decimal, currency: string, options: ToMinorOptions): bigint {
  const digits = currencyDigits(currency);
  const rounded = roundHalfEven(value, digits);
  if (options.rounding === 'refuse' && compare(rounded, value) !== 0) {
    throw new DomainError('AMOUNT_PRECISION', `${currency} has ${digits} decimal places, "${decimalText(normalize(value))}" has more`);
  }
  return rounded.units * 10n ** BigInt(digits - rounded.scale);
}
